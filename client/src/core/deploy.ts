/**
 * The deploy loop of juju-deploy.md §2 as a state machine: check the model, pack the rock
 * if stale, push it, pack the charm if stale, then `juju deploy` the first time or
 * `juju refresh` when the application exists, and watch `juju status` until it settles.
 */
import * as path from 'path';
import * as cl from './commandLines';
import { packProject, pushRock, queryStatus, runJuju, type CraftContext, type PackResult } from './craft';
import { settledState, statusMessage, type AppView, type JujuErrorKind } from './juju';
import { appNameProblem } from './names';
import { findArtifacts, isStale, pickForHost, rockArtifactNames, type Project } from './project';

export type DeployState = 'idle' | 'checking' | 'packing' | 'pushing' | 'deploying' | 'waiting' | 'active' | 'blocked' | 'error';

/** `ifStale`: pack only when the artifact is missing or older than the sources. */
export type PackMode = 'ifStale' | 'always' | 'never';

export interface DeployOptions {
  registry: string;
  model?: string;
  /** Defaults to the charm name. */
  appName?: string;
  packMode: PackMode;
  /** How long to watch `juju status` after deploying; 0 stops right after the command. */
  waitTimeoutMs: number;
  pollIntervalMs: number;
  /** Debian architecture whose artifacts to deploy (defaults to this machine's). */
  arch?: string;
}

export interface DeployResult {
  ok: boolean;
  cancelled?: boolean;
  state: DeployState;
  action?: 'deploy' | 'refresh';
  app?: string;
  model?: string;
  image?: string;
  rock?: string;
  charm?: string;
  rockPacked?: boolean;
  charmPacked?: boolean;
  /** What went wrong, or the final status message. */
  message?: string;
  hint?: string;
  errorLines?: string[];
  jujuError?: JujuErrorKind;
  /** The pack that failed, so the caller can show its problems. */
  failedPack?: { kind: 'rock' | 'charm'; result: PackResult };
  appStatus?: AppView;
  finishedAt: number;
}

export interface DeploySnapshot {
  state: DeployState;
  step?: string;
  model?: string;
  app?: string;
  last?: DeployResult;
}

