import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CompletionItemKind, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { LanguageService, type FileKind } from '../../../server/src/service';
import { caret, MemoryFs, SHARED } from '../helpers';
import { accept, expandSnippet, labels, open, type Opened } from './fixture';

function complete(o: Opened, marker: string): CompletionItem[] {
  return o.service.complete(o.parsed, o.at(marker)).items;
}

/** Completion in an inline text with a `|` caret (for texts without block scalars). */
function completeText(name: string, textWithCaret: string): { items: CompletionItem[]; text: string } {
  const { text, line, character } = caret(textWithCaret);
  const path = `/p/${name}`;
  const service = new LanguageService({ fs: MemoryFs.of({ [path]: text }) });
  const parsed = service.parse({ uri: path, path, text, version: 1 });
  assert.ok(parsed);
  return { items: service.complete(parsed, { line, character }).items, text };
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no completion "${label}" among: ${labels(items).join(', ')}`);
  return found;
}

function reparse(o: Opened, text: string): ReturnType<LanguageService['validate']> {
  const parsed = o.service.parse({ uri: `${o.fixture.path}#edited`, path: o.fixture.path, text, version: 2 });
  assert.ok(parsed);
  return o.service.validate(parsed);
}

void test('top level: a partial word offers the keys not yet written, never removed or alias keys', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const items = complete(o, 'top-partial');
  const names = labels(items);
  assert.ok(names.includes('license'));
  assert.ok(names.includes('run-user'));
  for (const present of ['name', 'base', 'version', 'summary', 'description', 'platforms', 'extensions', 'parts', 'services']) {
    assert.ok(!names.includes(present), `${present} is already in the file`);
  }
  for (const hidden of ['cmd', 'entrypoint', 'env', 'run_user']) assert.ok(!names.includes(hidden), `${hidden} must not be offered`);
  // The word typed so far is what the item replaces.
  const te = item(items, 'license').textEdit as TextEdit;
  const cursor = o.at('top-partial');
  assert.deepEqual(te.range, { start: { line: cursor.line, character: 0 }, end: cursor });
  const after = accept(o, item(items, 'license'));
  assert.match(after, /\nlicense: \n/);
});

void test('inside a part: part keys for its plugin, with the value shape inserted', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const items = complete(o, 'part-key');
  const names = labels(items);
  assert.ok(names.includes('stage-packages'));
  assert.ok(names.includes('after'));
  assert.ok(!names.includes('plugin'), 'plugin is already set');
  assert.ok(!names.includes('python-packages'), 'python-packages belongs to the python plugin, this part uses nil');
  const text = accept(o, item(items, 'stage-packages'));
  assert.match(text, /\n {4}stage-packages:\n {6}- \n/);
  const plugin = labels(complete(open('half-typed/rockcraft.yaml'), 'go-key'));
  assert.ok(plugin.includes('go-buildtags') && plugin.includes('go-generate'), plugin.join(', '));
  assert.ok(!plugin.includes('npm-include-node'));
});

void test('a python part offers python-constraints only on the build bases whose python plugin has it', () => {
  const part = (base: string): string[] =>
    labels(completeText('rockcraft.yaml', `name: a\nversion: "1"\nsummary: s\ndescription: d\nbase: ${base}\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: python\n    source: .\n    python-|\n`).items);
  const v1 = part('ubuntu@24.04');
  assert.ok(v1.includes('python-constraints') && v1.includes('python-requirements'), v1.join(', '));
  const v2 = part('ubuntu@26.04');
  assert.ok(v2.includes('python-requirements') && v2.includes('python-packages'), v2.join(', '));
  assert.ok(!v2.includes('python-constraints'), 'the python plugin of build base 26.04 has no python-constraints');
  assert.ok(part('ubuntu:22.04').includes('python-constraints'), 'ubuntu:22.04 is ubuntu@22.04, spelled the old way');
});

void test('every key offered inside a part is accepted by the validator there', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const line = o.at('part-key').line;
  for (const it of complete(o, 'part-key').filter((i) => i.kind === CompletionItemKind.Property)) {
    const diags = reparse(o, accept(o, it)).filter((d) => d.range.start.line === line && ['unknown-key', 'plugin-key-mismatch', 'removed-key'].includes(String(d.code)));
    assert.deepEqual(diags.map((d) => d.message), [], `accepting ${it.label}`);
  }
});

