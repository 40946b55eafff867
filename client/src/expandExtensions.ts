/**
 * "Expand extensions": asks the language server for the expanded project (what
 * `rockcraft|charmcraft expand-extensions` prints) and shows it in a read-only editor. If the
 * server cannot answer, a trusted workspace falls back to running the tool itself.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { ExpandExtensionsRequest } from '../../common/protocol';
import * as cl from './core/commandLines';
import { runTool } from './core/craft';
import { craftContext, reportError, type Services } from './services';

export const EXPANDED_SCHEME = 'twelve-factor-expanded';

/** Serves the expanded YAML; documents of a custom scheme without a file system are read-only. */
export class ExpandedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '# Nothing to show: run "12-Factor: Expand Extensions" again.\n';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function isProjectFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && /^(rockcraft|charmcraft)\.yaml$/.test(path.basename(uri.fsPath));
}

async function targetFile(arg?: vscode.Uri | string): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? vscode.Uri.file(arg) : arg;
  if (isProjectFile(given)) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isProjectFile(active)) return active;
  const files = await vscode.workspace.findFiles('**/{rockcraft,charmcraft}.yaml', '**/node_modules/**', 50);
  if (files.length === 1) return files[0];
  if (!files.length) {
    void vscode.window.showInformationMessage('Open a rockcraft.yaml or charmcraft.yaml to expand its extensions.');
    return undefined;
  }
  const p = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: 'Project file to expand' },
  );
  return p?.uri;
}

export async function expandExtensionsCommand(s: Services, provider: ExpandedContentProvider, arg?: vscode.Uri | string): Promise<string | undefined> {
  const file = await targetFile(arg);
  if (!file) return undefined;
  let yaml: string | undefined;
  let message: string | undefined;
  try {
    const r = await s.lsp.sendRequest<ExpandExtensionsRequest.Result>(ExpandExtensionsRequest.method, { uri: file.toString() } satisfies ExpandExtensionsRequest.Params);
    yaml = r?.yaml;
    message = r?.message;
  } catch (e) {
    s.log.warn(`${ExpandExtensionsRequest.method} failed (${e instanceof Error ? e.message : String(e)}); trying the command line.`);
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('The language server could not expand the extensions, and running the tool is disabled in Restricted Mode.');
      return undefined;
    }
    const tool = path.basename(file.fsPath) === 'rockcraft.yaml' ? 'rockcraft' : 'charmcraft';
    try {
      const r = await runTool(craftContext(s), tool, cl.expandExtensions(), path.dirname(file.fsPath), undefined, false);
      if (r.code === 0) yaml = r.stdout;
      else message = r.stderr.trim().split('\n').slice(-3).join(' ') || `${tool} expand-extensions failed.`;
    } catch (err) {
      reportError(s, err, 'Expand extensions');
      return undefined;
    }
  }
  if (yaml === undefined) {
    void vscode.window.showInformationMessage(message ?? 'Nothing to expand: the file uses no extension.');
    return undefined;
  }
  const name = path.basename(file.fsPath).replace(/\.yaml$/, '');
  const uri = vscode.Uri.from({ scheme: EXPANDED_SCHEME, path: path.posix.join(path.dirname(file.path), `${name}.expanded.yaml`) });
  const header = `# Expanded from ${vscode.workspace.asRelativePath(file)} (read-only)\n`;
  provider.set(uri, header + yaml);
  s.observed.expandedText = header + yaml;
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return yaml;
}
