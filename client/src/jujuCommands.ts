/** Integrate, Config, Show logs and Remove app: Juju actions on an application of the model. */
import * as path from 'path';
import * as vscode from 'vscode';
import * as cl from './core/commandLines';
import { queryStatus, runJuju, type JujuRun } from './core/craft';
import type { JujuStatus } from './core/juju';
import { appNameProblem, configKeyProblem, endpointRefProblem } from './core/names';
import { loadProject, type ConfigOption } from './core/project';
import type { JujuNode } from './jujuView';
import { craftContext, ensureTrusted, reportError, type Services, type TerminalInfo } from './services';

export interface AppArgs {
  app?: string;
}
export interface IntegrateArgs extends AppArgs {
  /** `app` or `app:endpoint`; a well-known Charmhub charm is deployed first when missing. */
  target?: string;
}
export interface ConfigArgs extends AppArgs {
  key?: string;
  value?: string;
}
export interface RemoveArgs extends AppArgs {
  /** The caller already confirmed (tests, scripts); the tree's context menu always asks. */
  confirm?: boolean;
}
export interface LogArgs extends AppArgs {
  unit?: string;
}

export interface JujuActionResult {
  ok: boolean;
  app?: string;
  message?: string;
}

function nodeApp(arg: unknown): { app?: string; unit?: string } {
  if (!arg || typeof arg !== 'object') return {};
  const n = arg as Partial<JujuNode> & { app?: unknown; unit?: unknown };
  if (n.kind === 'unit' && 'unit' in n && n.unit && typeof n.unit === 'object') return { app: n.app?.name, unit: n.unit.name };
  if (n.kind && typeof n.app === 'object' && n.app) return { app: (n.app as { name: string }).name };
  return { app: typeof n.app === 'string' ? n.app : undefined, unit: typeof n.unit === 'string' ? n.unit : undefined };
}

function cwd(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

async function currentStatus(s: Services): Promise<JujuStatus | undefined> {
  const r = await queryStatus(craftContext(s), cwd(), s.settings.model(), undefined, false);
  if (r.ok) {
    s.observed.jujuStatus = r.status;
    return r.status;
  }
  void vscode.window.showErrorMessage(`${r.error?.message ?? 'juju status failed.'}${r.error?.hint ? ` ${r.error.hint}` : ''}`);
  return undefined;
}

/** The application a command acts on: from the tree node or argument, else picked from the model. */
async function resolveApp(s: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const given = nodeApp(arg).app;
  if (given) return given;
  const status = await currentStatus(s);
  if (!status) return undefined;
  if (!status.apps.length) {
    void vscode.window.showInformationMessage(`No applications in model ${status.model.name ?? ''}. Deploy first.`);
    return undefined;
  }
  const preferred = s.settings.appName() ?? (s.projects.roots.length === 1 ? loadProject(s.projects.roots[0]).charm?.name : undefined);
  const apps = [...status.apps].sort((a, b) => Number(b.name === preferred) - Number(a.name === preferred));
  if (apps.length === 1) return apps[0].name;
  const p = await vscode.window.showQuickPick(
    apps.map((a) => ({ label: a.name, description: [a.status.current, a.charmName].filter(Boolean).join(' · ') })),
    { placeHolder },
  );
  return p?.label;
}

function report(s: Services, r: JujuRun, what: string): JujuActionResult {
  if (r.ok) return { ok: true };
  if (r.cancelled) return { ok: false, message: 'Cancelled.' };
  const msg = `${what} failed: ${r.error?.message ?? 'juju failed.'}${r.error?.hint ? ` ${r.error.hint}` : ''}`;
  s.log.error(msg);
  void vscode.window.showErrorMessage(msg, 'Show Output').then((c) => c && s.outputs.show('juju', false));
  return { ok: false, message: r.error?.message };
}

async function withJujuProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return task(ac.signal);
  });
}

