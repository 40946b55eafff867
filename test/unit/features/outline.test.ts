import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { LanguageService } from '../../../server/src/service';
import { SHARED } from '../helpers';
import { open } from './fixture';

function byName(list: DocumentSymbol[] | undefined, name: string): DocumentSymbol {
  const s = list?.find((x) => x.name === name);
  assert.ok(s, `no symbol ${name} among ${(list ?? []).map((x) => x.name).join(', ')}`);
  return s;
}

void test('outline of a rock: top-level keys, then parts, services, checks and platforms with their kinds', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const symbols = o.service.documentSymbols(o.parsed);
  assert.deepEqual(symbols.map((s) => s.name), [
    'name', 'summary', 'description', 'version', 'license', 'base', 'build-base', 'platforms', 'entrypoint-service', 'services', 'checks', 'parts',
  ]);
  const parts = byName(symbols, 'parts');
  assert.deepEqual(parts.children?.map((c) => [c.name, c.kind, c.detail]), [
    ['openssl', SymbolKind.Module, 'plugin: nil'], ['coredns', SymbolKind.Module, 'plugin: nil'], ['corefile', SymbolKind.Module, 'plugin: dump'],
  ]);
  assert.equal(byName(byName(symbols, 'services').children, 'coredns').kind, SymbolKind.Function);
  assert.equal(byName(byName(symbols, 'checks').children, 'online').kind, SymbolKind.Event);
  assert.deepEqual(byName(symbols, 'platforms').children?.map((c) => c.name), ['amd64', 'arm64']);
  // range = the whole entry, selectionRange = its key.
  const coredns = byName(parts.children, 'coredns');
  assert.deepEqual(coredns.selectionRange, { start: o.find('  coredns:', 1, 2), end: o.find('  coredns:', 1, 9) });
  assert.equal(coredns.range.start.line, o.find('  coredns:', 1).line);
  assert.equal(coredns.range.end.line, o.find('cp $CRAFT_PART_BUILD').line);
});

void test('outline of a charm: containers, resources, storage, relations, config options and actions', () => {
  const o = open('charm-jenkins/charmcraft.yaml');
  const symbols = o.service.documentSymbols(o.parsed);
  assert.equal(byName(byName(symbols, 'containers').children, 'jenkins').kind, SymbolKind.Class);
  assert.equal(byName(byName(symbols, 'containers').children, 'jenkins').detail, 'resource: jenkins-image');
  assert.equal(byName(byName(symbols, 'resources').children, 'jenkins-image').kind, SymbolKind.File);
  assert.equal(byName(byName(symbols, 'storage').children, 'jenkins-home').kind, SymbolKind.Struct);
  assert.equal(byName(byName(symbols, 'requires').children, 'ingress').kind, SymbolKind.Interface);
  const options = byName(byName(symbols, 'config').children, 'options');
  assert.equal(options.children?.length, 10);
  assert.equal(byName(options.children, 'jcasc-repository-token').detail, 'type: secret');
  assert.equal(byName(byName(symbols, 'actions').children, 'rotate-credentials').kind, SymbolKind.Function);
});

void test('every symbol of every corpus file has a name and its selection inside its range', () => {
  const service = new LanguageService();
  const inside = (s: DocumentSymbol): boolean => {
    const a = s.range;
    const b = s.selectionRange;
    const le = (x: { line: number; character: number }, y: { line: number; character: number }): boolean => x.line < y.line || (x.line === y.line && x.character <= y.character);
    return le(a.start, b.start) && le(b.end, a.end) && (s.children ?? []).every(inside);
  };
  let count = 0;
  for (const dir of ['rockcraft', 'charmcraft']) {
    for (const f of fs.readdirSync(path.join(SHARED, 'corpus', dir))) {
      const text = fs.readFileSync(path.join(SHARED, 'corpus', dir, f), 'utf8');
      const p = `/c/${f}/${dir}.yaml`;
      const parsed = service.parse({ uri: p, path: p, text, version: 1 });
      assert.ok(parsed);
      const symbols = service.documentSymbols(parsed);
      assert.ok(symbols.length > 0, f);
      for (const s of symbols) {
        assert.ok(s.name.length > 0, f);
        assert.ok(inside(s), `${f}: ${s.name}`);
        count++;
      }
    }
  }
  assert.ok(count > 1000);
});

void test('folding: every block that spans lines, a list at its key\'s indentation, comment runs', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const ranges = o.service.foldingRanges(o.parsed);
  const has = (start: number, end: number): boolean => ranges.some((r) => r.startLine === start && r.endLine === end);
  const line = (needle: string, n = 0): number => o.find(needle, n).line;
  assert.ok(has(line('platforms:'), line('arm64:')));
  assert.ok(has(line('parts:'), line('after: [openssl, ]')));
  assert.ok(has(line('override-build: |'), line('cp $CRAFT_PART_BUILD')));
  const compact = new LanguageService().parse({ uri: '/f/rockcraft.yaml', path: '/f/rockcraft.yaml', version: 1, text: '# one\n# two\nparts:\n  a:\n    after:\n    - b\n    - c\nname: x\n' });
  assert.ok(compact);
  const folds = new LanguageService().foldingRanges(compact);
  assert.deepEqual(folds, [
    { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment },
    { startLine: 2, endLine: 6 },
    { startLine: 3, endLine: 6 },
    { startLine: 4, endLine: 6 },
  ]);
});

void test('folding and selection work on a file that does not parse', () => {
  const o = open('half-typed/rockcraft.yaml');
  const folds = o.service.foldingRanges(o.parsed);
  assert.ok(folds.some((r) => r.startLine === o.find('parts:').line));
  const [sel] = o.service.selectionRanges(o.parsed, [o.find('plugin: go', 0, 9)]);
  const chain: string[] = [];
  for (let r: typeof sel | undefined = sel; r; r = r.parent) chain.push(o.parsed.lines.getText(r.range));
  assert.equal(chain[0], 'go');
  assert.equal(chain[1], 'plugin: go');
  assert.ok(chain[2].startsWith('app:\n    plugin: go'), chain[2]);
  assert.equal(chain[chain.length - 1], o.fixture.text.trimEnd());
});

void test('selection ranges grow from the scalar to its pair, its mapping and up to the document', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const [sel] = o.service.selectionRanges(o.parsed, [o.at('part-use')]);
  const chain: string[] = [];
  for (let r: typeof sel | undefined = sel; r; r = r.parent) chain.push(o.parsed.lines.getText(r.range));
  assert.deepEqual(chain.slice(0, 3), ['openssl', '[openssl]', 'after: [openssl]']);
  assert.ok(chain[3].startsWith('plugin: nil\n    after: [openssl]'));
  assert.ok(chain[4].startsWith('coredns:\n    plugin: nil'));
  assert.equal(chain[chain.length - 1], o.fixture.text.trimEnd());
});
