// Helpers for the suite that runs inside the extension host. Waiting is always on an event (or a
// file appearing) with a timeout that fails with what was last seen — never a fixed sleep.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'twelve-factor-charms.twelve-factor-charms';
export const DEFAULT_TIMEOUT_MS = 15_000;

/** The workspace folder the run opened (a fresh copy of test/e2e/workspaces). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

export async function activateExtension<T = unknown>(): Promise<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

/** Rejects after `ms` with `message()` (evaluated at timeout, so it can describe the last state). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with `probe()`'s first defined value, probing now and after each firing of `event`.
 * Each event is a reason to look again; the timeout reports `describe()`.
 */
export function waitUntil<T>(
  event: vscode.Event<unknown>,
  probe: () => T | undefined,
  describe: () => string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  let sub: vscode.Disposable | undefined;
  const found = new Promise<T>((resolve) => {
    sub = event(() => {
      const v = probe();
      if (v !== undefined) resolve(v);
    });
  });
  return withTimeout(found, timeoutMs, describe).finally(() => sub?.dispose());
}

export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(no diagnostics)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${diagnosticCode(d) ?? '?'} ${d.message}`)
    .join('\n    ');
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Waits until the diagnostics of `uri` satisfy `accept`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri);
  return waitUntil(
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const d = current();
      return accept(d) ? d : undefined;
    },
    () => `${what} on ${path.basename(uri.fsPath)}; last seen:\n    ${formatDiagnostics(current())}`,
    timeoutMs,
  );
}

/**
 * Opens a document in an editor and waits until the language server has published diagnostics for
 * it once (its first answer), so later requests reach a server that knows the document.
 */
export async function openAndSettle(uri: vscode.Uri, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<vscode.TextEditor> {
  const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  let sub: vscode.Disposable | undefined;
  const published = new Promise<void>((resolve) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) resolve();
    });
  });
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    if (!alreadyOpen) await withTimeout(published, timeoutMs, () => `no diagnostics were published for ${uri.fsPath}`);
    return editor;
  } finally {
    sub?.dispose();
  }
}

/** Position of the `occurrence`-th (0-based) match of `needle` in the document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, occurrence = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + offset);
}

/** Range covering the `occurrence`-th match of `needle`. */
export function rangeOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const start = positionOf(doc, needle, 0, occurrence);
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + needle.length));
}

/** Range of `text` found inside the first match of the longer `within` (default: the first match of `text`). */
export function rangeIn(doc: vscode.TextDocument, text: string, within?: string): vscode.Range {
  if (!within) return rangeOf(doc, text);
  const at = within.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not part of "${within}"`);
  const start = doc.offsetAt(rangeOf(doc, within).start) + at;
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + text.length));
}

/** Replaces the first match of `from` with `to` through a WorkspaceEdit (as a quick fix or the user would). */
export async function replaceText(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, rangeOf(doc, from), to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.fsPath}`);
}

/** Resolves when `file` exists (watching its folder), with a timeout. */
export async function waitForFile(file: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await waitForFileContent(file, () => true, timeoutMs);
}

/**
 * Resolves with `read(text)` once `file` exists and `read` returns a value for its content (a
 * writer may be half-way through), watching the file's folder; with a timeout.
 */
export function waitForFileContent<T>(file: string, read: (text: string) => T | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const probe = (): T | undefined => {
    try {
      return read(fs.readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const now = probe();
  if (now !== undefined) return Promise.resolve(now);
  let watcher: fs.FSWatcher | undefined;
  const ready = new Promise<T>((resolve) => {
    const check = (): void => {
      const v = probe();
      if (v !== undefined) resolve(v);
    };
    watcher = fs.watch(path.dirname(file), check);
    check(); // written between the first probe and the watch
  });
  return withTimeout(ready, timeoutMs, () => `${file} did not appear (or not complete)`).finally(() => watcher?.close());
}

/** `JSON.parse`, or undefined for text that is not (yet) complete JSON. */
export function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * Asks the test driver (our launcher) for a screenshot of the workbench, when it serves them
 * (E2E_SCREENSHOT_DIR is set only then); otherwise does nothing. The driver first waits until each
 * CSS selector in `waitFor` is visible in the page (the renderer draws after the extension host
 * sees a change). Resolves once the image is saved.
 */
export async function screenshot(name: string, waitFor: string[] = []): Promise<boolean> {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return false;
  fs.mkdirSync(dir, { recursive: true });
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  // Written aside and renamed, so the driver never reads half a request.
  const tmp = path.join(dir, `${name}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ waitFor }));
  fs.renameSync(tmp, path.join(dir, `${name}.request`));
  await waitForFile(done, 30_000);
  return true;
}

/**
 * For conditions no event reports (another process ending): checks every `intervalMs` until
 * `probe()` holds, failing with `describe()` after the timeout.
 */
export function pollUntil(probe: () => boolean, describe: () => string, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 50): Promise<void> {
  if (probe()) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (probe()) resolve();
    }, intervalMs);
  });
  return withTimeout(done, timeoutMs, describe).finally(() => clearInterval(timer));
}

/** True when no live process has this pid (a zombie waiting to be reaped counts as ended). */
export function processEnded(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