export async function integrateCommand(s: Services, arg?: IntegrateArgs | JujuNode): Promise<JujuActionResult | undefined> {
  if (!ensureTrusted('Integrate')) return undefined;
  try {
    const app = await resolveApp(s, arg, 'Application to integrate');
    if (!app) return undefined;
    let target = arg && 'target' in arg ? arg.target : undefined;
    const status = s.observed.jujuStatus ?? (await currentStatus(s));
    const deployed = new Set(status?.apps.map((a) => a.name) ?? []);
    if (!target) {
      const appView = status?.apps.find((a) => a.name === app);
      const root = s.projects.roots.find((r) => loadProject(r).charm?.name === appView?.charmName);
      const wanted = new Set((root ? loadProject(root).charm?.endpoints : [])?.filter((e) => e.role === 'requires').map((e) => e.name) ?? []);
      const known = [...cl.KNOWN_INTEGRATIONS].filter((k) => !deployed.has(k.charm)).sort((a, b) => Number(wanted.has(b.endpoint)) - Number(wanted.has(a.endpoint)));
      const items: (vscode.QuickPickItem & { target?: string })[] = [
        ...[...deployed].filter((d) => d !== app).map((d) => ({ label: d, description: 'in the model', target: d })),
        ...known.map((k) => ({ label: k.charm, description: `deploy from Charmhub · ${k.description}${wanted.has(k.endpoint) ? ' · the charm requires it' : ''}`, target: k.charm })),
        { label: 'Other…', description: 'app or app:endpoint' },
      ];
      const p = await vscode.window.showQuickPick(items, { placeHolder: `Integrate ${app} with…` });
      if (!p) return undefined;
      target = p.target ?? (await vscode.window.showInputBox({ prompt: 'Application (or app:endpoint) to integrate with', validateInput: (v) => endpointRefProblem(v) }));
      if (!target) return undefined;
    }
    const problem = endpointRefProblem(target) ?? endpointRefProblem(app);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return { ok: false, app, message: problem };
    }
    const targetApp = target.split(':')[0];
    const model = s.settings.model();
    s.outputs.show('juju');
    const result = await withJujuProgress(`Integrating ${app} with ${target}`, async (signal) => {
      const ctx = craftContext(s);
      const known = cl.KNOWN_INTEGRATIONS.find((k) => k.charm === targetApp);
      if (!deployed.has(targetApp) && known) {
        const d = await runJuju(ctx, cl.jujuDeployCharmhub(known, model), cwd(), signal, { model });
        if (!d.ok && d.error?.kind !== 'app-exists') return report(s, d, `Deploying ${known.charm}`);
      }
      return report(s, await runJuju(ctx, cl.jujuIntegrate(app, target, model), cwd(), signal, { model, app }), `Integrating ${app} with ${target}`);
    });
    if (result.ok) void vscode.window.showInformationMessage(`Integrated ${app} with ${target}. The units restart with the new settings.`);
    await s.refreshJuju();
    return { ...result, app };
  } catch (e) {
    reportError(s, e, 'Integrate');
    return undefined;
  }
}

function valueProblem(type: string, v: string): string | undefined {
  if (type === 'int' && !/^-?\d+$/.test(v)) return 'Enter a whole number.';
  if (type === 'float' && (v.trim() === '' || Number.isNaN(Number(v)))) return 'Enter a number.';
  if (type === 'boolean' && v !== 'true' && v !== 'false') return 'Enter true or false.';
  if (type === 'secret' && v && !v.startsWith('secret:')) return 'Enter a secret URI (secret:…); create one with `juju add-secret`.';
  return undefined;
}

export async function configCommand(s: Services, arg?: ConfigArgs | JujuNode): Promise<JujuActionResult | undefined> {
  if (!ensureTrusted('Config')) return undefined;
  try {
    const app = await resolveApp(s, arg, 'Application to configure');
    if (!app) return undefined;
    const args: ConfigArgs = arg && !('kind' in arg) ? arg : {};
    const model = s.settings.model();
    const ctx = craftContext(s);
    // Current values (and the deployed charm's options) from Juju; declared options from the project.
    const current = new Map<string, { value?: unknown; type?: string; description?: string }>();
    const got = await runJuju(ctx, cl.jujuConfigGet(app, model), cwd(), undefined, { model, app }, false);
    if (got.ok) {
      try {
        const settings = (JSON.parse(got.result.stdout) as { settings?: Record<string, { value?: unknown; type?: string; description?: string }> }).settings ?? {};
        for (const [k, v] of Object.entries(settings)) current.set(k, v);
      } catch {
        // keep the project's view
      }
    } else if (got.error?.kind === 'app-not-found') {
      return report(s, got, `Configuring ${app}`);
    }
    const charmName = (s.observed.jujuStatus ?? (await currentStatus(s)))?.apps.find((a) => a.name === app)?.charmName ?? app;
    const root = s.projects.roots.find((r) => loadProject(r).charm?.name === charmName) ?? (s.projects.roots.length === 1 ? s.projects.roots[0] : undefined);
    const declared: ConfigOption[] = root ? (loadProject(root).charm?.configOptions ?? []) : [];
    const options: ConfigOption[] = declared.length ? declared : [...current.entries()].map(([name, v]) => ({ name, type: v.type ?? 'string', description: v.description, source: 'charm' as const }));
    if (!options.length) {
      void vscode.window.showInformationMessage(`${app}'s charm declares no config options.`);
      return { ok: false, app, message: 'no options' };
    }
    let key = args.key;
    if (!key) {
      const p = await vscode.window.showQuickPick(
        options.map((o) => ({
          label: o.name,
          description: `${o.type}${current.has(o.name) ? ` = ${JSON.stringify(current.get(o.name)?.value ?? null)}` : ''}${o.source === 'extension' ? ' · from the framework extension' : ''}`,
          detail: o.description?.trim(),
        })),
        { placeHolder: `Option of ${app} to set`, matchOnDetail: true },
      );
      if (!p) return undefined;
      key = p.label;
    }
    const option = options.find((o) => o.name === key);
    const keyProblem = configKeyProblem(key) ?? (option ? undefined : `${charmName} declares no option "${key}".`);
    if (keyProblem || !option) {
      void vscode.window.showErrorMessage(keyProblem ?? `Unknown option ${key}.`);
      return { ok: false, app, message: keyProblem };
    }
    let value = args.value;
    if (value === undefined) {
      const cur = current.get(key)?.value;
      value = await vscode.window.showInputBox({
        prompt: `${key} (${option.type})${option.description ? `: ${option.description.trim().split('\n')[0]}` : ''}`,
        value: cur === undefined || cur === null ? '' : String(cur),
        validateInput: (v) => valueProblem(option.type, v),
      });
      if (value === undefined) return undefined;
    }
    const vp = valueProblem(option.type, value);
    if (vp) {
      void vscode.window.showErrorMessage(`${key}: ${vp}`);
      return { ok: false, app, message: vp };
    }
    s.outputs.show('juju');
    const r = report(s, await withJujuProgress(`Setting ${key} on ${app}`, (signal) => runJuju(ctx, cl.jujuConfigSet(app, key, value, model), cwd(), signal, { model, app })), `Setting ${key}`);
    if (r.ok) void vscode.window.showInformationMessage(`Set ${key} on ${app}.`);
    await s.refreshJuju();
    return { ...r, app };
  } catch (e) {
    reportError(s, e, 'Config');
    return undefined;
  }
}

