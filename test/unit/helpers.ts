import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService, type ProjectFs, type ServiceSettings } from '../../server/src/service';
import type { ParsedFile } from '../../server/src/service/parse';

export const REPO = path.resolve(__dirname, '../..');
/** The shared corpus sits beside the repository (as in CI); TWELVE_FACTOR_SHARED overrides. */
export const SHARED = process.env.TWELVE_FACTOR_SHARED ?? path.resolve(REPO, '../shared');

/** An in-memory project: absolute paths (forward slashes) → file text. */
export class MemoryFs implements ProjectFs {
  constructor(readonly files: Map<string, string> = new Map()) {}
  static of(files: Record<string, string>): MemoryFs {
    return new MemoryFs(new Map(Object.entries(files)));
  }
  readFile(p: string): string | undefined {
    return this.files.get(p);
  }
  exists(p: string): boolean {
    return this.files.has(p) || this.isDirectory(p);
  }
  isDirectory(p: string): boolean {
    const prefix = p.endsWith('/') ? p : `${p}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
  readDir(p: string): string[] | undefined {
    const prefix = p.endsWith('/') ? p : `${p}/`;
    const out = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) out.add(k.slice(prefix.length).split('/')[0]);
    return out.size ? [...out].sort() : undefined;
  }
}

export interface Checked {
  parsed: ParsedFile;
  diagnostics: Diagnostic[];
}

/** Validates `path` inside an in-memory project. */
export function checkIn(files: Record<string, string>, filePath: string, settings?: Partial<ServiceSettings>): Checked {
  const memory = MemoryFs.of(files);
  const service = new LanguageService({ fs: memory, settings, log: (m) => { throw new Error(m); } });
  const text = files[filePath];
  if (text === undefined) throw new Error(`no file ${filePath} in the test project`);
  const parsed = service.parse({ uri: filePath, path: filePath, text, version: 1 });
  if (!parsed) throw new Error(`not a file the service handles: ${filePath}`);
  return { parsed, diagnostics: service.validate(parsed) };
}

/** Validates a single rockcraft.yaml / charmcraft.yaml text on its own. */
export function checkText(name: string, text: string, settings?: Partial<ServiceSettings>): Checked {
  return checkIn({ [`/project/${name}`]: text }, `/project/${name}`, settings);
}

export function errors(list: Diagnostic[]): Diagnostic[] {
  return list.filter((d) => d.severity === DiagnosticSeverity.Error);
}

export function show(list: Diagnostic[]): string {
  return list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`).join('\n');
}

/** Reads a TSV with a header row into objects. */
export function readTsv(file: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

/**
 * Finds the `|` caret in a test text: returns the text without it and the caret's line and
 * character (0-based), so tests can mark the cursor inside real file content.
 */
export function caret(textWithCaret: string): { text: string; line: number; character: number; offset: number } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('no | caret in the test text');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, line: before.length - 1, character: before[before.length - 1].length, offset };
}
