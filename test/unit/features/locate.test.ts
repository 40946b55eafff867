import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { performance } from 'perf_hooks';
import { LanguageService } from '../../../server/src/service';
import { cursorContext, hitAt, outline } from '../../../server/src/service/features/locate';
import { parseFile } from '../../../server/src/service/parse';
import { caret } from '../helpers';
import { readFixture } from './fixture';

function at(textWithCaret: string): ReturnType<typeof cursorContext> {
  const { text, offset } = caret(textWithCaret);
  return cursorContext(text, offset);
}

void test('cursor context on half-typed lines', () => {
  const cases: [string, string, (string | number)[], string][] = [
    ['parts:\n  foo:\n    plu|', 'key', ['parts', 'foo'], 'plu'],
    ['name: x\nba|', 'key', [], 'ba'],
    ['|', 'key', [], ''],
    ['base: ubu|', 'value', ['base'], 'ubu'],
    ['base:|', 'value', ['base'], ''],
    ['parts:\n  foo:\n    after: [a, |]', 'value', ['parts', 'foo', 'after', 1], ''],
    ['parts:\n  foo:\n    stage-packages:\n      - a\n      - li|', 'value', ['parts', 'foo', 'stage-packages', 1], 'li'],
    ['package-repositories:\n  - type: apt\n    |', 'key', ['package-repositories', 0], ''],
    ['services:\n  web:\n    override: replace\n    |\n    command: foo', 'key', ['services', 'web'], ''],
    ['after:\n- a\n- |', 'value', ['after', 1], ''],
    ['parts:\n  foo:\n    plugin: dump\n  |', 'key', ['parts'], ''],
    ['parts:\n  foo:\n    plugin: dump\n\n    |', 'key', ['parts', 'foo'], ''],
    ['"quoted key": 1\nna|', 'key', [], 'na'],
  ];
  for (const [text, mode, path, prefix] of cases) {
    const c = at(text);
    assert.deepEqual([c.mode, c.path, c.prefix], [mode, path, prefix], JSON.stringify(text));
  }
  assert.deepEqual(at('services:\n  web:\n    override: replace\n    |\n    command: foo').siblings, ['override', 'command']);
  assert.equal(at('base:|').needsSpace, true);
  assert.equal(at('na|me: x').hasColon, true);
  assert.equal(at('name: x # comm|').mode, 'none');
  assert.equal(at('description: >\n  some te|xt\nname: x').mode, 'none');
});

void test('the outline follows lists at their key\'s indentation, block scalars and flow values', () => {
  const lines = outline('parts:\n  a:\n    override-build: |\n      key: not a key\n    after:\n    - b\nname: x\n');
  const keys = lines.flatMap((l) => l.entries.filter((e) => e.kind === 'key').map((e) => e.path.join('.')));
  assert.deepEqual(keys, ['parts', 'parts.a', 'parts.a.override-build', 'parts.a.after', 'name']);
  assert.equal(lines[3].continuation, true);
  assert.deepEqual(lines[5].entries[0].path, ['parts', 'a', 'after', 0]);
});

void test('the tree hit under the cursor: keys, values, list items, on a real fixture', () => {
  const f = readFixture('rock-coredns/rockcraft.yaml');
  const parsed = parseFile(f.text, { uri: f.path, path: f.path, kind: 'rockcraft' });
  const hit = (marker: string): [string, (string | number)[]] | undefined => {
    const h = hitAt(parsed, f.markers.get(marker) ?? -1);
    return h && [h.on, h.path];
  };
  assert.deepEqual(hit('part-use'), ['value', ['parts', 'coredns', 'after', 0]]);
  assert.deepEqual(hit('part-def'), ['key', ['parts', 'openssl']]);
  assert.deepEqual(hit('check-use'), ['key', ['services', 'coredns', 'on-check-failure', 'online']]);
  assert.deepEqual(hit('eps'), ['value', ['entrypoint-service']]);
});

void test('CRLF and old-Mac CR line ends count as line ends, as in LSP positions', () => {
  for (const eol of ['\r\n', '\r']) {
    const text = ['name: x', 'parts:', '  foo:', '    plu'].join(eol);
    const c = cursorContext(text, text.length);
    assert.deepEqual([c.mode, c.path, c.prefix], ['key', ['parts', 'foo'], 'plu'], JSON.stringify(eol));
    assert.equal(outline(text).length, 4);
  }
});

void test('the outline stays bounded on `- - - ...` thousands deep and on thousands of nested keys', () => {
  const dashes = `environment:\n  ${'- '.repeat(10_000)}x\n`;
  const t0 = performance.now();
  const lines = outline(dashes);
  const deepest = Math.max(...lines.flatMap((l) => l.entries.map((e) => e.path.length)));
  assert.ok(deepest <= 130, `paths are capped (${deepest})`);
  const keys = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
  const c = cursorContext(keys, keys.length);
  assert.equal(c.mode, 'value');
  assert.ok(performance.now() - t0 < 2_000);
});

void test('every feature answers at once, with nothing, on a file that was too large to analyse', () => {
  let text = 'name: big\nparts:\n';
  for (let i = 0; text.length < 3 * 1024 * 1024; i++) text += `  p${i}:\n    plugin: nil\n`;
  const service = new LanguageService();
  const parsed = service.parse({ uri: '/big/rockcraft.yaml', path: '/big/rockcraft.yaml', text, version: 1 });
  assert.ok(parsed?.skipped);
  const at = { line: 50_000, character: 4 };
  const t0 = performance.now();
  assert.deepEqual(service.complete(parsed, at).items, []);
  assert.equal(service.hover(parsed, at), undefined);
  assert.deepEqual(service.documentSymbols(parsed), []);
  assert.deepEqual(service.foldingRanges(parsed), []);
  assert.deepEqual(service.definition(parsed, at), []);
  assert.deepEqual(service.codeActions(parsed, { start: at, end: at }, { diagnostics: [] }), []);
  assert.ok(performance.now() - t0 < 200, `${(performance.now() - t0).toFixed(0)} ms`);
});
