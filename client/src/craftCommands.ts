/** Init, Pack rock, Pack charm, Push rock and Deploy: the thin VS Code side of core/craft and core/deploy. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import * as cl from './core/commandLines';
import { packProject, planInit, pushRock, runInit, type InitResult, type PackResult, type PushResult } from './core/craft';
import type { DeployResult } from './core/deploy';
import { initNameProblem, isProfile, PROFILE_LABELS, PROFILES, suggestName, type Profile } from './core/names';
import { findArtifacts, loadProject, pickForHost, rockArtifactNames, type Project } from './core/project';
import type { ProjectArg } from './projects';
import { craftContext, ensureTrusted, reportError, type Services } from './services';

export interface InitArgs {
  folder?: string;
  profile?: Profile;
  name?: string;
  author?: string;
  /** Open the created files (default true). */
  open?: boolean;
}

export interface PushArgs {
  folder?: string;
  /** The .rock to push; default: the last packed one, else the newest for this machine. */
  rock?: string;
}

function argFolder(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { folder?: unknown }).folder === 'string') return (arg as { folder: string }).folder;
  return undefined;
}

async function pickInitFolder(arg: unknown): Promise<string | undefined> {
  const given = argFolder(arg);
  if (given) {
    try {
      // The explorer passes the clicked item; a file means "its folder".
      return fs.statSync(given).isDirectory() ? given : path.dirname(given);
    } catch {
      return given;
    }
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1) {
    const p = await vscode.window.showQuickPick(
      folders.map((f) => ({ label: f.name, description: f.uri.fsPath, dir: f.uri.fsPath })),
      { placeHolder: 'Folder to initialise as a 12-factor project' },
    );
    return p?.dir;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Initialise here' });
  return picked?.[0]?.fsPath;
}

export async function initCommand(s: Services, arg?: InitArgs | vscode.Uri): Promise<InitResult | undefined> {
  if (!ensureTrusted('Init')) return undefined;
  const args: InitArgs = arg instanceof vscode.Uri ? {} : (arg ?? {});
  const interactive = !(args.profile && args.name);
  const folder = await pickInitFolder(arg);
  if (!folder) return undefined;
  const plan = planInit(folder);
  if (plan.rockExists && plan.charmState === 'nonEmpty') {
    const msg = `${vscode.workspace.asRelativePath(folder)} already has rockcraft.yaml and a charm/ folder; Init never overwrites files.`;
    void vscode.window.showInformationMessage(msg);
    return { ok: false, created: [], skipped: [msg], error: msg };
  }
  let profile = args.profile;
  if (!profile) {
    const p = await vscode.window.showQuickPick(
      PROFILES.map((id) => ({ label: PROFILE_LABELS[id], description: id === 'simple' ? 'rockcraft simple + charmcraft kubernetes' : `${id}-framework`, id })),
      { placeHolder: 'Which kind of application?' },
    );
    if (!p) return undefined;
    profile = p.id;
  }
  if (!isProfile(profile)) {
    void vscode.window.showErrorMessage(`Unknown profile "${String(profile)}". Use one of: ${PROFILES.join(', ')}.`);
    return undefined;
  }
  const name = args.name ?? (await vscode.window.showInputBox({ prompt: 'Name of the rock and the charm', value: suggestName(path.basename(folder)), validateInput: (v) => initNameProblem(v) }));
  if (name === undefined) return undefined;
  const nameProblem = initNameProblem(name);
  if (nameProblem) {
    void vscode.window.showErrorMessage(nameProblem);
    return { ok: false, created: [], skipped: [], error: nameProblem };
  }
  if (interactive && (plan.rockExists || plan.charmState === 'nonEmpty')) {
    const existing = plan.rockExists ? 'rockcraft.yaml already exists and will be kept; only the charm will be created.' : 'charm/ is not empty and will be kept; only rockcraft.yaml will be created.';
    const go = await vscode.window.showWarningMessage(existing, { modal: true }, 'Continue');
    if (go !== 'Continue') return undefined;
  }
  s.outputs.show('rockcraft');
  let result: InitResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Initialising ${name} (${PROFILE_LABELS[profile]})`, cancellable: true },
      (_progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return runInit(craftContext(s), folder, {
          profile: profile as Profile,
          name,
          author: args.author,
          signal: ac.signal,
          askAuthor: () => Promise.resolve(vscode.window.showInputBox({ prompt: "charmcraft could not work out the author's name. Author:", ignoreFocusOut: true })),
        });
      },
    );
  } catch (e) {
    reportError(s, e, 'Init');
    return undefined;
  }
  await s.projects.refresh();
  for (const skip of result.skipped) s.log.info(skip);
  if (result.ok) {
    if (args.open !== false) {
      for (const f of result.created.filter((x) => x.endsWith('.yaml'))) {
        await vscode.window.showTextDocument(vscode.Uri.file(f), { preview: false, preserveFocus: false });
      }
    }
    const rel = result.created.map((f) => vscode.workspace.asRelativePath(f)).join(', ');
    void vscode.window.showInformationMessage(`Created ${rel}.${result.skipped.length ? ` ${result.skipped.join(' ')}` : ''}`);
  } else if (result.cancelled) {
    void vscode.window.showInformationMessage('Init cancelled.');
  } else {
    s.log.error(`Init failed: ${result.error ?? ''}\n${(result.errorLines ?? []).join('\n')}`);
    void vscode.window.showErrorMessage(`${result.error ?? 'Init failed.'} ${(result.errorLines ?? []).slice(0, 3).join(' ')}`, 'Show Output').then((c) => {
      if (c) s.outputs.show('rockcraft', false);
    });
  }
  return result;
}

function reveal(file: string): void {
  const uri = vscode.Uri.file(file);
  if (vscode.workspace.getWorkspaceFolder(uri)) void vscode.commands.executeCommand('revealInExplorer', uri);
  else void vscode.commands.executeCommand('revealFileInOS', uri);
}

/** Shows a pack result: actions on success, problems + log on failure. */
export function showPackResult(s: Services, kind: 'rock' | 'charm', r: PackResult, root: string): void {
  const tool = kind === 'rock' ? 'rockcraft' : 'charmcraft';
  if (r.ok) {
    s.diagnostics.clear(r.projectFile);
    const names = r.artifacts.map((a) => path.basename(a)).join(', ');
    const actions = kind === 'rock' ? ['Reveal', 'Push', 'Deploy'] : ['Reveal', 'Deploy'];
    void vscode.window.showInformationMessage(`Packed ${names}`, ...actions).then((c) => {
      if (c === 'Reveal') reveal(r.artifacts[0]);
      if (c === 'Push') void vscode.commands.executeCommand('twelveFactor.pushRock', { folder: root, rock: r.artifacts[0] });
      if (c === 'Deploy') void vscode.commands.executeCommand('twelveFactor.deploy', { folder: root });
    });
    return;
  }
  if (r.busy) {
    void vscode.window.showInformationMessage(`A pack is already running in ${vscode.workspace.asRelativePath(path.dirname(r.projectFile))}.`, 'Show Output').then((c) => {
      if (c) s.outputs.show(tool, false);
    });
    return;
  }
  if (r.cancelled) {
    void vscode.window.showInformationMessage(`Packing the ${kind} was cancelled.`);
    return;
  }
  s.diagnostics.set(r.projectFile, r.problems, tool);
  s.log.error(`${tool} pack failed (exit code ${r.code}):\n${r.errorLines.join('\n')}`);
  const summary = r.errorLines.filter((l) => !/^Bad \S+ content:$/.test(l)).slice(0, 3).join(' ');
  const actions = [...(r.logPath ? ['Open Log'] : []), 'Show Output', ...(r.problems.length ? ['Show Problems'] : [])];
  void vscode.window.showErrorMessage(`Packing the ${kind} failed: ${summary || `exit code ${r.code}`}`, ...actions).then((c) => {
    if (c === 'Open Log' && r.logPath) void vscode.window.showTextDocument(vscode.Uri.file(r.logPath), { preview: true });
    if (c === 'Show Output') s.outputs.show(tool, false);
    if (c === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

export async function packCommand(s: Services, kind: 'rock' | 'charm', arg?: ProjectArg): Promise<PackResult | undefined> {
  if (!ensureTrusted(kind === 'rock' ? 'Pack rock' : 'Pack charm')) return undefined;
  const root = await s.projects.pick(arg);
  if (!root) return undefined;
  const project = loadProject(root);
  const info = kind === 'rock' ? project.rock : project.charm;
  if (!info) {
    void vscode.window.showErrorMessage(kind === 'rock' ? `No rockcraft.yaml in ${root}.` : `No charmcraft.yaml in ${root} or ${path.join(root, 'charm')}.`);
    return undefined;
  }
  const tool = kind === 'rock' ? 'rockcraft' : 'charmcraft';
  s.outputs.show(tool);
  let result: PackResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Packing ${kind} ${info.name ?? ''}`, cancellable: true },
      (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let last = 0;
        const ctx = craftContext(s, (_t, line) => {
          // Throttled: a build prints thousands of lines.
          const now = Date.now();
          if (now - last > 250 && line.trim() && !line.startsWith('$ ')) {
            last = now;
            progress.report({ message: line.length > 100 ? `${line.slice(0, 97)}…` : line });
          }
        });
        return packProject(ctx, kind, info.dir, { signal: ac.signal, name: info.name, version: kind === 'rock' ? project.rock?.version : undefined });
      },
    );
  } catch (e) {
    reportError(s, e, `Pack ${kind}`);
    return undefined;
  }
  if (result.ok) s.observed.artifacts[kind] = pickForHost(result.artifacts);
  showPackResult(s, kind, result, root);
  return result;
}

