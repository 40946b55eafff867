/**
 * Hostile input: each file gets a clear diagnostic or is handled, within time and memory bounds.
 * The bounds are generous on purpose: they catch hangs and blow-ups, not slowness.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { getHeapStatistics } from 'v8';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService, type ParsedFile } from '../../server/src/service';
import { exerciseAll } from '../fuzz/core';
import { diagnosticProblems } from '../fuzz/checks';
import { CLIENT_CAPABILITIES, LspClient, configurationAnswerer, now } from '../fuzz/lspClient';
import { Rng } from '../fuzz/prng';
import { SHARED, show } from './helpers';
import { builtServer } from './lspSession';

const TIME_BOUND_MS = 5_000;
const HEAP_BOUND_MB = 512;

const ROCK = `name: hostile-rock
base: ubuntu@24.04
version: '0.1'
summary: A rock for tests
description: A rock for the hostile-input tests.
license: Apache-2.0
platforms:
  amd64:
parts:
  app:
    plugin: nil
`;

interface Outcome {
  parsed: ParsedFile;
  diagnostics: Diagnostic[];
  /** parse + validate */
  ms: number;
  /** The slowest feature call. */
  slowest: { name: string; ms: number };
  heapMb: number;
}

/**
 * Parses and validates `text` as `name`, then runs every feature at the start, middle and end
 * and at `extra` positions; fails on a throw, an internal error, a bad range or a broken bound
 * (parse + validate, and each feature call, within TIME_BOUND_MS).
 */
function analyse(name: string, text: string, extra: { line: number; character: number }[] = [], featureBoundMs = TIME_BOUND_MS): Outcome {
  const logged: string[] = [];
  const service = new LanguageService({ log: (m) => logged.push(m), settings: { projectChecks: false } });
  const heap0 = getHeapStatistics().used_heap_size;
  let heapPeak = heap0;
  const t0 = now();
  const parsed = service.parse({ uri: `file:///hostile/${name}`, path: `/hostile/${name}`, text, version: 1 });
  assert.ok(parsed, 'the service handles the file');
  heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  const diagnostics = service.validate(parsed);
  const ms = now() - t0;
  heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  assert.ok(ms < TIME_BOUND_MS, `parse + validate took ${ms.toFixed(0)} ms (bound ${TIME_BOUND_MS} ms)`);
  assert.deepEqual(logged, [], 'no internal failure was logged');
  assert.deepEqual(diagnosticProblems(diagnostics, text), [], 'diagnostics are well-formed');
  const last = parsed.lines.positionAt(text.length);
  const positions = [{ line: 0, character: 0 }, parsed.lines.positionAt(Math.floor(text.length / 2)), last, ...extra];
  const slow: string[] = [];
  const slowest = { name: '', ms: 0 };
  const featureFailures = exerciseAll(service, parsed, positions, diagnostics, (fname, pos, fms) => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
    if (fms > slowest.ms) Object.assign(slowest, { name: fname, ms: fms });
    if (fms > featureBoundMs) slow.push(`${fname} at ${pos.line}:${pos.character} took ${fms.toFixed(0)} ms (bound ${featureBoundMs} ms)`);
  });
  const heapMb = (heapPeak - heap0) / 1024 / 1024;
  assert.deepEqual(logged, [], 'no internal failure was logged by a feature');
  assert.deepEqual(featureFailures, [], 'every feature answered');
  assert.deepEqual(slow, [], 'every feature answered in time');
  assert.ok(heapMb < HEAP_BOUND_MB, `heap grew ${heapMb.toFixed(0)} MB (bound ${HEAP_BOUND_MB} MB)`);
  return { parsed, diagnostics, ms, slowest, heapMb };
}

const text_ = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value);
const codes = (o: Outcome): string[] => o.diagnostics.map((d) => String(d.code));
const withCode = (o: Outcome, code: string): Diagnostic[] => o.diagnostics.filter((d) => d.code === code);
const errorsOf = (o: Outcome): Diagnostic[] => o.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);

void test('baseline: the hostile tests start from a valid rock', () => {
  const o = analyse('rockcraft.yaml', ROCK);
  assert.deepEqual(errorsOf(o), [], show(o.diagnostics));
});