type Listener = (s: DeploySnapshot) => void;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Deployer {
  private snap: DeploySnapshot = { state: 'idle' };
  private readonly listeners = new Set<Listener>();
  private running = false;

  constructor(private readonly ctx: CraftContext) {}

  get busy(): boolean {
    return this.running;
  }

  snapshot(): DeploySnapshot {
    return { ...this.snap };
  }

  onDidChange(l: Listener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  /** Sets the model shown while idle (from the setting or a status refresh). */
  setModel(model: string | undefined): void {
    if (this.running || this.snap.model === model) return;
    this.update({ model });
  }

  private update(p: Partial<DeploySnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) {
      try {
        l(this.snapshot());
      } catch {
        // listeners must not break the flow
      }
    }
  }

  /** Runs the loop; `ctx` overrides the constructor's context (tool paths may have changed). */
  async deploy(project: Project, opts: DeployOptions, signal?: AbortSignal, ctx: CraftContext = this.ctx): Promise<DeployResult> {
    if (this.running) {
      return { ok: false, state: this.snap.state, message: 'A deploy is already running.', finishedAt: Date.now() };
    }
    this.running = true;
    try {
      const r = await this.flow(ctx, project, opts, signal);
      this.update({ state: r.state, step: undefined, last: r, model: r.model ?? this.snap.model, app: r.app ?? this.snap.app });
      return r;
    } finally {
      this.running = false;
    }
  }

  private async flow(ctx: CraftContext, project: Project, opts: DeployOptions, signal?: AbortSignal): Promise<DeployResult> {
    const fail = (message: string, extra: Partial<DeployResult> = {}): DeployResult => ({ ok: false, state: 'error', message, finishedAt: Date.now(), ...extra });
    const cancelled = (extra: Partial<DeployResult> = {}): DeployResult => ({ ok: false, cancelled: true, state: 'idle', message: 'Deploy cancelled.', finishedAt: Date.now(), ...extra });
    const { rock, charm } = project;
    if (!charm) return fail('No charmcraft.yaml found (expected in the charm/ folder). Run 12-Factor: Init first.');
    if (!charm.name) return fail(`${charm.file} has no name.`);
    if (rock && (!rock.name || !rock.version)) return fail(`${rock.file} needs a name and a version to tag the image.`);
    const app = opts.appName?.trim() || charm.name;
    const appProblem = appNameProblem(app);
    if (appProblem) return fail(appProblem);
    const arch = opts.arch;
    const result: Partial<DeployResult> = { app };

    this.update({ state: 'checking', step: 'Checking the Juju model', app });
    const pre = await queryStatus(ctx, charm.dir, opts.model, signal);
    if (pre.cancelled || signal?.aborted) return cancelled(result);
    if (!pre.ok || !pre.status) return fail(pre.error?.message ?? 'juju status failed.', { ...result, hint: pre.error?.hint, jujuError: pre.error?.kind, errorLines: pre.error ? [pre.error.detail] : undefined });
    result.model = pre.status.model.name ?? opts.model;
    this.update({ model: result.model });

    const resources: Record<string, string> = {};
    if (rock?.name && rock.version) {
      const expected = rockArtifactNames(rock).map((n) => path.join(rock.dir, n));
      let rockFile = pickForHost(findArtifacts(rock.dir, 'rock', rock.name, rock.version).filter((f) => expected.includes(f)), arch);
      const charmExclude = charm.dir !== rock.dir ? [charm.dir] : [];
      if (opts.packMode === 'always' || (opts.packMode === 'ifStale' && isStale(rockFile, rock.dir, charmExclude))) {
        this.update({ state: 'packing', step: `Packing the rock ${rock.name}` });
        const p = await packProject(ctx, 'rock', rock.dir, { signal, name: rock.name, version: rock.version });
        if (p.cancelled) return cancelled(result);
        if (!p.ok) return fail(p.busy ? `A pack is already running in ${rock.dir}.` : 'Packing the rock failed.', { ...result, errorLines: p.errorLines, failedPack: { kind: 'rock', result: p } });
        rockFile = pickForHost(p.artifacts, arch);
        result.rockPacked = true;
      }
      if (!rockFile) return fail(`No rock ${rockArtifactNames(rock).join(' or ')} found; pack it first.`, result);
      result.rock = rockFile;
      if (!charm.resourceName) return fail(`Cannot tell which OCI resource ${charm.file} declares for the app image.`, result);

      const image = cl.imageRef(opts.registry, rock.name, rock.version);
      this.update({ state: 'pushing', step: `Pushing ${image}` });
      const push = await pushRock(ctx, rockFile, image, opts.registry, signal);
      if (push.cancelled) return cancelled(result);
      if (!push.ok) {
        return fail(`Pushing the rock to ${opts.registry} failed.`, {
          ...result,
          errorLines: push.errorLines,
          hint: cl.isLocalRegistry(opts.registry) ? 'Is the MicroK8s registry enabled? `sudo microk8s enable registry`' : undefined,
        });
      }
      result.image = image;
      resources[charm.resourceName] = image;
    }

    let charmFile = pickForHost(
      findArtifacts(charm.dir, 'charm', charm.name).filter((f) => !charm.artifactNames.length || charm.artifactNames.includes(path.basename(f))),
      arch,
    );
    if (opts.packMode === 'always' || (opts.packMode === 'ifStale' && isStale(charmFile, charm.dir))) {
      this.update({ state: 'packing', step: `Packing the charm ${charm.name}` });
      const p = await packProject(ctx, 'charm', charm.dir, { signal, name: charm.name });
      if (p.cancelled) return cancelled(result);
      if (!p.ok) return fail(p.busy ? `A pack is already running in ${charm.dir}.` : 'Packing the charm failed.', { ...result, errorLines: p.errorLines, failedPack: { kind: 'charm', result: p } });
      charmFile = pickForHost(p.artifacts, arch);
      result.charmPacked = true;
    }
    if (!charmFile) return fail(`No ${charm.name}_*.charm found in ${charm.dir}; pack it first.`, result);
    result.charm = charmFile;

    this.update({ state: 'deploying', step: `Deploying ${app}` });
    const now = await queryStatus(ctx, charm.dir, opts.model, signal);
    if (now.cancelled || signal?.aborted) return cancelled(result);
    if (!now.ok || !now.status) return fail(now.error?.message ?? 'juju status failed.', { ...result, hint: now.error?.hint, jujuError: now.error?.kind });
    const exists = now.status.apps.some((a) => a.name === app);
    const charmPath = cl.localCharmPath(charmFile, charm.dir);
    const args = exists ? cl.jujuRefreshLocal(app, charmPath, resources, opts.model) : cl.jujuDeployLocal(charmPath, app, resources, opts.model);
    result.action = exists ? 'refresh' : 'deploy';
    const run = await runJuju(ctx, args, charm.dir, signal, { expectedResource: charm.resourceName, model: opts.model, app });
    if (run.cancelled) return cancelled(result);
    if (!run.ok) {
      return fail(run.error?.message ?? `juju ${result.action} failed.`, { ...result, hint: run.error?.hint, jujuError: run.error?.kind, errorLines: run.error ? [run.error.detail] : undefined });
    }

    // Watch the application until it settles (or the time is up).
    this.update({ state: 'waiting', step: `Waiting for ${app} to settle` });
    const deadline = Date.now() + opts.waitTimeoutMs;
    let last: AppView | undefined;
    for (let poll = 0; ; poll++) {
      // Only the first poll is echoed: the panel should not fill with status calls.
      const st = await queryStatus(ctx, charm.dir, opts.model, signal, poll === 0);
      if (st.cancelled || signal?.aborted) return cancelled(result);
      last = st.status?.apps.find((a) => a.name === app);
      const settled = last ? settledState(last) : 'waiting';
      if (last && settled !== 'waiting') {
        return { ...result, ok: settled !== 'error', state: settled, message: statusMessage(last) ?? settled, appStatus: last, finishedAt: Date.now() };
      }
      if (Date.now() + opts.pollIntervalMs > deadline) break;
      this.update({ step: `Waiting for ${app}: ${last ? (statusMessage(last) ?? last.status.current ?? 'waiting') : 'not in status yet'}` });
      await sleep(opts.pollIntervalMs, signal);
      if (signal?.aborted) return cancelled(result);
    }
    return { ...result, ok: true, state: 'waiting', message: last ? (statusMessage(last) ?? `still ${last.status.current ?? 'waiting'}`) : 'not in juju status yet', appStatus: last, finishedAt: Date.now() };
  }
}
