/**
 * Quick fixes for the 12-factor diagnostics. A diagnostic that can be fixed by touching
 * other files (create requirements.txt, add `app` to app.py) or by removing a key carries
 * `data.tf` (a TfFix); this module turns it into an LSP CodeAction. In-file replacements
 * use the shared `data.replacement` convention (validation/schemaValidator.ts FixData) and
 * are built by the generic code-action handler, not here.
 */
import {
  CodeActionKind, CreateFile, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
  type CodeAction, type Diagnostic, type Range,
} from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node } from 'yaml';
import { pairAtPath, type YamlPath } from '../ast';
import { dirName } from '../fileKind';
import type { ParsedFile } from '../parse';
import type { Workspace } from '../workspace';

export type TfFix =
  /** Create a file that does not exist yet. `path` is absolute in diagnostics (relative in requirements.ts). */
  | { kind: 'create-file'; path: string; content: string; title: string }
  /** Append text at the end of an existing file. */
  | { kind: 'append-file'; path: string; text: string; title: string }
  /** Delete a key (with its value) from the diagnosed file. */
  | { kind: 'remove-key'; keyPath: YamlPath; title: string };

/** The TfFix a diagnostic carries, if any. */
export function tfFixOf(diagnostic: Diagnostic): TfFix | undefined {
  const data = diagnostic.data as { tf?: TfFix } | undefined;
  const fix = data?.tf;
  return fix && typeof fix === 'object' && typeof fix.kind === 'string' ? fix : undefined;
}

/**
 * A URI for another file of the project, built from the diagnosed file's URI so that its
 * scheme and encoding (e.g. `file:///c%3A/...`) carry over.
 */
export function uriForPath(parsed: ParsedFile, path: string): string {
  const dir = dirName(parsed.path);
  if (!parsed.uri.includes('://') || !path.startsWith(`${dir}/`)) return parsed.uri.includes('://') ? `file://${encodePath(path)}` : path;
  const uriDir = parsed.uri.slice(0, parsed.uri.lastIndexOf('/'));
  return `${uriDir}/${encodePath(path.slice(dir.length + 1))}`;
}

function encodePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** LSP code actions for a 12-factor diagnostic with `data.tf`; [] when it has none or the fix no longer applies. */
export function twelveFactorCodeActions(parsed: ParsedFile, diagnostic: Diagnostic, workspace: Workspace): CodeAction[] {
  const fix = tfFixOf(diagnostic);
  if (!fix) return [];
  const action = (title: string, documentChanges: (CreateFile | TextDocumentEdit)[], preferred = true): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { documentChanges },
  });
  switch (fix.kind) {
    case 'create-file': {
      if (workspace.exists(fix.path)) return [];
      const uri = uriForPath(parsed, fix.path);
      return [action(fix.title, [
        CreateFile.create(uri, { ignoreIfExists: true }),
        TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), [TextEdit.insert({ line: 0, character: 0 }, fix.content)]),
      ])];
    }
    case 'append-file': {
      const text = workspace.readText(fix.path);
      if (text === undefined) return [];
      const doc = TextDocument.create(fix.path, 'plaintext', 0, text);
      const end = doc.positionAt(text.length);
      const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
      const uri = fix.path === parsed.path ? parsed.uri : uriForPath(parsed, fix.path);
      return [action(fix.title, [
        TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), [TextEdit.insert(end, sep + fix.text)]),
      ])];
    }
    case 'remove-key': {
      const range = pairLinesRange(parsed, fix.keyPath);
      if (!range) return [];
      return [action(fix.title, [
        TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(parsed.uri, parsed.version), [TextEdit.del(range)]),
      ])];
    }
  }
}

/** The whole lines a key and its value occupy (so deleting them leaves valid YAML). */
export function pairLinesRange(parsed: ParsedFile, keyPath: YamlPath): Range | undefined {
  const pair = pairAtPath(parsed, keyPath);
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range) return undefined;
  const value = pair.value as Node | null;
  const start = key.range[0];
  let end = Math.max(key.range[1], value?.range ? value.range[1] : key.range[1]);
  // Through the end of the last line (a block value may already end with its newline).
  if (parsed.text[end - 1] !== '\n') {
    const nl = parsed.text.indexOf('\n', end);
    end = nl < 0 ? parsed.text.length : nl + 1;
  }
  const lineStart = parsed.text.lastIndexOf('\n', start - 1) + 1;
  // `- key: v` (the first key of a list item): delete from the key on, keep the dash.
  const from = /^\s*$/.test(parsed.text.slice(lineStart, start)) ? lineStart : start;
  return { start: parsed.lines.positionAt(from), end: parsed.lines.positionAt(end) };
}
