/**
 * Tasks of type `rockcraft` / `charmcraft` (`command: pack|clean|…`, `args`, `cwd`) run as a
 * ProcessExecution — the program and an argument array, no shell — with the problem
 * matchers `$rockcraft` / `$charmcraft` declared in package.json.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { loadProject } from './core/project';
import type { ProjectIndex } from './projects';
import type { Settings } from './settings';

export interface CraftTaskDefinition extends vscode.TaskDefinition {
  type: 'rockcraft' | 'charmcraft';
  command: string;
  args?: string[];
  cwd?: string;
}

const COMMANDS = ['pack', 'clean'] as const;

export class CraftTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly type: 'rockcraft' | 'charmcraft',
    private readonly projects: ProjectIndex,
    private readonly settings: Settings,
  ) {}

  provideTasks(): vscode.Task[] {
    const tasks: vscode.Task[] = [];
    for (const root of this.projects.roots) {
      const p = loadProject(root);
      const dir = this.type === 'rockcraft' ? p.rock?.dir : p.charm?.dir;
      if (!dir) continue;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
      for (const command of COMMANDS) {
        const rel = folder ? path.relative(folder.uri.fsPath, dir) : dir;
        const def: CraftTaskDefinition = { type: this.type, command, ...(rel ? { cwd: rel } : {}) };
        const t = this.build(def, folder ?? vscode.TaskScope.Workspace, `${command}${rel ? ` (${rel})` : ''}`);
        if (t) tasks.push(t);
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as CraftTaskDefinition;
    if (def.type !== this.type || typeof def.command !== 'string' || !def.command) return undefined;
    return this.build(def, task.scope ?? vscode.TaskScope.Workspace, task.name);
  }

  private build(def: CraftTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task | undefined {
    if (Array.isArray(def.args) && def.args.some((a) => typeof a !== 'string')) return undefined;
    const base = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const cwd = def.cwd ? (path.isAbsolute(def.cwd) ? def.cwd : path.join(base ?? '', def.cwd)) : base;
    const exec = new vscode.ProcessExecution(this.settings.toolPath(this.type), [def.command, ...(def.args ?? [])], cwd ? { cwd } : {});
    const task = new vscode.Task(def, scope, name, this.type, exec, [`$${this.type}`]);
    if (def.command === 'pack') task.group = vscode.TaskGroup.Build;
    if (def.command === 'clean') task.group = vscode.TaskGroup.Clean;
    return task;
  }
}