// ---- alias bombs

function billionLaughs(levels: number, width: number): string {
  const lines = [`l0: &l0 [${Array.from({ length: width }, () => '"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

void test('alias bomb ("billion laughs", 9 levels of 9) in a place the schema checks', () => {
  const bomb = billionLaughs(9, 9).replace(/^/gm, '  ');
  const text = `${ROCK.replace(/parts:[^]*$/, '')}x-bomb:\n${bomb}\nparts:\n  app:\n    plugin: nil\n    build-packages: *l8\n    stage-packages: [*l8, *l7]\n`;
  const o = analyse('rockcraft.yaml', text);
  // 9^9 strings if expanded: a wrong type is reported once per shared node, not once per copy.
  assert.ok(o.diagnostics.length < 200, `${o.diagnostics.length} diagnostics:\n${show(o.diagnostics.slice(0, 10))}`);
  assert.ok(o.diagnostics.some((d) => d.code === 'wrong-type'), show(o.diagnostics));
});

void test('alias bomb at the top level, as keys and under merge keys', () => {
  const text = `${ROCK}${billionLaughs(10, 10).replace(/^l/gm, 'x-l')}\n? *l9\n: boom\nenvironment:\n  <<: *l9\n`;
  const o = analyse('rockcraft.yaml', text);
  assert.ok(o.diagnostics.length > 0);
});

// ---- deep nesting

void test('10,000-deep flow sequence', () => {
  const o = analyse('rockcraft.yaml', `${ROCK}environment: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  assert.deepEqual(codes(o), ['too-deep'], show(o.diagnostics));
  assert.equal(o.diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.ok(o.parsed.skipped);
});

void test('10,000-deep flow mapping', () => {
  const o = analyse('rockcraft.yaml', `${ROCK}environment: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`);
  assert.deepEqual(codes(o), ['too-deep'], show(o.diagnostics));
});

void test('10,000-deep block sequence', () => {
  const o = analyse('rockcraft.yaml', `${ROCK}environment:\n  ${'- '.repeat(10_000)}x\n`);
  assert.deepEqual(codes(o), ['too-deep'], show(o.diagnostics));
});

void test('1,000-deep block mapping (indented one space a level)', () => {
  const lines = Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`);
  const o = analyse('rockcraft.yaml', `${ROCK}environment:\n${lines.join('\n')} x\n`);
  assert.deepEqual(codes(o), ['too-deep'], show(o.diagnostics));
  assert.equal(o.diagnostics[0].range.start.line > 10, true, 'points at the deep part');
});

void test('200-deep nesting (under the limit) is validated, and features work at the bottom', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 10)}k${i}:`);
  const text = `${ROCK}    build-environment:\n      - X:\n${lines.join('\n')} x\n`;
  const bottom = { line: text.split('\n').length - 2, character: 10 };
  const o = analyse('rockcraft.yaml', text, [bottom]);
  assert.ok(!o.parsed.skipped);
  assert.ok(!codes(o).includes('too-deep'));
});

// ---- size

void test('a 10 MB file is skipped with an information diagnostic, fast', () => {
  const part = (i: number): string => `  part-${i}:\n    plugin: nil\n    override-build: |\n      echo ${'x'.repeat(200)}\n`;
  let text = ROCK;
  for (let i = 0; text.length < 10 * 1024 * 1024; i++) text += part(i);
  // Features on a file that was not analysed have nothing to work with: they must answer at once.
  const o = analyse('rockcraft.yaml', text, [], 1_000);
  assert.deepEqual(codes(o), ['file-too-large'], show(o.diagnostics));
  assert.equal(o.diagnostics[0].severity, DiagnosticSeverity.Information);
  assert.ok(o.ms < 1_000, `${o.ms.toFixed(0)} ms`);
});

