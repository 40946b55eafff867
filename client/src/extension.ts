/**
 * Entry point: builds the services, starts the language client and registers the commands,
 * views, status items and task providers. Logic lives in core/ (no `vscode` import) and in
 * the thin command modules; this file only wires them.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { PackLocks } from './core/craft';
import { Deployer, type DeployResult, type DeploySnapshot } from './core/deploy';
import type { JujuStatus } from './core/juju';
import { ProcessRunner } from './core/process';
import type { ToolPaths } from './core/tools';
import { COMMANDS } from './commandIds';
import { deployCommand, initCommand, packCommand, pushCommand } from './craftCommands';
import { EXPANDED_SCHEME, ExpandedContentProvider, expandExtensionsCommand } from './expandExtensions';
import { configCommand, integrateCommand, removeAppCommand, showLogsCommand } from './jujuCommands';
import { JujuTreeProvider, type TreeLine } from './jujuView';
import { LanguageClientHost, type ServerState } from './languageClient';
import { ToolOutputs } from './outputs';
import { PackDiagnostics } from './packDiagnostics';
import { ProjectIndex } from './projects';
import { craftContext, type Services, type TerminalInfo } from './services';
import { Settings } from './settings';
import { DeployStatusItem, ServerLanguageStatus } from './statusBar';
import { CraftTaskProvider } from './tasks';

/** What activate() returns: a small window onto the extension's state for tests. */
export interface TwelveFactorApi {
  deployState(): DeploySnapshot;
  lastDeploy(): DeployResult | undefined;
  lastArtifact(kind: 'rock' | 'charm'): string | undefined;
  outputText(tool: 'rockcraft' | 'charmcraft' | 'juju'): string;
  jujuStatus(): JujuStatus | undefined;
  jujuTree(): TreeLine[];
  refreshJuju(): Promise<void>;
  expandedText(): string | undefined;
  lastTerminal(): TerminalInfo | undefined;
  statusBar(): { text: string; tooltip: string; visible: boolean; command?: string };
  languageServerState(): ServerState;
  isProject(): boolean;
  projectRoots(): readonly string[];
  toolPaths(): ToolPaths;
  runningProcesses(): number;
  commands: typeof COMMANDS;
}

export { COMMANDS };

