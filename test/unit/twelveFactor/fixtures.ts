import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { REPO, checkIn, type Checked } from '../helpers';
import type { ServiceSettings } from '../../../server/src/service';

export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'projects');

/** A fixture project as in-memory files under `/projects/<name>/`. */
export function loadProject(name: string): Record<string, string> {
  const root = path.join(FIXTURES, name);
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[`/projects/${name}/${path.relative(root, full).split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** Validates one file of a project given as in-memory files. */
export function checkFile(files: Record<string, string>, file: string, settings?: Partial<ServiceSettings>): Checked {
  return checkIn(files, file, settings);
}

/** The 0-based range of the `occurrence`-th appearance of `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
  }
  const pos = (offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(at), end: pos(at + needle.length) };
}

/** Diagnostics from the 12-factor rules only. */
export function tf(list: Diagnostic[]): Diagnostic[] {
  return list.filter((d) => String(d.code).startsWith('tf-'));
}

/** The diagnostics with a code. */
export function withCode(list: Diagnostic[], code: string): Diagnostic[] {
  return list.filter((d) => d.code === code);
}

/** The only diagnostic with `code`; fails when there is none or several. */
export function one(list: Diagnostic[], code: string): Diagnostic {
  const found = list.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected exactly one ${code}, found ${found.length}:\n${list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`).join('\n')}`);
  return found[0];
}

/** The range of the `occurrence`-th `- <extension>` list entry (the extension name only). */
export function entryRange(text: string, extension: string, occurrence = 1): Range {
  const r = rangeOf(text, `- ${extension}\n`, occurrence);
  return { start: { line: r.start.line, character: r.start.character + 2 }, end: { line: r.start.line, character: r.start.character + 2 + extension.length } };
}

/** The range of `needle` inside the first appearance of `context` (to point at a key in a given line). */
export function rangeIn(text: string, context: string, needle: string): Range {
  const at = text.indexOf(context);
  if (at < 0) throw new Error(`"${context}" not found`);
  const inner = context.indexOf(needle);
  if (inner < 0) throw new Error(`"${needle}" not in "${context}"`);
  return offsetsRange(text, at + inner, at + inner + needle.length);
}

function offsetsRange(text: string, start: number, end: number): Range {
  const pos = (offset: number): { line: number; character: number } => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: pos(start), end: pos(end) };
}

/** A diagnostic's message as plain text. */
export function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