void test('very long lines: a 1 MB scalar and a 100,000-item flow list', () => {
  const long = analyse('rockcraft.yaml', ROCK.replace('description: A rock for the hostile-input tests.', `description: ${'word '.repeat(200_000)}`));
  assert.deepEqual(errorsOf(long), [], show(long.diagnostics));
  const items = Array.from({ length: 100_000 }, (_, i) => `pkg-${i}`).join(', ');
  const list = analyse('rockcraft.yaml', `${ROCK}    stage-packages: [${items}]\n`, [{ line: 11, character: 500_000 }]);
  assert.deepEqual(errorsOf(list), [], show(list.diagnostics.slice(0, 5)));
});

// ---- bytes

void test('binary data gets an error, not a crash', () => {
  const rng = new Rng(0xb1a5);
  let text = '';
  for (let i = 0; i < 200_000; i++) text += String.fromCharCode(rng.int(256));
  const o = analyse('rockcraft.yaml', text);
  assert.ok(errorsOf(o).length > 0, 'an error says the file cannot be read');
  assert.ok(o.diagnostics.length < 500, `${o.diagnostics.length} diagnostics is a flood`);
});

void test('NUL bytes: an invalid-character error at the NUL', () => {
  const text = ROCK.replace('summary: A rock for tests', 'summary: A rock\u0000for tests');
  const o = analyse('rockcraft.yaml', text);
  const bad = withCode(o, 'invalid-character');
  assert.equal(bad.length, 1, show(o.diagnostics));
  assert.equal(bad[0].severity, DiagnosticSeverity.Error);
  assert.deepEqual(bad[0].range.start, { line: 3, character: 15 });
  assert.match(text_(bad[0]), /U\+0000/);
});

void test('other control characters and lone surrogates are refused as the tools refuse them', () => {
  for (const ch of ['\u0007', '\u001b', '\u007f', '\u0090', '\ud800', '\uffff']) {
    const o = analyse('rockcraft.yaml', ROCK.replace('A rock for tests', `A rock${ch}for tests`));
    assert.equal(withCode(o, 'invalid-character').length, 1, `${JSON.stringify(ch)}: ${show(o.diagnostics)}`);
  }
  // tab, NEL, non-breaking space, emoji: allowed
  for (const ch of ['\t', '\u0085', '\u00a0', '😀']) {
    const o = analyse('rockcraft.yaml', ROCK.replace('A rock for tests', `"A rock${ch}for tests"`));
    assert.equal(withCode(o, 'invalid-character').length, 0, `${JSON.stringify(ch)}: ${show(o.diagnostics)}`);
  }
});

void test('non-UTF-8 bytes (read as UTF-8) get a warning', () => {
  const invalid = Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('utf8'); // "café" in Latin-1
  const o = analyse('rockcraft.yaml', ROCK.replace('A rock for tests', `A rock for ${invalid}`));
  assert.equal(withCode(o, 'replacement-character').length, 1, show(o.diagnostics));
});

// ---- line endings, BOM, tabs

const CORPUS_ROCK = path.join(SHARED, 'corpus', 'rockcraft', 'canonical__authentik-server-rock__rockcraft.yaml');

