/**
 * The incremental re-parse (server/src/service/incremental.ts) against parseFile, the
 * reference: seeded random edits of every corpus file (also with CRLF line breaks) and of
 * generated large files, each re-parsed both ways, must give the same tree (comments too), the
 * same line positions, the same diagnostics and the same answers to completion, hover,
 * document symbols and folding. The edits are typing, random characters and lines, and edits
 * at the boundaries of entries (a key's first column, the line break before it) that must
 * fall back. Typing inside an entry must take the fast path. Diagnostics are compared through
 * the service, so the schema walk's reuse of unchanged subtrees is checked too.
 * INCREMENTAL_SEED overrides the seed, INCREMENTAL_EDITS the number of edits per file,
 * INCREMENTAL_DUMP=file.json keeps the texts of a failing edit.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Position } from 'vscode-languageserver-types';
import { LanguageService, type FileKind } from '../../server/src/service';
import { parseFile, type ParseOptions, type ParsedFile } from '../../server/src/service/parse';
import { INCREMENTAL_PARSE, incrementalStats, reparse } from '../../server/src/service/incremental';
import { grow } from '../../bench/generate';
import { Rng } from '../fuzz/prng';
import { MemoryFs, SHARED } from './helpers';

const CORPUS = path.join(SHARED, 'corpus');
const SEED = Number(process.env.INCREMENTAL_SEED ?? 0x1c4e);
const EDITS = Number(process.env.INCREMENTAL_EDITS ?? 24);

interface Sample {
  label: string;
  kind: FileKind;
  text: string;
}

const KINDS: Record<string, FileKind> = {
  'rockcraft.yaml': 'rockcraft', 'charmcraft.yaml': 'charmcraft', 'metadata.yaml': 'metadata', 'config.yaml': 'config', 'actions.yaml': 'actions',
};

function corpus(): Sample[] {
  assert.ok(fs.existsSync(CORPUS), `the shared corpus is missing at ${CORPUS} (set TWELVE_FACTOR_SHARED)`);
  const out: Sample[] = [];
  for (const dir of ['rockcraft', 'charmcraft', 'legacy']) {
    for (const name of fs.readdirSync(path.join(CORPUS, dir)).sort()) {
      const kind = Object.entries(KINDS).find(([suffix]) => name.endsWith(suffix))?.[1];
      if (kind) out.push({ label: `${dir}/${name}`, kind, text: fs.readFileSync(path.join(CORPUS, dir, name), 'utf8') });
    }
  }
  return out;
}

const samples = corpus();

function largest(kind: FileKind): Sample {
  return samples.filter((s) => s.kind === kind).sort((a, b) => b.text.length - a.text.length)[0];
}

/** The tree as data: node kinds, ranges, values, styles and comments, and the yaml package's problems. */
function dump(parsed: ParsedFile): unknown {
  const node = (n: unknown): unknown => {
    if (n === null || n === undefined) return null;
    if (isPair(n)) return { key: node(n.key), value: node(n.value) };
    const o = n as { range?: unknown; commentBefore?: string; comment?: string; spaceBefore?: boolean };
    const base = { range: o.range, commentBefore: o.commentBefore, comment: o.comment, spaceBefore: o.spaceBefore };
    if (isScalar(n)) {
      const v = n.value;
      const value = typeof v === 'symbol' ? v.toString() : v instanceof Date ? v.toISOString() : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v;
      return { ...base, scalar: n.type, value, source: n.source, format: n.format };
    }
    if (isMap(n) || isSeq(n)) return { ...base, kind: isMap(n) ? 'map' : 'seq', flow: n.flow, items: (n.items as unknown[]).map(node) };
    return { ...base, other: String(n) };
  };
  const doc = parsed.docs[0];
  const problem = (e: { pos: [number, number]; code: string; message: string }): unknown => [e.pos, e.code, e.message];
  return {
    docs: parsed.docs.length,
    skipped: parsed.skipped,
    root: node(parsed.root),
    range: doc?.range,
    comment: doc?.comment,
    errors: doc?.errors.map(problem),
    warnings: doc?.warnings.map(problem),
  };
}

