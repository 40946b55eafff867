/** Typed access to the `twelveFactor.*` settings, with workspace trust applied to tool paths. */
import * as path from 'path';
import * as vscode from 'vscode';
import type { PackMode } from './core/deploy';
import { resolveExecutable, resolveSetting, TOOL_IDS, toolCommand, type ToolId, type ToolPaths } from './core/tools';

const SECTION = 'twelveFactor';

export class Settings {
  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /**
   * The command for each tool. Workspace-level values count only in a trusted workspace
   * (a cloned repository must not choose which program we run); relative paths and
   * `${workspaceFolder}` are taken against the first workspace folder.
   */
  toolPaths(): ToolPaths {
    const trusted = vscode.workspace.isTrusted;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const out = {} as ToolPaths;
    for (const tool of TOOL_IDS) {
      let v = toolCommand(tool, resolveSetting(this.cfg.inspect<string>(`paths.${tool}`), trusted));
      if (folder) {
        v = v.replace(/\$\{workspaceFolder\}/g, folder);
        if (!path.isAbsolute(v) && (v.includes('/') || v.includes('\\'))) v = path.resolve(folder, v);
      }
      out[tool] = resolveExecutable(v);
    }
    return out;
  }

  toolPath(tool: ToolId): string {
    return this.toolPaths()[tool];
  }

  registry(): string {
    return this.cfg.get<string>('registry')?.trim() || 'localhost:32000';
  }

  model(): string | undefined {
    return this.cfg.get<string>('juju.model')?.trim() || undefined;
  }

  appName(): string | undefined {
    return this.cfg.get<string>('deploy.appName')?.trim() || undefined;
  }

  packMode(): PackMode {
    const v = this.cfg.get<string>('deploy.packBeforeDeploy');
    return v === 'always' || v === 'never' ? v : 'ifStale';
  }

  waitSeconds(): number {
    const v = this.cfg.get<number>('deploy.waitSeconds');
    return typeof v === 'number' && v >= 0 ? v : 600;
  }

  affects(e: vscode.ConfigurationChangeEvent, key: string): boolean {
    return e.affectsConfiguration(`${SECTION}.${key}`);
  }
}
