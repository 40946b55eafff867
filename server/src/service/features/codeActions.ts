import { isMap, isScalar, isSeq, type Node } from 'yaml';
import {
  CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit,
} from 'vscode-languageserver-types';
import { deref, getNode, getPair, getString, keyText, scalarString, type AnyPair } from '../ast';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { SOURCE } from '../types';
import type { FixData } from '../validation/schemaValidator';
import { convertBasesEdit } from './convertBases';
import { columnOf, keyLines, lastTextOffset, missingTarget, pairLines } from './edits';
import { indentUnit, yamlScalar } from './snippets';
import { twelveFactorCodeActions } from '../twelveFactor/fixes';
import type { Workspace } from '../workspace';

/*
 * Quick fixes from the diagnostics' `code` and `data` (a `replacement` for the marked text,
 * `missing` keys to add), the removed Docker-style keys of rockcraft.yaml turned into their
 * Pebble form, and a refactoring from legacy `bases:` to `base:` + `platforms:`.
 */

/** The kind of the source action that converts `bases:`; listed in the server capabilities. */
export const CONVERT_BASES_KIND = `${CodeActionKind.Source}.convertBases`;

export function codeActions(parsed: ParsedFile, range: Range, context: CodeActionContext, workspace?: Workspace): CodeAction[] {
  if (parsed.skipped) return [];
  const out: CodeAction[] = [];
  for (const d of context.diagnostics) {
    if (d.source !== undefined && d.source !== SOURCE) continue;
    out.push(...fixesFor(parsed, d));
    // 12-factor fixes may create or edit the app's own files (requirements.txt, app.py).
    if (workspace) out.push(...twelveFactorCodeActions(parsed, d, workspace));
  }
  out.push(...convertBases(parsed, range));
  // Diagnostics in the request may be stale (published for an older text): an action built
  // from one could edit outside this text, so such actions are dropped.
  const fits = out.filter((a) => editsFit(parsed, a));
  out.length = 0;
  out.push(...fits);
  const only = context.only;
  if (!only || only.length === 0) return out;
  return out.filter((a) => only.some((k) => a.kind === k || (a.kind ?? '').startsWith(`${k}.`)));
}

function edit(parsed: ParsedFile, edits: TextEdit[]): CodeAction['edit'] {
  // New text is built with `\n`; a CRLF file keeps its own line ends.
  const crlf = parsed.text.includes('\r\n');
  return { changes: { [parsed.uri]: crlf ? edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : edits } };
}

function fixesFor(parsed: ParsedFile, d: Diagnostic): CodeAction[] {
  const data = (d.data ?? {}) as FixData;
  const code = String(d.code ?? '');
  const out: CodeAction[] = [];
  if (code === 'removed-key') out.push(...removedKeyFixes(parsed, d));
  if (typeof data.replacement === 'string') {
    const r = data.replacement;
    const title =
      code === 'deprecated-value' ? `Replace with \`${r}\``
        : code === 'alias-key' ? `Use \`${r}\` instead`
          : `Change to \`${r}\``;
    out.push({
      title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true,
      edit: edit(parsed, [{ range: d.range, newText: r }]),
    });
  }
  if (Array.isArray(data.missing) && data.missing.length) {
    const fix = addMissing(parsed, d, data.missing.filter((m): m is string => typeof m === 'string'));
    if (fix) out.push(fix);
  }
  return out;
}

/** Adds `missing` keys with placeholder values to the mapping the diagnostic is about. */
function addMissing(parsed: ParsedFile, d: Diagnostic, missing: string[]): CodeAction | undefined {
  if (!missing.length || !parsed.root) return undefined;
  const target = missingTarget(parsed, d.range);
  const unit = ' '.repeat(indentUnit(parsed.text));
  const present = new Set(target.map ? target.map.items.map((p) => keyText(p as AnyPair)) : []);
  const keys = missing.filter((k) => !present.has(k));
  if (!keys.length) return undefined;
  let newText: string;
  let at: number;
  if (target.keyPair) {
    // `key:` with no value: the keys become its children.
    const k = target.keyPair.key as Node;
    const indent = ' '.repeat(columnOf(parsed, k.range![0])) + unit;
    at = lastTextOffset(parsed, k);
    const v = target.keyPair.value as Node | null;
    if (v && v.range && v.range[1] > k.range![1]) at = lastTextOffset(parsed, v);
    newText = `\n${keyLines(parsed, target.path, keys, indent, unit).join('\n')}`;
  } else if (target.map && target.map.flow) {
    const end = target.map.range ? target.map.range[1] : 0;
    const close = parsed.text.lastIndexOf('}', end);
    if (close < 0) return undefined;
    at = close;
    const parts = keyLines(parsed, target.path, keys, '', unit).map((l) => l.trim());
    if (parts.some((p) => p.endsWith(':'))) return undefined;
    newText = `${target.map.items.length ? ', ' : ''}${parts.join(', ')}`;
  } else if (target.map && target.map.items.length) {
    const first = target.map.items[0] as AnyPair;
    const last = target.map.items[target.map.items.length - 1] as AnyPair;
    const indent = ' '.repeat(columnOf(parsed, (first.key as Node).range![0]));
    const lastNode = ((last.value as Node | null)?.range ? last.value : last.key) as Node;
    at = lastTextOffset(parsed, lastNode);
    newText = `\n${keyLines(parsed, target.path, keys, indent, unit).join('\n')}`;
  } else {
    at = parsed.text.length;
    newText = `${parsed.text.endsWith('\n') || !parsed.text ? '' : '\n'}${keyLines(parsed, target.path, keys, '', unit).join('\n')}\n`;
  }
  const pos = parsed.lines.positionAt(at);
  return {
    title: `Add ${keys.length === 1 ? 'missing key' : 'missing keys'} ${keys.map((k) => `\`${k}\``).join(', ')}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: true,
    edit: edit(parsed, [{ range: { start: pos, end: pos }, newText }]),
  };
}