void test('a new entry under parts: the parts the flask extension generates, and a part template', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const items = complete(o, 'new-part');
  const names = labels(items);
  for (const p of ['flask-framework/install-app', 'flask-framework/config-files', 'flask-framework/runtime']) assert.ok(names.includes(p), p);
  assert.ok(!names.includes('flask-framework/dependencies'), 'already overridden in the file');
  assert.ok(names.includes('part'));
  const text = accept(o, item(items, 'flask-framework/install-app'));
  assert.match(text, /\n {2}flask-framework\/install-app:\n/);
  const template = accept(o, item(items, 'part'));
  assert.match(template, /\n {2}my-part:\n {4}plugin: dump\n {4}source: \.\n/);
  const syntaxErrors = (text: string): number => reparse(o, text).filter((d) => d.code === 'yaml-syntax').length;
  assert.equal(syntaxErrors(template), syntaxErrors(o.fixture.text), 'the template adds no syntax error');
});

void test('service names in `after`: the other services, including those the extension generates', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const items = complete(o, 'svc-after');
  const names = labels(items);
  assert.ok(names.includes('worker'));
  assert.ok(names.includes('statsd-exporter'), 'generated by flask-framework');
  assert.ok(!names.includes('flask'), 'a service is not after itself');
  assert.equal(item(items, 'worker').kind, CompletionItemKind.Reference);
});

void test('enum values with their documentation: service startup, check level, service override', () => {
  const o = open('rock-flask/rockcraft.yaml');
  const startup = complete(o, 'startup');
  assert.deepEqual(labels(startup).sort(), ['disabled', 'enabled']);
  const doc = item(startup, 'enabled').documentation as { value: string } | undefined;
  assert.ok(doc && doc.value.length > 10, 'enum values carry markdownEnumDescriptions');
  const override = complete(open('half-typed/rockcraft.yaml'), 'override');
  assert.deepEqual(labels(override).sort(), ['merge', 'replace']);
});

void test('half-typed file with an unclosed flow list: part names not yet listed, not the part itself', () => {
  const o = open('half-typed/rockcraft.yaml');
  assert.ok(o.parsed.syntax.length > 0, 'the fixture really is broken YAML');
  const names = labels(complete(o, 'unclosed'));
  assert.deepEqual(names, ['assets']);
});

void test('flow list of parts: names not already in the list', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  assert.deepEqual(labels(complete(o, 'after-flow')), ['coredns']);
});

void test('charm: config option types, and keys of an option', () => {
  const o = open('charm-flask/charmcraft.yaml');
  assert.deepEqual(labels(complete(o, 'opt-type')).sort(), ['boolean', 'float', 'int', 'secret', 'string']);
  const keys = labels(complete(o, 'opt-key'));
  assert.ok(keys.includes('type') && keys.includes('default'), keys.join(', '));
  assert.ok(!keys.includes('description'));
});

void test('charm: 12-factor integrations under `requires`, interfaces with the matching one preselected', () => {
  const o = open('charm-flask/charmcraft.yaml');
  const items = complete(o, 'requires-new');
  const names = labels(items);
  for (const e of ['mysql', 's3', 'saml', 'rabbitmq', 'tracing', 'smtp', 'openfga', 'http-proxy']) assert.ok(names.includes(e), e);
  assert.ok(!names.includes('postgresql') && !names.includes('redis'), 'already declared');
  const text = accept(o, item(items, 's3'));
  assert.match(text, /\n {2}s3:\n {4}interface: s3\n {4}optional: false\n {4}limit: 1/);
  const ifaces = complete(o, 'iface');
  const redis = item(ifaces, 'redis');
  assert.equal(redis.preselect, true);
  assert.ok(labels(ifaces).includes('postgresql_client'));
  assert.ok(labels(ifaces).includes('ingress'));
});

void test('empty file: every top-level key, and a whole-file template that validates', () => {
  const { items, text } = completeText('rockcraft.yaml', '|');
  assert.equal(text, '');
  const names = labels(items);
  for (const k of ['name', 'base', 'platforms', 'parts', 'services']) assert.ok(names.includes(k), k);
  const template = items.find((i) => i.kind === CompletionItemKind.Snippet);
  assert.ok(template, 'a template for the whole file');
  const filled = expandSnippet((template.textEdit as TextEdit).newText);
  const service = new LanguageService();
  const parsed = service.parse({ uri: '/t/rockcraft.yaml', path: '/t/rockcraft.yaml', text: filled, version: 1 });
  assert.ok(parsed);
  const errs = service.validate(parsed).filter((d) => d.severity === 1);
  assert.deepEqual(errs.map((d) => `${String(d.code)}: ${d.message}`), []);
});