function rockToPush(s: Services, project: Project, given?: string): string | undefined {
  if (given) return path.resolve(project.root, given);
  const rock = project.rock;
  if (!rock?.name) return undefined;
  const expected = rockArtifactNames(rock);
  const last = s.observed.artifacts.rock;
  if (last && path.dirname(last) === rock.dir && expected.includes(path.basename(last)) && fs.existsSync(last)) return last;
  return pickForHost(findArtifacts(rock.dir, 'rock', rock.name, rock.version).filter((f) => expected.includes(path.basename(f))));
}

export async function pushCommand(s: Services, arg?: PushArgs | vscode.Uri): Promise<PushResult | undefined> {
  if (!ensureTrusted('Push rock')) return undefined;
  const args: PushArgs = arg instanceof vscode.Uri ? (arg.fsPath.endsWith('.rock') ? { folder: path.dirname(arg.fsPath), rock: arg.fsPath } : { folder: arg.fsPath }) : (arg ?? {});
  const root = await s.projects.pick(args.folder);
  if (!root) return undefined;
  const project = loadProject(root);
  if (!project.rock?.name || !project.rock.version) {
    void vscode.window.showErrorMessage(`${path.join(root, 'rockcraft.yaml')} needs a name and a version to tag the image.`);
    return undefined;
  }
  const rockFile = rockToPush(s, project, args.rock);
  if (!rockFile || !fs.existsSync(rockFile)) {
    void vscode.window.showErrorMessage(`No ${rockArtifactNames(project.rock).join(' or ')} found. Pack the rock first.`, 'Pack Rock').then((c) => {
      if (c) void vscode.commands.executeCommand('twelveFactor.packRock', { folder: root });
    });
    return undefined;
  }
  const registry = s.settings.registry();
  const image = cl.imageRef(registry, project.rock.name, project.rock.version);
  s.outputs.show('rockcraft');
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${image}`, cancellable: true }, (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return pushRock(craftContext(s), rockFile, image, registry, ac.signal);
    });
    if (r.ok) void vscode.window.showInformationMessage(`Pushed ${image}`, 'Deploy').then((c) => c && void vscode.commands.executeCommand('twelveFactor.deploy', { folder: root }));
    else if (!r.cancelled) {
      const hint = cl.isLocalRegistry(registry) && /connection refused/.test(r.errorLines.join(' ')) ? ' Is the MicroK8s registry enabled (`sudo microk8s enable registry`)?' : '';
      void vscode.window.showErrorMessage(`Pushing ${image} failed: ${r.errorLines.slice(-2).join(' ')}${hint}`, 'Show Output').then((c) => c && s.outputs.show('rockcraft', false));
    }
    return r;
  } catch (e) {
    reportError(s, e, 'Push rock');
    return undefined;
  }
}

export async function deployCommand(s: Services, arg?: ProjectArg): Promise<DeployResult | undefined> {
  if (!ensureTrusted('Deploy')) return undefined;
  if (s.deployer.busy) {
    void vscode.window.showInformationMessage('A deploy is already running.', 'Show Output').then((c) => c && s.outputs.show('juju', false));
    return undefined;
  }
  const root = await s.projects.pick(arg);
  if (!root) return undefined;
  const project = loadProject(root);
  const app = s.settings.appName() ?? project.charm?.name ?? path.basename(root);
  s.outputs.show('juju');
  let r: DeployResult;
  try {
    r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deploying ${app}`, cancellable: true }, (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const sub = s.deployer.onDidChange((snap) => {
        if (snap.step) progress.report({ message: snap.step });
      });
      return s.deployer
        .deploy(
          project,
          {
            registry: s.settings.registry(),
            model: s.settings.model(),
            appName: s.settings.appName(),
            packMode: s.settings.packMode(),
            waitTimeoutMs: s.settings.waitSeconds() * 1000,
            pollIntervalMs: 3000,
          },
          ac.signal,
          craftContext(s),
        )
        .finally(() => sub.dispose());
    });
  } catch (e) {
    reportError(s, e, 'Deploy');
    return undefined;
  }
  if (r.rock) s.observed.artifacts.rock = r.rock;
  if (r.charm) s.observed.artifacts.charm = r.charm;
  if (r.failedPack) showPackResult(s, r.failedPack.kind, r.failedPack.result, root);
  const where = r.model ? ` in model ${r.model}` : '';
  s.log.info(`Deploy of ${r.app ?? app}: ${r.state}${r.message ? ` — ${r.message}` : ''}`);
  switch (r.state) {
    case 'active': {
      const addr = r.appStatus?.address ? ` at ${r.appStatus.address}` : '';
      void vscode.window.showInformationMessage(`${r.app} is active${where}${addr} (${r.action === 'refresh' ? 'refreshed' : 'deployed'}).`, 'Show Logs').then((c) => {
        if (c) void vscode.commands.executeCommand('twelveFactor.showLogs', { app: r.app });
      });
      break;
    }
    case 'blocked':
      void vscode.window.showWarningMessage(`${r.app} is blocked${where}: ${r.message ?? ''}`, ...(/missing integrations/.test(r.message ?? '') ? ['Integrate'] : []), 'Config', 'Show Logs').then((c) => {
        if (c === 'Integrate') void vscode.commands.executeCommand('twelveFactor.integrate', { app: r.app });
        if (c === 'Config') void vscode.commands.executeCommand('twelveFactor.config', { app: r.app });
        if (c === 'Show Logs') void vscode.commands.executeCommand('twelveFactor.showLogs', { app: r.app });
      });
      break;
    case 'waiting':
      void vscode.window.showInformationMessage(`${r.app} was ${r.action === 'refresh' ? 'refreshed' : 'deployed'}${where}; it is still settling: ${r.message ?? ''}`, 'Show Juju View').then((c) => {
        if (c) void vscode.commands.executeCommand('twelveFactor.juju.focus');
      });
      break;
    case 'idle':
      if (r.cancelled) void vscode.window.showInformationMessage('Deploy cancelled.');
      break;
    default:
      if (!r.failedPack) {
        void vscode.window.showErrorMessage(`Deploy failed: ${r.message ?? ''}${r.hint ? ` ${r.hint}` : ''}`, 'Show Output').then((c) => c && s.outputs.show('juju', false));
      }
  }
  // Awaited so that the view (and the test API) reflect the deploy when the command resolves.
  await s.refreshJuju();
  return r;
}
