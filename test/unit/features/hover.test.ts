import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../../server/src/service';
import { caret } from '../helpers';
import { open, type Opened } from './fixture';

function hoverText(o: Opened, marker: string): string {
  const h = o.service.hover(o.parsed, o.at(marker));
  assert.ok(h, `no hover at {|${marker}}`);
  return (h.contents as { value: string }).value;
}

void test('hover on a key: the key path as a title, then the schema documentation', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const h = o.service.hover(o.parsed, o.find('stage-packages', 0, 3));
  assert.ok(h);
  const text = (h.contents as { value: string }).value;
  assert.ok(text.startsWith('**`parts.openssl.stage-packages`** · list'), text);
  assert.match(text, /Chisel slices/);
  // The range is the key under the cursor.
  assert.deepEqual(h.range, { start: o.find('stage-packages'), end: o.find('stage-packages', 0, 'stage-packages'.length) });
});

void test('hover on an enum value: that value\'s description first, then the key\'s', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const base = hoverText(o, 'base-value');
  assert.ok(base.startsWith('**`base: bare`**'), base);
  assert.match(base, /Requires `build-base`/);
  assert.match(base, /---\n\nThe system the rock runs on/);
  assert.match(hoverText(o, 'override'), /^\*\*`services\.coredns\.override: replace`\*\*\n\n\*\*replace\*\*/);
  assert.match(hoverText(o, 'level'), /liveness/i);
});

void test('hover on names: where a used name is defined, and the entry schema on a definition', () => {
  const o = open('rock-coredns/rockcraft.yaml');
  const eps = hoverText(o, 'eps');
  assert.match(eps, /Service `coredns`, defined on line 15\./);
  assert.match(hoverText(o, 'part-use'), /Part `openssl`, defined on line 32\./);
  assert.match(hoverText(o, 'check-use'), /Check `online`, defined on line 25\./);
  assert.match(hoverText(o, 'part-def'), /^\*\*`parts\.openssl`\*\* · mapping\n\nA part:/);
  const flask = open('rock-flask/rockcraft.yaml');
  const statsd = flask.service.hover(flask.parsed, flask.find('flask:', 0, 2));
  assert.ok(statsd);
});

void test('hover on charm keys: containers, resources, integration endpoints', () => {
  const o = open('charm-jenkins/charmcraft.yaml');
  const resource = o.service.hover(o.parsed, o.find('resource: jenkins-image', 0, 12));
  assert.ok(resource);
  assert.match((resource.contents as { value: string }).value, /Resource `jenkins-image`, defined on line 61\./);
  const iface = o.service.hover(o.parsed, o.find('interface: jenkins_agent_v0', 0, 2));
  assert.ok(iface);
  assert.match((iface.contents as { value: string }).value, /^\*\*`requires\.agent\.interface`\*\*/);
});

void test('hover in a half-typed file falls back to the text outline', () => {
  const o = open('half-typed/rockcraft.yaml');
  const h = o.service.hover(o.parsed, o.find('plugin: go', 0, 2));
  assert.ok(h);
  assert.match((h.contents as { value: string }).value, /^\*\*`parts\.app\.plugin`\*\*/);
});

void test('hover on advanced grammar statements and on nothing', () => {
  const { text, line, character } = caret('name: x\nparts:\n  a:\n    plugin: nil\n    stage-packages:\n      - o|n arm64: [libfoo]\n');
  const service = new LanguageService();
  const parsed = service.parse({ uri: '/g/rockcraft.yaml', path: '/g/rockcraft.yaml', text, version: 1 });
  assert.ok(parsed);
  const h = service.hover(parsed, { line, character });
  assert.ok(h);
  assert.match((h.contents as { value: string }).value, /building \*\*on\*\* arm64/);
  const o = open('rock-coredns/rockcraft.yaml');
  assert.equal(o.service.hover(o.parsed, { line: 5, character: 0 }), undefined, 'blank line');
});
