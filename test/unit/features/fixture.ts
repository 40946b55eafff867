import * as fs from 'fs';
import * as path from 'path';
import type { CompletionItem, Position, TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../../server/src/service';
import type { ParsedFile } from '../../../server/src/service/parse';
import { MemoryFs, REPO } from '../helpers';

export const EDITING = path.join(REPO, 'test', 'fixtures', 'editing');

const MARKER = /\{\|([a-z0-9-]+)\}/g;

export interface Fixture {
  /** Virtual absolute path of the file (`/editing/<folder>/<name>`). */
  path: string;
  /** The text with every `{|name}` marker removed. */
  text: string;
  /** Offsets of the markers in `text`. */
  markers: Map<string, number>;
}

/** Reads `test/fixtures/editing/<rel>` and takes out its `{|name}` cursor markers. */
export function readFixture(rel: string): Fixture {
  const raw = fs.readFileSync(path.join(EDITING, rel), 'utf8');
  const markers = new Map<string, number>();
  let text = '';
  let last = 0;
  for (const m of raw.matchAll(MARKER)) {
    text += raw.slice(last, m.index);
    markers.set(m[1], text.length);
    last = m.index + m[0].length;
  }
  text += raw.slice(last);
  return { path: `/editing/${rel}`, text, markers };
}

export interface Opened {
  service: LanguageService;
  parsed: ParsedFile;
  fixture: Fixture;
  /** Position of a marker. */
  at(marker: string): Position;
  /** Position of the `n`th occurrence of `needle` (0-based), plus `shift` characters. */
  find(needle: string, n?: number, shift?: number): Position;
}

/**
 * Opens a fixture in a language service whose in-memory project holds it and the given
 * sibling fixtures (so charm split-layout files are recognised).
 */
export function open(rel: string, siblings: string[] = []): Opened {
  const fixture = readFixture(rel);
  const files: Record<string, string> = { [fixture.path]: fixture.text };
  for (const s of siblings) {
    const f = readFixture(s);
    files[f.path] = f.text;
  }
  const service = new LanguageService({ fs: MemoryFs.of(files), log: (m) => { throw new Error(m); } });
  const parsed = service.parse({ uri: fixture.path, path: fixture.path, text: fixture.text, version: 1 });
  if (!parsed) throw new Error(`not a file the service handles: ${fixture.path}`);
  return {
    service, parsed, fixture,
    at(marker) {
      const offset = fixture.markers.get(marker);
      if (offset === undefined) throw new Error(`no marker {|${marker}} in ${rel}`);
      return parsed.lines.positionAt(offset);
    },
    find(needle, n = 0, shift = 0) {
      let i = -1;
      for (let k = 0; k <= n; k++) {
        i = fixture.text.indexOf(needle, i + 1);
        if (i < 0) throw new Error(`"${needle}" occurs fewer than ${n + 1} times in ${rel}`);
      }
      return parsed.lines.positionAt(i + shift);
    },
  };
}

/** Opens a fixture with the other YAML files of its folder beside it (a charm's split layout). */
export function openInFolder(rel: string): Opened {
  const dir = path.posix.dirname(rel);
  const others = fs.readdirSync(path.join(EDITING, dir)).filter((f) => f.endsWith('.yaml') && `${dir}/${f}` !== rel).map((f) => `${dir}/${f}`);
  return open(rel, others);
}

/** Applies text edits (non-overlapping) to a text. */
export function applyEdits(text: string, parsed: ParsedFile, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, parsed.lines.offsetAt(e.range.start)) + e.newText + out.slice(parsed.lines.offsetAt(e.range.end));
  }
  return out;
}

/** Expands a snippet the way an editor does when the user accepts every default. */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** The text after accepting a completion item with its defaults. */
export function accept(opened: Opened, item: CompletionItem): string {
  const te = item.textEdit as TextEdit | undefined;
  if (!te) throw new Error(`item ${item.label} has no text edit`);
  return applyEdits(opened.fixture.text, opened.parsed, [{ range: te.range, newText: expandSnippet(te.newText) }]);
}

export function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}
