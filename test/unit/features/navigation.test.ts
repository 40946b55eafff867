import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Location, TextEdit } from 'vscode-languageserver-types';
import { LanguageService, RenameError } from '../../../server/src/service';
import { caret } from '../helpers';
import { applyEdits, open, type Opened } from './fixture';

function texts(o: Opened, locs: Location[]): string[] {
  return locs.map((l) => `${l.range.start.line + 1}:${o.parsed.lines.getText(l.range)}`);
}

void test('go to definition: parts in `after`, services in `entrypoint-service`, checks in `on-check-failure`', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  assert.deepEqual(texts(o, o.service.definition(o.parsed, o.at('part-use'))), [`${o.at('part-def').line + 1}:openssl`]);
  assert.deepEqual(texts(o, o.service.definition(o.parsed, o.at('eps'))), [`${o.at('svc-def').line + 1}:coredns`]);
  const check = o.service.definition(o.parsed, o.at('check-use'));
  assert.deepEqual(texts(o, check), [`${o.find('checks:').line + 2}:online`]);
  assert.equal(check[0].uri, o.parsed.uri);
  assert.deepEqual(o.service.definition(o.parsed, o.find('plugin: nil', 0, 9)), [], 'not a name');
});

void test('go to definition in a charm: a container\'s resource and its mounts\' storage', () => {
  const o = open('charm-jenkins/charmcraft.yaml');
  assert.deepEqual(texts(o, o.service.definition(o.parsed, o.find('resource: jenkins-image', 0, 12))), [`${o.find('  jenkins-image:').line + 1}:jenkins-image`]);
  assert.deepEqual(texts(o, o.service.definition(o.parsed, o.find('storage: jenkins-home', 0, 12))), [`${o.find('  jenkins-home:').line + 1}:jenkins-home`]);
});

void test('find references from a definition or a use, with or without the declaration', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const fromDef = texts(o, o.service.references(o.parsed, o.at('part-def'), true));
  const defLine = o.at('part-def').line + 1;
  assert.deepEqual(fromDef, [`${defLine}:openssl`, `${o.at('part-use').line + 1}:openssl`, `${o.at('after-flow').line + 1}:openssl`]);
  assert.deepEqual(texts(o, o.service.references(o.parsed, o.at('part-use'), false)), fromDef.slice(1));
  const services = texts(o, o.service.references(o.parsed, o.at('svc-def'), false));
  assert.deepEqual(services, [`${o.at('eps').line + 1}:coredns`]);
});

void test('rename a part updates the definition and every use', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const prep = o.service.prepareRename(o.parsed, o.at('part-use'));
  assert.equal(prep.placeholder, 'openssl');
  assert.equal(o.parsed.lines.getText(prep.range), 'openssl');
  const edit = o.service.rename(o.parsed, o.at('part-use'), 'fips-openssl');
  const edits = edit.changes?.[o.parsed.uri] as TextEdit[];
  assert.equal(edits.length, 3);
  const after = applyEdits(o.fixture.text, o.parsed, edits);
  assert.match(after, /\n {2}fips-openssl:\n {4}plugin: nil/);
  assert.match(after, /after: \[fips-openssl\]/);
  assert.match(after, /after: \[fips-openssl, \]/);
  assert.doesNotMatch(after, /\n {2}openssl:/);
  // The stage-packages named openssl are packages, not the part: untouched.
  assert.match(after, /- openssl # now automatically selected/);
});

void test('rename a service and a check', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const svc = applyEdits(o.fixture.text, o.parsed, o.service.rename(o.parsed, o.at('eps'), 'dns').changes?.[o.parsed.uri] ?? []);
  assert.match(svc, /entrypoint-service: dns\nservices:\n {2}dns:\n/);
  const check = applyEdits(o.fixture.text, o.parsed, o.service.rename(o.parsed, o.at('check-use'), 'serving').changes?.[o.parsed.uri] ?? []);
  assert.match(check, /on-check-failure:\n {6}serving: restart/);
  assert.match(check, /checks:\n {2}serving:\n/);
});

void test('rename a charm resource renames the container\'s reference too', () => {
  const o = open('charm-jenkins/charmcraft.yaml');
  const edits = o.service.rename(o.parsed, o.find('  jenkins-image:', 0, 4), 'jenkins-oci').changes?.[o.parsed.uri] ?? [];
  const after = applyEdits(o.fixture.text, o.parsed, edits);
  assert.match(after, /resource: jenkins-oci\n/);
  assert.match(after, /resources:\n {2}jenkins-oci:\n/);
});

void test('rename refuses positions that are not names, names from an extension, bad and taken names', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  assert.throws(() => o.service.prepareRename(o.parsed, o.at('override')), RenameError);
  assert.throws(() => o.service.rename(o.parsed, o.find('summary:'), 'x'), RenameError);
  assert.throws(() => o.service.rename(o.parsed, o.at('part-use'), 'coredns'), /already exists/);
  assert.throws(() => o.service.rename(o.parsed, o.at('part-use'), 'two words'), RenameError);
  const { text, line, character } = caret('name: x\nextensions: [flask-framework]\nservices:\n  worker:\n    after: [statsd-ex|porter]\n');
  const service = new LanguageService();
  const parsed = service.parse({ uri: '/r/rockcraft.yaml', path: '/r/rockcraft.yaml', text, version: 1 });
  assert.ok(parsed);
  assert.deepEqual(service.references(parsed, { line, character }, true).length, 1, 'the use is still found');
  assert.throws(() => service.prepareRename(parsed, { line, character }), /not defined in this file \(it may come from an extension\)/);
});
