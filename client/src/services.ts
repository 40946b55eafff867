/** The objects every command works with, created once in activate(). */
import * as vscode from 'vscode';
import type { CraftContext, OutputSink, OutputTool, PackLocks } from './core/craft';
import type { Deployer } from './core/deploy';
import type { JujuStatus } from './core/juju';
import type { ProcessRunner } from './core/process';
import { INSTALL_COMMANDS, ToolNotFoundError } from './core/tools';
import type { LanguageClientHost } from './languageClient';
import type { ToolOutputs } from './outputs';
import type { PackDiagnostics } from './packDiagnostics';
import type { ProjectIndex } from './projects';
import type { Settings } from './settings';

export interface TerminalInfo {
  name: string;
  shellPath: string;
  shellArgs: string[];
}

/** Facts the end-to-end tests read back through the API returned by activate(). */
export interface Observed {
  artifacts: { rock?: string; charm?: string };
  jujuStatus?: JujuStatus;
  expandedText?: string;
  lastTerminal?: TerminalInfo;
}

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  outputs: ToolOutputs;
  runner: ProcessRunner;
  locks: PackLocks;
  deployer: Deployer;
  settings: Settings;
  projects: ProjectIndex;
  diagnostics: PackDiagnostics;
  lsp: LanguageClientHost;
  observed: Observed;
  /** Set once the Juju view exists; refreshes it. */
  refreshJuju(): Promise<void>;
}

/** A CraftContext with the current tool paths; `onLine` also sees every output line (progress). */
export function craftContext(s: Services, onLine?: (tool: OutputTool, line: string) => void): CraftContext {
  return {
    runner: s.runner,
    tools: s.settings.toolPaths(),
    locks: s.locks,
    output: (tool: OutputTool): OutputSink => {
      const sink = s.outputs.sink(tool);
      return {
        append: (line: string) => {
          sink.append(line);
          onLine?.(tool, line);
        },
      };
    },
  };
}

/**
 * Commands that run programs refuse in Restricted Mode. The warning is not awaited, so a
 * command invoked programmatically returns at once.
 */
export function ensureTrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`12-Factor: ${what} runs rockcraft, charmcraft, skopeo or juju, which is disabled in Restricted Mode. Trust this workspace to use it.`, 'Manage Workspace Trust')
    .then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** Reports an unexpected failure; a missing tool gets its install command and a settings link. */
export function reportError(s: Services, e: unknown, what: string): void {
  if (e instanceof ToolNotFoundError) {
    s.log.error(e.message);
    void vscode.window.showErrorMessage(e.message, 'Copy Install Command', 'Open Settings').then((c) => {
      if (c === 'Copy Install Command') void vscode.env.clipboard.writeText(INSTALL_COMMANDS[e.tool]);
      if (c === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', `twelveFactor.paths.${e.tool}`);
    });
    return;
  }
  const msg = e instanceof Error ? e.message : String(e);
  s.log.error(`${what} failed: ${e instanceof Error ? (e.stack ?? msg) : msg}`);
  void vscode.window.showErrorMessage(`${what} failed: ${msg}`);
}
