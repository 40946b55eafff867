import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { checkDefault } from '../../../server/src/service/rules/charmConfig';
import { CHARM, codes, codesOf, diagnose } from './ruleHelpers';

const only = (prefix: string, list: string[]): string[] => list.filter((c) => c.startsWith(prefix));

void test('a plain valid charm gets no diagnostics from the rules', () => {
  assert.deepEqual(codesOf('charmcraft.yaml', CHARM), []);
});

void test('split layout: name/summary/description may come from metadata.yaml, but not from both files', () => {
  const charm = 'type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n';
  const meta = 'name: hello\nsummary: s\ndescription: d\nrequires:\n  db:\n    interface: mysql\n';
  assert.deepEqual(codes(diagnose({ 'charmcraft.yaml': charm, 'metadata.yaml': meta }, 'charmcraft.yaml')), []);
  assert.deepEqual(codes(diagnose({ 'charmcraft.yaml': `summary: again\n${charm}`, 'metadata.yaml': meta }, 'charmcraft.yaml')), ['duplicated-in-metadata@1']);
  assert.deepEqual(codes(diagnose({ 'charmcraft.yaml': charm }, 'charmcraft.yaml')), ['missing-key@1']);
});

void test('legacy bases: short and long forms with quoted channels are fine', () => {
  const text = 'name: a\ntype: charm\nsummary: s\ndescription: d\nbases:\n  - name: ubuntu\n    channel: "22.04"\n  - build-on:\n      - name: ubuntu\n        channel: "20.04"\n    run-on:\n      - name: ubuntu\n        channel: "20.04"\n';
  assert.deepEqual(codesOf('charmcraft.yaml', text), []);
  assert.deepEqual(codesOf('charmcraft.yaml', `${text}platforms:\n  amd64:\n`), ['bases-with-platforms@14']);
});

void test('multi-base platforms need no top-level base; mismatched bases in an entry are reported', () => {
  const head = 'name: a\ntype: charm\nsummary: s\ndescription: d\nparts:\n  charm:\n    plugin: charm\n';
  assert.deepEqual(codesOf('charmcraft.yaml', `${head}platforms:\n  ubuntu@22.04:amd64:\n  jammy-arm:\n    build-on: [ubuntu@22.04:arm64]\n    build-for: [ubuntu@22.04:arm64]\n`), []);
  assert.deepEqual(only('platform-', codesOf('charmcraft.yaml', `${head}platforms:\n  mixed:\n    build-on: [ubuntu@22.04:amd64]\n    build-for: [ubuntu@24.04:amd64]\n`)), ['platform-base-mismatch@9']);
});

void test('parts: a part named after a plugin needs no plugin key; the charm plugin needs no source', () => {
  const text = 'name: a\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@22.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    charm-binary-python-packages: [ops]\n  nil:\n    stage-packages: [curl]\n';
  assert.deepEqual(codesOf('charmcraft.yaml', text), []);
});

void test('parts: an extension supplies the parts; the charm plugin is experimental on 26.04', () => {
  const ext = 'name: a\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions: [flask-framework]\n';
  assert.deepEqual(only('missing-parts', codesOf('charmcraft.yaml', ext)), []);
  const d = diagnose({ 'charmcraft.yaml': CHARM.replace('ubuntu@24.04', 'ubuntu@26.04') }, 'charmcraft.yaml');
  assert.deepEqual(d.map((x) => [x.code, x.severity]), [['charm-plugin-base', 2]]);
});

void test('config defaults: every type with a matching default passes', () => {
  const text = `${CHARM}config:\n  options:\n    a: {type: string, default: hi}\n    b: {type: int, default: 3}\n    c: {type: float, default: 0.5}\n    d: {type: boolean, default: false}\n    e: {type: secret, default: ""}\n    f: {type: int, default: "42"}\n    g: {type: string}\n    h: {type: string, default: ""}\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', text), []);
});

void test('checkDefault follows Juju\'s coercions', () => {
  const node = (src: string): never => parseDocument(`v: ${src}`, { version: '1.1' }).get('v', true) as never;
  assert.equal(checkDefault('int', node('1.0'))?.error !== undefined, true);
  assert.equal(checkDefault('int', node('0x1F')), undefined);
  assert.equal(checkDefault('float', node('2'))?.warning !== undefined, true);
  assert.equal(checkDefault('float', node('"2.5"'))?.error !== undefined, true);
  assert.equal(checkDefault('boolean', node('"True"')), undefined);
  assert.equal(checkDefault('boolean', node('yes')), undefined);
  assert.equal(checkDefault('boolean', node('"yes"'))?.error !== undefined, true);
  assert.equal(checkDefault('string', node('yes'))?.error !== undefined, true);
  assert.equal(checkDefault('secret', node('secret:abcdefghij0123456789')), undefined);
  assert.equal(checkDefault('secret', node('s3cr3t'))?.error !== undefined, true);
});

void test('relations: subordinate container-scoped juju-info requires and juju-* charms are exempt', () => {
  const sub = `${CHARM}subordinate: true\nrequires:\n  juju-info:\n    interface: juju-info\n    scope: container\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', sub), []);
  const jujuCharm = CHARM.replace('name: hello-k8s', 'name: juju-lint') + 'provides:\n  juju-info:\n    interface: juju-info\n';
  assert.deepEqual(codesOf('charmcraft.yaml', jujuCharm), []);
  assert.deepEqual(codesOf('charmcraft.yaml', `${CHARM}peers:\n  cluster:\n    interface: juju-cluster\n`), ['reserved-interface@13']);
});

