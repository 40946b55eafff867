/**
 * Which folders of the workspace are 12-factor projects (a rockcraft.yaml, and/or a
 * charmcraft.yaml usually in charm/), kept up to date by a file watcher. Drives the
 * `twelveFactor.isProject` context key that shows commands, the view and the status item.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { projectRoots, rootFor } from './core/project';

const PROJECT_FILES = '**/{rockcraft,charmcraft}.yaml';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/parts/**,**/stage/**,**/prime/**,**/.tox/**,**/venv/**,**/.venv/**}';

/** What the commands accept to name a project: a folder path, a Uri, or `{ folder }`. */
export type ProjectArg = string | vscode.Uri | { folder?: string } | undefined;

export class ProjectIndex implements vscode.Disposable {
  private rootsList: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private pending: Promise<void> | undefined;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES);
    this.watcher.onDidCreate(() => void this.refresh());
    this.watcher.onDidDelete(() => void this.refresh());
    // Content changes (a new name or version) matter to the status bar tooltip and the view.
    this.watcher.onDidChange(() => this.changed.fire());
  }

  get roots(): readonly string[] {
    return this.rootsList;
  }

  get isProject(): boolean {
    return this.rootsList.length > 0;
  }

  refresh(): Promise<void> {
    this.pending ??= (async () => {
      try {
        const files = await vscode.workspace.findFiles(PROJECT_FILES, EXCLUDE, 500);
        this.rootsList = projectRoots(files.map((f) => f.fsPath));
        await vscode.commands.executeCommand('setContext', 'twelveFactor.isProject', this.rootsList.length > 0);
        this.changed.fire();
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  /** The project a command is about: from its argument, the active editor, the only root, or a pick. */
  async pick(arg?: ProjectArg, placeHolder = 'Select the 12-factor project'): Promise<string | undefined> {
    const given = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : arg?.folder;
    if (given) {
      const abs = path.resolve(given);
      return rootFor(abs, this.rootsList) ?? abs;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') {
      const r = rootFor(active.fsPath, this.rootsList);
      if (r) return r;
    }
    if (!this.rootsList.length) await this.refresh();
    if (this.rootsList.length === 1) return this.rootsList[0];
    if (!this.rootsList.length) {
      void vscode.window.showInformationMessage('No rockcraft.yaml or charmcraft.yaml in this workspace. Run "12-Factor: Init" to create a project.', 'Init').then((c) => {
        if (c) void vscode.commands.executeCommand('twelveFactor.init');
      });
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      this.rootsList.map((r) => ({ label: path.basename(r), description: vscode.workspace.asRelativePath(r), root: r })),
      { placeHolder },
    );
    return picked?.root;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