void test('CRLF and a BOM change nothing', () => {
  const text = fs.existsSync(CORPUS_ROCK) ? fs.readFileSync(CORPUS_ROCK, 'utf8') : ROCK;
  const lf = analyse('rockcraft.yaml', text);
  const crlf = analyse('rockcraft.yaml', text.replace(/\n/g, '\r\n'));
  const bom = analyse('rockcraft.yaml', `\ufeff${text}`);
  const key = (o: Outcome): string[] => o.diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`);
  assert.deepEqual(errorsOf(lf), [], show(lf.diagnostics));
  assert.deepEqual(key(crlf), key(lf));
  assert.deepEqual(key(bom), key(lf));
  // old Mac line ends are line ends too
  const cr = analyse('rockcraft.yaml', ROCK.replace(/\n/g, '\r'));
  assert.deepEqual(errorsOf(cr), [], show(cr.diagnostics));
});

void test('tab indentation gets a clear error; tabs inside values are fine', () => {
  const o = analyse('rockcraft.yaml', ROCK.replace('    plugin: nil', '\tplugin: nil'));
  assert.ok(o.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error && /tab/i.test(text_(d))), show(o.diagnostics));
  const ok = analyse('rockcraft.yaml', ROCK.replace('A rock for tests', '"A rock\tfor tests"'));
  assert.deepEqual(errorsOf(ok), [], show(ok.diagnostics));
});

// ---- YAML structure

void test('multi-document files: an error (the tools refuse them), and the second document is ignored', () => {
  const o = analyse('rockcraft.yaml', `${ROCK}---\nnot: [valid, rock]\n---\n- a list\n`);
  assert.deepEqual(codes(o), ['multiple-documents'], show(o.diagnostics));
  assert.equal(o.diagnostics[0].severity, DiagnosticSeverity.Error);
});

void test('merge keys `<<` bring their keys in', () => {
  const text = `${ROCK.replace('parts:\n  app:\n    plugin: nil\n', '')}parts:
  base-part: &common
    plugin: nil
    build-packages: [make]
  one:
    <<: *common
    override-build: make one
  two:
    <<: [*common]
    source: .
`;
  const o = analyse('rockcraft.yaml', text);
  assert.deepEqual(o.diagnostics, [], show(o.diagnostics));
});

void test('a merge of something that is not a mapping is refused', () => {
  const o = analyse('rockcraft.yaml', `${ROCK}    build-environment:\n      - A: &scalar x\nservices:\n  web:\n    <<: *scalar\n    command: /bin/web\n    override: replace\n`);
  assert.equal(withCode(o, 'bad-merge').length, 1, show(o.diagnostics));
});

void test('anchors across the file: defined in one section, used in another', () => {
  const text = `${ROCK}    build-packages: &pkgs [gcc, make]
    build-environment: &env
      - GOFLAGS: -mod=vendor
  other:
    plugin: nil
    build-packages: *pkgs
    stage-packages: *pkgs
    build-environment: *env
services:
  web:
    override: replace
    command: /bin/web
    environment: &svc-env
      PORT: "8080"
  worker:
    override: replace
    command: /bin/worker
    environment: *svc-env
`;
  const o = analyse('rockcraft.yaml', text, [{ line: 16, character: 23 }]);
  assert.deepEqual(errorsOf(o), [], show(o.diagnostics));
});

void test('an alias to no anchor, an alias inside its own anchor, a list as a key', () => {
  const undef = analyse('rockcraft.yaml', `${ROCK}    build-packages: *nowhere\n`);
  assert.equal(withCode(undef, 'undefined-alias').length, 1, show(undef.diagnostics));
  const cycle = analyse('rockcraft.yaml', `${ROCK}services: &loop\n  web:\n    override: replace\n    command: /bin/web\n    after: *loop\n`);
  assert.equal(withCode(cycle, 'alias-cycle').length, 1, show(cycle.diagnostics));
  const complex = analyse('rockcraft.yaml', `${ROCK}[a, b]: 1\n? {x: 1}\n: 2\n`);
  assert.equal(withCode(complex, 'complex-key').length, 2, show(complex.diagnostics));
});

// ---- through the server

void test('the server skips a 10 MB file fast and keeps answering', async () => {
  const server = await builtServer();
  const client = new LspClient(process.execPath, [server, '--stdio'], { onServerRequest: configurationAnswerer({ twelveFactor: {} }) });
  try {
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: CLIENT_CAPABILITIES }, 10_000);
    client.notify('initialized', {});
    let text = ROCK;
    while (text.length < 10 * 1024 * 1024) text += `  p${text.length}:\n    plugin: nil\n`;
    const uri = 'file:///hostile/big/rockcraft.yaml';
    const wait = client.nextDiagnostics(uri, TIME_BOUND_MS);
    const t0 = now();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const { params } = await wait;
    assert.ok(now() - t0 < TIME_BOUND_MS);
    assert.deepEqual(params.diagnostics.map((d) => d.code), ['file-too-large']);
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/documentSymbol', 'textDocument/foldingRange']) {
      const t = now();
      await client.request(method, { textDocument: { uri }, position: { line: 100_000, character: 2 } }, TIME_BOUND_MS);
      assert.ok(now() - t < 1_000, `${method} took ${(now() - t).toFixed(0)} ms on a skipped file`);
    }
  } finally {
    await client.stop();
  }
});