export async function showLogsCommand(s: Services, arg?: LogArgs | JujuNode): Promise<TerminalInfo | undefined> {
  if (!ensureTrusted('Show logs')) return undefined;
  const { app, unit } = nodeApp(arg);
  if ((app && appNameProblem(app)) || (unit && !/^[a-z][a-z0-9-]*\/\d+$/.test(unit))) {
    void vscode.window.showErrorMessage(`"${unit ?? app}" is not an application or unit name.`);
    return undefined;
  }
  // Units go in tag form (`unit-app-0`), the spelling every Juju version accepts.
  const include = unit ? `unit-${unit.replace('/', '-')}` : app;
  const info: TerminalInfo = {
    name: `Juju debug-log${unit ?? app ? `: ${unit ?? app}` : ''}`,
    shellPath: s.settings.toolPath('juju'),
    shellArgs: cl.jujuDebugLog(s.settings.model(), include),
  };
  // The terminal runs juju directly (no shell), so the arguments stay intact.
  const term = vscode.window.createTerminal({ name: info.name, shellPath: info.shellPath, shellArgs: info.shellArgs, cwd: cwd(), iconPath: new vscode.ThemeIcon('output') });
  term.show();
  s.observed.lastTerminal = info;
  s.log.info(`Opened a terminal running ${path.basename(info.shellPath)} ${info.shellArgs.join(' ')}`);
  return info;
}

export async function removeAppCommand(s: Services, arg?: RemoveArgs | JujuNode): Promise<JujuActionResult | undefined> {
  if (!ensureTrusted('Remove app')) return undefined;
  try {
    const app = await resolveApp(s, arg, 'Application to remove');
    if (!app) return undefined;
    const problem = appNameProblem(app);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return { ok: false, app, message: problem };
    }
    const confirmed = arg && !('kind' in arg) && arg.confirm === true;
    if (!confirmed) {
      const model = s.settings.model() ?? s.observed.jujuStatus?.model.name ?? 'the current model';
      const c = await vscode.window.showWarningMessage(`Remove the application ${app} from ${model}?`, { modal: true, detail: 'Its units are destroyed; storage is kept.' }, 'Remove');
      if (c !== 'Remove') return undefined;
    }
    s.outputs.show('juju');
    const r = report(s, await withJujuProgress(`Removing ${app}`, (signal) => runJuju(craftContext(s), cl.jujuRemoveApplication(app, s.settings.model()), cwd(), signal, { app })), `Removing ${app}`);
    if (r.ok) void vscode.window.showInformationMessage(`Removing ${app}.`);
    await s.refreshJuju();
    // Removal is asynchronous in Juju; look again once it had time to progress.
    setTimeout(() => void s.refreshJuju(), 5000).unref?.();
    return { ...r, app };
  } catch (e) {
    reportError(s, e, 'Remove app');
    return undefined;
  }
}