void test('relations: the split layout is read across charmcraft.yaml and metadata.yaml', () => {
  const meta = 'name: agent\nsummary: s\ndescription: d\nsubordinate: true\n';
  const charm = 'type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\nrequires:\n  host:\n    interface: juju-info\n    scope: container\n';
  assert.deepEqual(codes(diagnose({ 'charmcraft.yaml': charm, 'metadata.yaml': meta }, 'metadata.yaml')), []);
  assert.deepEqual(codes(diagnose({ 'charmcraft.yaml': charm.replace('    scope: container\n', ''), 'metadata.yaml': meta }, 'metadata.yaml')), ['subordinate-needs-container-scope@4']);
});

void test('containers: a 12-factor extension declares the image resource itself', () => {
  const text = 'name: a\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions: [flask-framework]\ncontainers:\n  sidecar:\n    resource: flask-app-image\n';
  assert.deepEqual(only('unknown-resource', codesOf('charmcraft.yaml', text)), []);
});

void test('containers and storage: uid range, file resources and mounts', () => {
  const text = `${CHARM}containers:\n  app:\n    resource: img\n    uid: 1500\n    mounts:\n      - storage: data\n        location: /data\nresources:\n  img:\n    type: oci-image\n  tool:\n    type: file\nstorage:\n  data:\n    type: filesystem\n    location: /srv\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', text), ['reserved-uid@14', 'resource-missing-filename@21']);
});

void test('charm-libs: quoted versions pass, unquoted numbers do not', () => {
  const text = `${CHARM}charm-libs:\n  - lib: traefik_k8s.ingress\n    version: "2"\n  - lib: data_platform_libs.data_interfaces\n    version: 0.41\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', text), ['charm-lib-version-not-string@15']);
});

void test('actions: $ref in parameter schemas is refused', () => {
  const text = `${CHARM}actions:\n  backup:\n    params:\n      target:\n        $ref: "#/definitions/t"\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', text), ['action-schema-ref@15']);
});

void test('package repositories: a valid deb repository with suites and components passes', () => {
  const text = `${CHARM}package-repositories:\n  - type: apt\n    url: https://packages.example.com/apt/\n    key-id: 0DCFCA5547B19D2A6099506096B3EE5F29111145\n    suites: [stable]\n    components: [main]\n  - type: apt\n    url: http://archive.ubuntu.com/ubuntu\n    key-id: 0DCFCA5547B19D2A6099506096B3EE5F29111145\n    components: [main]\n    series: jammy\n    pocket: updates\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', text), []);
  const bad = `${CHARM}package-repositories:\n  - type: apt\n    url: https://x.example/apt\n    key-id: 0DCFCA5547B19D2A6099506096B3EE5F29111145\n    suites: [stable]\n    path: /\n`;
  assert.deepEqual(codesOf('charmcraft.yaml', bad), ['repo-missing-key@15', 'repo-conflict@16']);
});

void test('type: bundle gets one warning and none of the charm rules', () => {
  const d = diagnose({ 'charmcraft.yaml': 'type: bundle\nparts:\n  bundle:\n    plugin: bundle\n' }, 'charmcraft.yaml').filter((x) => String(x.code) !== 'invalid-value');
  assert.deepEqual(d.map((x) => [x.code, x.severity, x.range.start.line + 1]), [['bundle-removed', 2, 1]]);
});

void test('charm-entrypoint must stay inside the project', () => {
  assert.deepEqual(codesOf('charmcraft.yaml', `${CHARM}    charm-entrypoint: src/../charm.py\n`), []);
  assert.deepEqual(codesOf('charmcraft.yaml', `${CHARM}    charm-entrypoint: ../other/src/charm.py\n`), ['charm-entrypoint-outside@11']);
});

void test('a date-like string default is read as the text it was written as', () => {
  assert.deepEqual(codesOf('charmcraft.yaml', `${CHARM}config:\n  options:\n    since:\n      type: string\n      default: 2024-01-01\n`), []);
});