void test('half-typed lines: key with no value, a value right after the colon, a key being renamed, a comment', () => {
  const bare = completeText('rockcraft.yaml', 'name: x\nbase:|\n');
  assert.ok(bare.items.length >= 5);
  for (const i of bare.items) assert.ok((i.textEdit as TextEdit).newText.startsWith(' '), 'a space after the colon');
  const empty = labels(completeText('rockcraft.yaml', 'name: x\nbuild-base: |\n').items);
  assert.ok(empty.includes('ubuntu@24.04') && empty.includes('devel'), empty.join(', '));
  assert.ok(!empty.includes('ubuntu:22.04'), 'deprecated spellings are not offered');
  const renaming = completeText('rockcraft.yaml', 'name: x\nsum|mary: A rock\n').items;
  assert.equal((item(renaming, 'summary').textEdit as TextEdit).newText, 'summary');
  assert.equal(completeText('rockcraft.yaml', 'name: x # a comm|ent\n').items.length, 0);
  const inBlock = completeText('rockcraft.yaml', 'description: >\n  some te|xt\nname: x\n').items;
  assert.equal(inBlock.length, 0, 'no suggestions inside a block of text');
});

void test('platforms and package repositories: architectures as names, keys of a new list item', () => {
  const platforms = labels(completeText('rockcraft.yaml', 'name: x\nplatforms:\n  amd64:\n  |\n').items);
  assert.ok(platforms.includes('arm64') && platforms.includes('s390x'));
  assert.ok(!platforms.includes('amd64'));
  const repo = completeText('rockcraft.yaml', 'package-repositories:\n  - type: apt\n    |\n').items;
  const keys = labels(repo);
  assert.ok(keys.includes('ppa') && keys.includes('url') && !keys.includes('type'), keys.join(', '));
  const item0 = labels(completeText('rockcraft.yaml', 'package-repositories:\n  - |\n').items);
  assert.ok(item0.includes('type') && item0.includes('PPA'), item0.join(', '));
});

void test('charm containers: resources and storage the file declares', () => {
  const { items } = completeText('charmcraft.yaml', [
    'name: x', 'type: charm', 'resources:', '  app-image:', '    type: oci-image', '  data-file:', '    type: file', '    filename: d.tar',
    'storage:', '  data:', '    type: filesystem', 'containers:', '  app:', '    resource: |', '',
  ].join('\n'));
  assert.deepEqual(labels(items).sort(), ['app-image', 'data-file']);
  const mounts = completeText('charmcraft.yaml', [
    'name: x', 'type: charm', 'storage:', '  data:', '    type: filesystem', '  logs:', '    type: filesystem', 'containers:', '  app:',
    '    mounts:', '      - storage: |', '',
  ].join('\n')).items;
  assert.deepEqual(labels(mounts).sort(), ['data', 'logs']);
});

void test('every corpus file (split-layout files included), and each with a line cut in half as if being typed: completion and hover never fail', () => {
  const service = new LanguageService();
  let requests = 0;
  for (const dir of ['rockcraft', 'charmcraft', 'legacy']) {
    for (const f of fs.readdirSync(path.join(SHARED, 'corpus', dir))) {
      if (!f.endsWith('.yaml')) continue;
      // legacy/ holds split-layout charm files: `<repo>__metadata.yaml`, `__config.yaml`, `__actions.yaml`.
      const kind = dir === 'legacy' ? (/__(metadata|config|actions)\.yaml$/.exec(f)?.[1] as FileKind | undefined) : (dir as FileKind);
      if (!kind) continue;
      const original = fs.readFileSync(path.join(SHARED, 'corpus', dir, f), 'utf8');
      const lines = original.split('\n');
      const cut = Math.floor(lines.length / 2);
      const half = [...lines.slice(0, cut), lines[cut].slice(0, Math.ceil(lines[cut].length / 2)), ...lines.slice(cut + 1)].join('\n');
      for (const [variant, text] of [['whole', original], ['half-typed', half]] as const) {
        const p = `/corpus/${variant}/${f}/${kind}.yaml`;
        const parsed = service.parse({ uri: p, path: p, text, version: 1, kind });
        assert.ok(parsed);
        const textLines = text.split('\n');
        const picks = variant === 'whole' ? textLines.map((_, i) => i).filter((i) => i % 11 === 0) : [cut];
        for (const line of picks) {
          const l = textLines[line];
          for (const character of [l.length - l.trimStart().length, l.length]) {
            const list = service.complete(parsed, { line, character });
            for (const it of list.items) {
              const te = it.textEdit as TextEdit;
              assert.ok(te.range.start.line === line && te.range.end.line === line, `${f}:${line + 1} ${it.label} edits its own line`);
            }
            service.hover(parsed, { line, character });
            requests++;
          }
        }
      }
    }
  }
  assert.ok(requests > 1500, `${requests} requests`);
});