const service = new LanguageService({ fs: new MemoryFs(), settings: { projectChecks: true, maxFileSize: 64 * 1024 * 1024 }, log: (m) => { throw new Error(m); } });

function positionsFor(rng: Rng, text: string, at: number): Position[] {
  const lines = text.split('\n');
  const pos = (offset: number): Position => {
    const before = text.slice(0, Math.max(0, Math.min(offset, text.length))).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  const line = rng.int(lines.length);
  return [pos(at), pos(at + 1), { line, character: rng.int(lines[line].length + 1) }, { line: Math.min(lines.length - 1, pos(at).line + 1), character: 4 }];
}

/** Everything a client sees from a parse, and the tree itself, must be the same both ways. */
function assertSame(inc: ParsedFile, full: ParsedFile, positions: Position[], where: string): void {
  assert.deepEqual(dump(inc), dump(full), `${where}: tree`);
  assert.equal(inc.text, full.text);
  assert.equal(inc.lines.lineCount, full.lines.lineCount, `${where}: line count`);
  for (const p of positions) {
    const offset = full.lines.offsetAt(p);
    assert.equal(inc.lines.offsetAt(p), offset, `${where}: offset of ${p.line}:${p.character}`);
    for (const o of [offset - 1, offset, offset + 1, full.text.length]) assert.deepEqual(inc.lines.positionAt(o), full.lines.positionAt(o), `${where}: position of ${o}`);
  }
  assert.deepEqual(inc.syntax, full.syntax, `${where}: syntax diagnostics`);
  assert.deepEqual(service.validate(inc), service.validate(full), `${where}: validate()`);
  assert.deepEqual(service.documentSymbols(inc), service.documentSymbols(full), `${where}: document symbols`);
  assert.deepEqual(service.foldingRanges(inc), service.foldingRanges(full), `${where}: folding`);
  for (const p of positions) {
    assert.deepEqual(service.complete(inc, p), service.complete(full, p), `${where}: completion at ${p.line}:${p.character}`);
    assert.deepEqual(service.hover(inc, p), service.hover(full, p), `${where}: hover at ${p.line}:${p.character}`);
  }
}

const CHARS = ['a', 'x', '1', ' ', ' ', '-', '.', '_', ':', ': ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&', '*', '!', '?', '%', '\\', '\t', '\n', '\n  ', '\n    ', '\r\n', '\u00a0', '\u0007', '\uFFFD'];
const LINES = [
  'foo: bar', 'key:', '- item', '# comment', '#comment', '', '   ', 'plugin: nil', '"quoted": x', "'open: y", 'k: "multi', 'line"', 'x: |', 'y: >-',
  'a: [1,', 'b]', 's: {a: 1,', '}', '? explicit', ': value', '---', '...', '%YAML 1.1', 'a: &anchor 1', 'b: *anchor', '<<: *anchor', 't: !tag x',
  '\tfoo: 1', 'yes: no', 'on: 1', 'true: 2', 'plugin: nil  # comment', 'source: .',
];

/** Where key lines start: the boundaries of the entries the fast path re-parses. */
function keyLines(text: string): number[] {
  const out: number[] = [];
  const re = /^( *)[^\s#-][^\n]*:/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index + m[1].length);
  return out;
}

interface Edit {
  text: string;
  at: number;
  what: string;
}

/** A one-character edit inside a line (not its first column), as typing does. */
function typing(rng: Rng, text: string): Edit {
  for (let tries = 0; ; tries++) {
    const at = rng.int(text.length);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    let indent = 0;
    while (text[lineStart + indent] === ' ') indent++;
    if (tries < 50 && (indent < 2 || at <= lineStart + indent || text[at] === '\n' || text[at] === '\r' || text[at - 1] === '\n')) continue;
    if (rng.chance(0.6)) {
      const c = rng.pick(['a', 'e', 'x', '1', ' ', '-', '_', '.']);
      return { text: text.slice(0, at) + c + text.slice(at), at, what: `insert ${JSON.stringify(c)} at ${at}` };
    }
    return { text: text.slice(0, at) + text.slice(at + 1), at, what: `delete at ${at}` };
  }
}

function randomEdit(rng: Rng, text: string): Edit {
  const r = rng.next();
  if (r < 0.4) return typing(rng, text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  if (r < 0.6) {
    const at = rng.int(text.length + 1);
    if (rng.chance(0.6)) {
      const c = rng.pick(CHARS);
      return { text: text.slice(0, at) + c + text.slice(at), at, what: `insert ${JSON.stringify(c)} at ${at}` };
    }
    const n = rng.range(1, 4);
    return { text: text.slice(0, at) + text.slice(at + n), at, what: `delete ${n} at ${at}` };
  }
  if (r < 0.8) {
    const at = rng.pick(lineStarts);
    const end = text.indexOf('\n', at);
    if (rng.chance(0.3) && end >= 0) return { text: text.slice(0, at) + text.slice(end + 1), at, what: `delete the line at ${at}` };
    const line = `${' '.repeat(rng.pick([0, 0, 1, 2, 2, 4, 4, 6, 8]))}${rng.pick(LINES)}\n`;
    return { text: text.slice(0, at) + line + text.slice(at), at, what: `insert line ${JSON.stringify(line)} at ${at}` };
  }
  // At an entry's boundary: its key's first column, the line break before it, the line above.
  const keys = keyLines(text);
  if (!keys.length) return typing(rng, text);
  const key = rng.pick(keys);
  const lineStart = text.lastIndexOf('\n', key - 1) + 1;
  switch (rng.int(7)) {
    case 0:
      return { text: text.slice(0, key) + text.slice(key + 1), at: key, what: `delete a key's first character at ${key}` };
    case 1:
      return { text: `${text.slice(0, key)}x${text.slice(key)}`, at: key, what: `insert before a key at ${key}` };
    case 2:
      return lineStart > 0 ? { text: text.slice(0, lineStart - 1) + text.slice(lineStart), at: lineStart - 1, what: `join a key's line to the one above at ${lineStart - 1}` } : typing(rng, text);
    case 3:
      return rng.chance(0.5)
        ? { text: `${text.slice(0, lineStart)} ${text.slice(lineStart)}`, at: lineStart, what: `indent a key line at ${lineStart}` }
        : key > lineStart ? { text: text.slice(0, lineStart) + text.slice(lineStart + 1), at: lineStart, what: `outdent a key line at ${lineStart}` } : typing(rng, text);
    case 4: {
      const c = rng.pick(['"', "'", '[', '{', ' |', ' >', ' &a', ' *a', ' !t', ' #', '\\']);
      const at = Math.max(0, lineStart - 1);
      return { text: text.slice(0, at) + c + text.slice(at), at, what: `append ${JSON.stringify(c)} to the line above a key at ${at}` };
    }
    case 5: {
      const line = rng.pick(['new-key: 1\n', '#x\n', '# x\n', '  #y\n', '---\n', '\t\n', '- x\n']);
      return { text: text.slice(0, lineStart) + line + text.slice(lineStart), at: lineStart, what: `insert ${JSON.stringify(line)} above a key at ${lineStart}` };
    }
    default: {
      const at = key + 1 + rng.int(4);
      return { text: `${text.slice(0, at)}z${text.slice(at)}`, at, what: `type in a key at ${at}` };
    }
  }
}

function optsFor(s: Sample, version: number): ParseOptions {
  const name = Object.entries(KINDS).find(([, k]) => k === s.kind)![0];
  return { uri: `file:///project/${name}`, path: `/project/${name}`, kind: s.kind, version, maxFileSize: 64 * 1024 * 1024 };
}

/** Edits a file `edits` times in a row (back to the original now and then), checking each re-parse. */
function run(s: Sample, rng: Rng, edits: number, pick: (rng: Rng, text: string) => Edit): { fast: number; total: number } {
  let text = s.text;
  let prev = parseFile(text, optsFor(s, 0));
  let fast = 0;
  for (let i = 1; i <= edits; i++) {
    const edit = i % 10 === 0 ? { text: s.text, at: 0, what: 'back to the original' } : pick(rng, text);
    const opts = optsFor(s, i);
    const inc = reparse(prev, edit.text, opts);
    const full = parseFile(edit.text, opts);
    if (inc) {
      fast++;
      assert.equal(inc.incremental, true);
      try {
        assertSame(inc, full, positionsFor(rng, edit.text, edit.at), `${s.label}, edit ${i} (${edit.what}; seed ${rng.seed})`);
      } catch (e) {
        // INCREMENTAL_DUMP=file.json keeps both texts of a failing edit for a closer look.
        if (process.env.INCREMENTAL_DUMP) fs.writeFileSync(process.env.INCREMENTAL_DUMP, JSON.stringify({ label: s.label, kind: s.kind, before: text, after: edit.text }));
        throw e;
      }
    }
    text = edit.text;
    prev = inc ?? full;
  }
  return { fast, total: edits };
}

void test('the fast path is on', () => {
  assert.equal(INCREMENTAL_PARSE, true);
});

void test(`random edits of ${samples.length} corpus files re-parse exactly as a full parse (seed ${SEED})`, { timeout: 600_000 }, (t) => {
  assert.ok(samples.length >= 142, `expected the corpus files, found ${samples.length}`);
  let fast = 0;
  let total = 0;
  samples.forEach((s, i) => {
    const r = run(s, new Rng(SEED + i), EDITS, randomEdit);
    fast += r.fast;
    total += r.total;
  });
  t.diagnostic(`${total} random edits, ${fast} re-parsed incrementally and compared; fallbacks: ${JSON.stringify(incrementalStats.reasons)}`);
  // Many of these edits break the file on purpose; still, a good share must take the fast path.
  assert.ok(fast > total * 0.3, `only ${fast} of ${total} edits took the fast path`);
});

void test('random edits of corpus files with CRLF line breaks re-parse exactly as a full parse', { timeout: 300_000 }, () => {
  samples.filter((_, i) => i % 5 === 0).forEach((s, i) => {
    run({ ...s, label: `${s.label} (CRLF)`, text: s.text.replace(/\r?\n/g, '\r\n') }, new Rng(SEED * 3 + i), Math.ceil(EDITS / 2), randomEdit);
  });
});

void test('typical edits inside an entry take the fast path', { timeout: 300_000 }, (t) => {
  let fast = 0;
  let total = 0;
  samples.forEach((s, i) => {
    const rng = new Rng(SEED * 7 + i);
    const prev = parseFile(s.text, optsFor(s, 0));
    for (let k = 1; k <= 8; k++) {
      const edit = typing(rng, s.text);
      const opts = optsFor(s, k);
      const inc = reparse(prev, edit.text, opts);
      total++;
      if (!inc) continue;
      fast++;
      assertSame(inc, parseFile(edit.text, opts), positionsFor(rng, edit.text, edit.at), `${s.label}, typing ${k} (${edit.what})`);
    }
  });
  t.diagnostic(`typing inside entries: ${fast} of ${total} re-parsed incrementally`);
  assert.ok(fast >= total * 0.9, `only ${fast} of ${total} typing edits took the fast path`);
});

for (const kind of ['rockcraft', 'charmcraft'] as const) {
  void test(`edits of a generated ${kind}.yaml 10× the largest re-parse exactly as a full parse`, { timeout: 300_000 }, () => {
    const base = largest(kind);
    const big: Sample = { label: `${base.label} ×10`, kind, text: grow(base.text, kind, 10) };
    const r = run(big, new Rng(SEED ^ 0x5eed), 30, (rng, text) => (rng.chance(0.5) ? typing(rng, text) : randomEdit(rng, text)));
    assert.ok(r.fast >= r.total * 0.4, `only ${r.fast} of ${r.total} edits took the fast path`);
  });
}

void test('the language service re-parses an edited document incrementally', () => {
  const s = largest('rockcraft');
  const svc = new LanguageService({ fs: new MemoryFs(), settings: { projectChecks: false } });
  const doc = { uri: 'file:///p/rockcraft.yaml', path: '/p/rockcraft.yaml' };
  const first = svc.parse({ ...doc, text: s.text, version: 1 });
  assert.ok(first && !first.incremental);
  const lines = s.text.split('\n');
  const mid = lines.findIndex((l, i) => i > lines.length / 2 && /^ {4}\S/.test(l));
  const at = lines.slice(0, mid).join('\n').length + 1 + lines[mid].length;
  const edited = `${s.text.slice(0, at)} ${s.text.slice(at)}`;
  const second = svc.parse({ ...doc, text: edited, version: 2 });
  assert.equal(second?.incremental, true);
  const full = parseFile(edited, { ...doc, kind: 'rockcraft', version: 2 });
  assert.deepEqual(svc.validate(second), svc.validate(full));
  // The previous parse is left as it was.
  assert.deepEqual(dump(first), dump(parseFile(s.text, { ...doc, kind: 'rockcraft', version: 1 })));
  // Same text, new version: nothing to parse.
  assert.equal(svc.parse({ ...doc, text: edited, version: 3 })?.incremental, true);
});

void test('edits the fast path must leave to a full parse', () => {
  const text = 'name: app\nbase: ubuntu@24.04\nparts:\n  app:\n    plugin: nil\n    source: .\n  other:\n    plugin: dump\nservices:\n  web:\n    command: run\n';
  const opts: ParseOptions = { uri: 'file:///p/rockcraft.yaml', path: '/p/rockcraft.yaml', kind: 'rockcraft', version: 1 };
  const prev = parseFile(text, opts);
  const mustFallBack: [string, string][] = [
    ['a new top-level key inside an entry', text.replace('    source: .\n', 'source: .\n')],
    ['an anchor', text.replace('plugin: nil', 'plugin: &p nil')],
    ['an alias', text.replace('plugin: dump', 'plugin: *p')],
    ['a tag', text.replace('plugin: nil', 'plugin: !x nil')],
    ['a document marker', text.replace('  other:\n', '---\n  other:\n')],
    ['a directive', text.replace('  other:\n', '%YAML 1.2\n  other:\n')],
    ['a changed top-level key', text.replace('parts:', 'part:')],
    ['a tab in the indentation', text.replace('    source', '\t   source')],
    ['an edit before the first key', `# a comment\n${text}`],
  ];
  for (const [what, next] of mustFallBack) {
    assert.equal(reparse(prev, next, { ...opts, version: 2 }), undefined, `${what}: expected a full parse`);
  }
  // Either way, these must come out as a full parse would.
  const either: [string, string][] = [
    ['a flow sequence left open across the next key', text.replace('source: .', 'source: [.')],
    ['a quote left open', text.replace('source: .', 'source: ".')],
    ['a joined line', text.replace('nil\n    source', 'nil    source')],
    ['a block scalar header after a value', text.replace('source: .', 'source: . |')],
    ['a new sibling entry', text.replace('  other:\n', '  third:\n    plugin: nil\n  other:\n')],
    ['an entry removed', text.replace('  other:\n    plugin: dump\n', '')],
  ];
  for (const [what, next] of either) {
    const inc = reparse(prev, next, { ...opts, version: 2 });
    if (inc) assertSame(inc, parseFile(next, { ...opts, version: 2 }), [{ line: 5, character: 12 }], what);
  }
  // Edits inside an entry do take the fast path.
  assert.equal(reparse(prev, text.replace('plugin: nil', 'plugin: nul'), { ...opts, version: 2 })?.incremental, true);
  assert.equal(reparse(prev, text.replace('    source: .\n', '    source: .\n    source-type: git\n'), { ...opts, version: 2 })?.incremental, true);
});