// ---------------------------------------------------------------------------------------------
// `cmd` / `entrypoint` / `env` in rockcraft.yaml

function removedKeyFixes(parsed: ParsedFile, d: Diagnostic): CodeAction[] {
  const root = parsed.root;
  if (!root) return [];
  const offset = parsed.lines.offsetAt(d.range.start);
  const pair = (root.items as AnyPair[]).find((p) => (p.key as Node | null)?.range?.[0] === offset);
  if (!pair) return [];
  const key = keyText(pair);
  const out: CodeAction[] = [];
  if (parsed.kind === 'rockcraft' && (key === 'cmd' || key === 'entrypoint')) {
    const fix = commandToService(parsed);
    if (fix) out.push({ title: 'Move `entrypoint`/`cmd` into a Pebble service', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit(parsed, fix) });
  }
  if (parsed.kind === 'rockcraft' && key === 'env') {
    const fix = envToEnvironment(parsed, pair);
    if (fix) out.push({ title: 'Change `env` to `environment`', kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit(parsed, fix) });
  }
  const [start, end] = pairLines(parsed, pair);
  out.push({ title: `Remove \`${key}\``, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(parsed, [{ range: rangeOfOffsets(parsed.lines, start, end), newText: '' }]) });
  return out;
}

/** A command line from a string or a list of arguments (quoted like a shell would need). */
function commandWords(node: Node | undefined): string[] {
  if (isSeq(node)) return node.items.map((i) => scalarString(i) ?? '').filter(Boolean).map((w) => (/[\s"'\\]/.test(w) ? JSON.stringify(w) : w));
  const s = scalarString(node);
  return s ? [s] : [];
}

/** Replaces `entrypoint`/`cmd` by a service: entrypoint args fixed, cmd as the `[ default args ]`. */
function commandToService(parsed: ParsedFile): TextEdit[] | undefined {
  const root = parsed.root!;
  const doc = parsed.docs[0];
  const entry = getPair(root, 'entrypoint', doc);
  const cmd = getPair(root, 'cmd', doc);
  const e = commandWords(deref(entry?.value, doc));
  const c = commandWords(deref(cmd?.value, doc));
  if (!e.length && !c.length) return undefined;
  const command = e.length ? `${e.join(' ')}${c.length ? ` [ ${c.join(' ')} ]` : ''}` : c.join(' ');
  const unit = ' '.repeat(indentUnit(parsed.text));
  const services = getPair(root, 'services', doc);
  const servicesMap = deref(services?.value, doc);
  const existing = new Set(isMap(servicesMap) ? servicesMap.items.map((p) => keyText(p as AnyPair)) : []);
  let name = getString(root, 'name', doc) ?? 'app';
  for (let i = 2; existing.has(name); i++) name = `${getString(root, 'name', doc) ?? 'app'}-${i}`;
  const body = (indent: string): string[] => [
    `${indent}${name}:`,
    `${indent}${unit}override: replace`,
    `${indent}${unit}command: ${yamlScalar(command)}`,
    `${indent}${unit}startup: enabled`,
  ];
  const removed = [entry, cmd].filter((p): p is AnyPair => !!p).map((p) => pairLines(parsed, p)).sort((a, b) => a[0] - b[0]);
  const edits: TextEdit[] = [];
  if (isMap(servicesMap) && servicesMap.items.length && !servicesMap.flow) {
    const first = servicesMap.items[0] as AnyPair;
    const last = servicesMap.items[servicesMap.items.length - 1] as AnyPair;
    const indent = ' '.repeat(columnOf(parsed, (first.key as Node).range![0]));
    const at = parsed.lines.positionAt(lastTextOffset(parsed, ((last.value as Node | null)?.range ? last.value : last.key) as Node));
    edits.push({ range: { start: at, end: at }, newText: `\n${body(indent).join('\n')}` });
    for (const [s, e2] of removed) edits.push({ range: rangeOfOffsets(parsed.lines, s, e2), newText: '' });
  } else if (!services || servicesMap === undefined || (isScalar(servicesMap) && servicesMap.value === null) || (isMap(servicesMap) && servicesMap.items.length === 0)) {
    // No services yet: the block takes the place of the first removed key.
    const [s0, e0] = removed[0];
    edits.push({ range: rangeOfOffsets(parsed.lines, s0, e0), newText: `services:\n${body(unit).join('\n')}\n` });
    for (const [s, e2] of removed.slice(1)) edits.push({ range: rangeOfOffsets(parsed.lines, s, e2), newText: '' });
    if (services) {
      const [ss, se] = pairLines(parsed, services);
      edits.push({ range: rangeOfOffsets(parsed.lines, ss, se), newText: '' });
    }
  } else {
    return undefined;
  }
  return edits;
}

/** `env:` (a mapping, or a list of `NAME=value` / `NAME: value`) → `environment:`. */
function envToEnvironment(parsed: ParsedFile, env: AnyPair): TextEdit[] | undefined {
  const root = parsed.root!;
  const doc = parsed.docs[0];
  const value = deref(env.value, doc);
  const unit = ' '.repeat(indentUnit(parsed.text));
  const vars: [string, string][] = [];
  if (isMap(value)) {
    for (const p of value.items as AnyPair[]) vars.push([keyText(p), scalarString(deref(p.value, doc)) ?? '']);
  } else if (isSeq(value)) {
    for (const item of value.items) {
      const n = deref(item, doc);
      if (isMap(n)) for (const p of n.items as AnyPair[]) vars.push([keyText(p), scalarString(deref(p.value, doc)) ?? '']);
      else {
        const s = scalarString(n);
        const i = s?.indexOf('=') ?? -1;
        if (s && i > 0) vars.push([s.slice(0, i), s.slice(i + 1)]);
      }
    }
  }
  const existing = getNode(root, 'environment', doc);
  const envPair = getPair(root, 'environment', doc);
  const [start, end] = pairLines(parsed, env);
  if (isMap(value) && !envPair) {
    // Same content: only the key changes.
    return [{ range: rangeOfOffsets(parsed.lines, (env.key as Node).range![0], (env.key as Node).range![1]), newText: 'environment' }];
  }
  if (!vars.length) return undefined;
  const line = (indent: string, [k, v]: [string, string]): string => `${indent}${yamlScalar(k)}: ${yamlScalar(v)}`;
  if (isMap(existing) && existing.items.length && !existing.flow) {
    const have = new Set(existing.items.map((p) => keyText(p as AnyPair)));
    const first = existing.items[0] as AnyPair;
    const last = existing.items[existing.items.length - 1] as AnyPair;
    const indent = ' '.repeat(columnOf(parsed, (first.key as Node).range![0]));
    const at = parsed.lines.positionAt(lastTextOffset(parsed, ((last.value as Node | null)?.range ? last.value : last.key) as Node));
    const add = vars.filter(([k]) => !have.has(k)).map((v) => line(indent, v));
    const edits: TextEdit[] = [{ range: rangeOfOffsets(parsed.lines, start, end), newText: '' }];
    if (add.length) edits.unshift({ range: { start: at, end: at }, newText: `\n${add.join('\n')}` });
    return edits;
  }
  if (envPair) return undefined;
  return [{ range: rangeOfOffsets(parsed.lines, start, end), newText: `environment:\n${vars.map((v) => line(unit, v)).join('\n')}\n` }];
}

// ---------------------------------------------------------------------------------------------
// bases → base + platforms

function convertBases(parsed: ParsedFile, range: Range): CodeAction[] {
  if (parsed.kind !== 'charmcraft') return [];
  const edits = convertBasesEdit(parsed);
  if (!edits) return [];
  const title = 'Convert `bases:` to `base:` + `platforms:`';
  const out: CodeAction[] = [{ title, kind: CONVERT_BASES_KIND, edit: edit(parsed, edits) }];
  const pair = getPair(parsed.root, 'bases', parsed.docs[0]);
  const [s, e] = pair ? pairLines(parsed, pair) : [0, 0];
  const from = parsed.lines.offsetAt(range.start);
  const to = parsed.lines.offsetAt(range.end);
  if (pair && from <= e && to >= s) out.push({ title, kind: CodeActionKind.RefactorRewrite, edit: edit(parsed, edits) });
  return out;
}

function editsFit(parsed: ParsedFile, action: CodeAction): boolean {
  const lines = parsed.lines;
  const inside = (p: { line: number; character: number }): boolean => {
    if (p.line < 0 || p.character < 0 || p.line >= lines.lineCount) return false;
    const start = lines.offsetAt({ line: p.line, character: 0 });
    const next = p.line + 1 < lines.lineCount ? lines.offsetAt({ line: p.line + 1, character: 0 }) : parsed.text.length;
    const text = parsed.text.slice(start, next).replace(/\r?\n$/, '');
    return p.character <= text.length;
  };
  const edits = [...(action.edit?.changes?.[parsed.uri] ?? [])];
  for (const change of action.edit?.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === parsed.uri) edits.push(...change.edits.filter((e): e is TextEdit => 'range' in e));
  }
  return edits.every((e) => inside(e.range.start) && inside(e.range.end));
}