let runner: ProcessRunner | undefined;
let lsp: LanguageClientHost | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TwelveFactorApi> {
  const log = vscode.window.createOutputChannel('12-Factor Charms', { log: true });
  const outputs = new ToolOutputs();
  runner = new ProcessRunner();
  const settings = new Settings();
  const projects = new ProjectIndex();
  const diagnostics = new PackDiagnostics();
  const locks = new PackLocks();
  lsp = new LanguageClientHost(context.asAbsolutePath(path.join('dist', 'server.js')), log);
  context.subscriptions.push(log, outputs, projects, diagnostics, lsp);

  const s: Services = {
    context,
    log,
    outputs,
    runner,
    locks,
    deployer: undefined as unknown as Deployer,
    settings,
    projects,
    diagnostics,
    lsp,
    observed: { artifacts: {} },
    // jujuView is created just below; this only runs later, from commands.
    refreshJuju: () => jujuView.refresh(),
  };
  s.deployer = new Deployer(craftContext(s));

  // Juju view
  const jujuView = new JujuTreeProvider(s);
  const treeView = vscode.window.createTreeView('twelveFactor.juju', { treeDataProvider: jujuView, showCollapseAll: true });
  jujuView.onDidChangeStatus((st) => {
    s.observed.jujuStatus = st;
    treeView.description = st?.model.name;
    s.deployer.setModel(st?.model.name ?? settings.model());
  });
  context.subscriptions.push(jujuView, treeView);

  // Status items
  const deployItem = new DeployStatusItem(projects, () => settings.model());
  s.deployer.onDidChange((snap) => deployItem.update(snap));
  const serverStatus = new ServerLanguageStatus(lsp);
  context.subscriptions.push(deployItem, serverStatus);

  // Expanded YAML documents
  const expanded = new ExpandedContentProvider();
  context.subscriptions.push(expanded, vscode.workspace.registerTextDocumentContentProvider(EXPANDED_SCHEME, expanded));

  // Tasks
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider('rockcraft', new CraftTaskProvider('rockcraft', projects, settings)),
    vscode.tasks.registerTaskProvider('charmcraft', new CraftTaskProvider('charmcraft', projects, settings)),
  );

  const reg = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));
  };
  reg(COMMANDS.init, (arg?: Parameters<typeof initCommand>[1]) => initCommand(s, arg));
  reg(COMMANDS.packRock, (arg?: Parameters<typeof packCommand>[2]) => packCommand(s, 'rock', arg));
  reg(COMMANDS.packCharm, (arg?: Parameters<typeof packCommand>[2]) => packCommand(s, 'charm', arg));
  reg(COMMANDS.pushRock, (arg?: Parameters<typeof pushCommand>[1]) => pushCommand(s, arg));
  reg(COMMANDS.deploy, (arg?: Parameters<typeof deployCommand>[1]) => deployCommand(s, arg));
  reg(COMMANDS.integrate, (arg?: Parameters<typeof integrateCommand>[1]) => integrateCommand(s, arg));
  reg(COMMANDS.config, (arg?: Parameters<typeof configCommand>[1]) => configCommand(s, arg));
  reg(COMMANDS.showLogs, (arg?: Parameters<typeof showLogsCommand>[1]) => showLogsCommand(s, arg));
  reg(COMMANDS.removeApp, (arg?: Parameters<typeof removeAppCommand>[1]) => removeAppCommand(s, arg));
  reg(COMMANDS.expandExtensions, (arg?: vscode.Uri | string) => expandExtensionsCommand(s, expanded, arg));
  reg(COMMANDS.restartServer, () => lsp?.restart());
  reg(COMMANDS.showOutput, (tool?: 'rockcraft' | 'charmcraft' | 'juju') => {
    if (tool === 'rockcraft' || tool === 'charmcraft' || tool === 'juju') outputs.show(tool, false);
    else log.show(false);
  });
  reg(COMMANDS.refreshJuju, () => jujuView.refresh());

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (settings.affects(e, 'juju.model') || settings.affects(e, 'paths.juju')) {
        deployItem.render();
        void jujuView.refresh();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void jujuView.refresh()),
  );

  await projects.refresh();
  deployItem.render();
  if (projects.isProject && vscode.workspace.isTrusted) void jujuView.refresh();
  await lsp.start();
  log.info(`12-Factor Charms activated (${projects.roots.length} project(s); workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}).`);

  return {
    deployState: () => s.deployer.snapshot(),
    lastDeploy: () => s.deployer.snapshot().last,
    lastArtifact: (kind) => s.observed.artifacts[kind],
    outputText: (tool) => outputs.text(tool),
    jujuStatus: () => s.observed.jujuStatus,
    jujuTree: () => jujuView.lines(),
    refreshJuju: () => s.refreshJuju(),
    expandedText: () => s.observed.expandedText,
    lastTerminal: () => s.observed.lastTerminal,
    statusBar: () => ({
      text: deployItem.item.text,
      tooltip: deployItem.tooltipText,
      visible: projects.isProject,
      command: typeof deployItem.item.command === 'string' ? deployItem.item.command : deployItem.item.command?.command,
    }),
    languageServerState: () => lsp?.state ?? 'stopped',
    isProject: () => projects.isProject,
    projectRoots: () => projects.roots,
    toolPaths: () => settings.toolPaths(),
    runningProcesses: () => runner?.activeCount ?? 0,
    commands: COMMANDS,
  };
}

export async function deactivate(): Promise<void> {
  // Packs and deploys run in their own process groups; end them all before the host exits.
  await Promise.all([runner?.killAll(1000), lsp?.stop()]);
}
