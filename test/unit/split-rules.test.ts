import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service';
import { MemoryFs, REPO, SHARED, checkIn, errors, readTsv, show } from './helpers';

/*
 * The split-layout rules (server/src/service/rules/split*.ts): what they report, on which
 * side, and — as much — what they leave alone in files the tools accept.
 */

type Files = Record<string, string>;

/** `code@line` of every diagnostic of one file of a project laid out under /charm. */
function codes(files: Files, name: string): string[] {
  const abs: Files = {};
  for (const [n, t] of Object.entries(files)) abs[`/charm/${n}`] = t;
  return checkIn(abs, `/charm/${name}`).diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
function text(d: Diagnostic | undefined): string {
  const m = d?.message ?? '';
  return typeof m === 'string' ? m : m.value;
}

function diagnostics(files: Files, name: string): Diagnostic[] {
  const abs: Files = {};
  for (const [n, t] of Object.entries(files)) abs[`/charm/${n}`] = t;
  return checkIn(abs, `/charm/${name}`).diagnostics;
}

const CHARM = 'type: charm\nbase: ubuntu@22.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n    source: .\n';
const FULL = `name: demo\nsummary: Demo.\ndescription: Demo.\n${CHARM}`;
const META = 'name: demo\nsummary: Demo.\ndescription: Demo.\n';
const FLASK = 'name: hello-k8s\ntype: charm\nsummary: Hello.\ndescription: Hello.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions:\n  - flask-framework\n';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'split');

function fixture(dir: string): Files {
  const out: Files = {};
  for (const n of fs.readdirSync(path.join(FIXTURES, dir))) out[n] = fs.readFileSync(path.join(FIXTURES, dir, n), 'utf8');
  return out;
}

void test('the split fixtures are clean: no diagnostic on any file', () => {
  for (const dir of fs.readdirSync(FIXTURES)) {
    if (dir === 'broken') continue;
    const files = fixture(dir);
    for (const name of Object.keys(files)) assert.deepEqual(codes(files, name), [], `${dir}/${name}`);
  }
});

void test('name/summary/description: reported on both files when in both, nowhere when in one', () => {
  const both = { 'charmcraft.yaml': `summary: Demo.\n${CHARM}`, 'metadata.yaml': META };
  assert.deepEqual(codes(both, 'metadata.yaml'), ['duplicated-in-metadata@2']);
  assert.deepEqual(codes(both, 'charmcraft.yaml'), ['duplicated-in-metadata@1']);
  const msg = text(diagnostics(both, 'metadata.yaml')[0]);
  assert.ok(msg.startsWith('Fields in charmcraft.yaml cannot be duplicated in metadata.yaml'), msg);
  assert.match(msg, /charmcraft\.yaml \(line 1\)/);
  const one = { 'charmcraft.yaml': CHARM, 'metadata.yaml': META };
  assert.deepEqual(codes(one, 'metadata.yaml'), []);
  assert.deepEqual(codes(one, 'charmcraft.yaml'), []);
});

void test('config.yaml / actions.yaml: the section in charmcraft.yaml is an error on both sides', () => {
  const files = {
    'charmcraft.yaml': `${FULL}config:\n  options: {}\nactions:\n  a:\n    description: A.\n`,
    'config.yaml': 'options:\n  b:\n    type: string\n',
    'actions.yaml': '# Actions.\nc:\n  description: C.\n',
  };
  assert.deepEqual(codes(files, 'config.yaml'), ['duplicated-in-file@1']);
  assert.deepEqual(codes(files, 'actions.yaml'), ['duplicated-in-file@2']);
  assert.deepEqual(codes(files, 'charmcraft.yaml'), ['duplicated-in-file@12', 'duplicated-in-file@14']);
  const msg = text(diagnostics(files, 'config.yaml')[0]);
  assert.ok(msg.startsWith("Cannot specify 'config' section in 'charmcraft.yaml' when 'config.yaml' exists"), msg);
  // Without the section, the files are fine.
  assert.deepEqual(codes({ ...files, 'charmcraft.yaml': FULL }, 'config.yaml'), []);
  assert.deepEqual(codes({ ...files, 'charmcraft.yaml': FULL }, 'actions.yaml'), []);
});

void test('a 12-factor extension next to config.yaml, actions.yaml or metadata.yaml', () => {
  const files = {
    'charmcraft.yaml': FLASK,
    'config.yaml': 'options:\n  greeting:\n    type: string\n',
    'actions.yaml': 'refresh:\n  description: Refresh.\n',
  };
  assert.deepEqual(codes(files, 'config.yaml'), ['split-extension-file@1']);
  assert.deepEqual(codes(files, 'actions.yaml'), ['split-extension-file@1']);
  assert.deepEqual(codes(files, 'charmcraft.yaml').filter((c) => c.startsWith('split-')), ['split-extension-file@9', 'split-extension-file@9']);
  const msgs = diagnostics(files, 'charmcraft.yaml').filter((d) => d.code === 'split-extension-file').map(text);
  assert.ok(msgs.some((m) => m.includes("'config.yaml' exists")) && msgs.some((m) => m.includes("'actions.yaml' exists")), msgs.join('\n'));
  // An actions.yaml with only comments still exists: Charmcraft still refuses it.
  assert.deepEqual(codes({ 'charmcraft.yaml': FLASK, 'actions.yaml': '# none\n' }, 'charmcraft.yaml').filter((c) => c.startsWith('split-')), ['split-extension-file@9']);
  const meta = { 'charmcraft.yaml': FLASK.replace('name: hello-k8s\n', ''), 'metadata.yaml': 'name: hello-k8s\n' };
  assert.deepEqual(codes(meta, 'metadata.yaml'), ['split-extension-metadata@1']);
  assert.ok(codes(meta, 'charmcraft.yaml').includes('split-extension-metadata@8'));
  // A charm without an extension has none of these.
  assert.deepEqual(codes({ ...files, 'charmcraft.yaml': FULL }, 'config.yaml'), []);
});

void test('Juju metadata keys in charmcraft.yaml are not packed when metadata.yaml exists', () => {
  const files = {
    'charmcraft.yaml': `${CHARM}title: Demo\nassumes: [k8s-api]\nrequires:\n  db:\n    interface: pgsql\n`,
    'metadata.yaml': `${META}display-name: Demo\nprovides:\n  web:\n    interface: http\n`,
  };
  assert.deepEqual(codes(files, 'charmcraft.yaml'), ['split-metadata-key-ignored@9', 'split-metadata-key-ignored@10', 'split-metadata-key-ignored@11']);
  assert.deepEqual(codes(files, 'metadata.yaml'), ['split-duplicated-key@4']);
  // Without metadata.yaml they are charmcraft.yaml's own keys.
  assert.deepEqual(codes({ 'charmcraft.yaml': `${FULL}requires:\n  db:\n    interface: pgsql\n` }, 'charmcraft.yaml'), []);
});

void test('endpoint names are unique across the two files, reported once per side', () => {
  const files = {
    'charmcraft.yaml': `${CHARM}requires:\n  db:\n    interface: pgsql\n`,
    'metadata.yaml': `${META}peers:\n  db:\n    interface: pgsql\n  cluster:\n    interface: cluster\n`,
  };
  assert.deepEqual(codes(files, 'metadata.yaml'), ['duplicate-endpoint@5']);
  assert.deepEqual(codes(files, 'charmcraft.yaml'), ['split-metadata-key-ignored@9', 'duplicate-endpoint@10']);
  assert.match(text(diagnostics(files, 'metadata.yaml')[0]), /also declared under `requires` in charmcraft\.yaml/);
  // Inside one file, charmRelations reports it (once).
  const inner = { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}requires:\n  db:\n    interface: pgsql\nprovides:\n  db:\n    interface: pgsql\n` };
  assert.deepEqual(codes(inner, 'metadata.yaml'), ['duplicate-endpoint@8']);
});

void test('containers, resources and storage are looked up in both files', () => {
  const image = 'resources:\n  app-image:\n    type: oci-image\nstorage:\n  data:\n    type: filesystem\n';
  const container = 'containers:\n  app:\n    resource: app-image\n    mounts:\n      - storage: data\n        location: /data\n';
  // Declared in charmcraft.yaml, used in metadata.yaml.
  assert.deepEqual(codes({ 'charmcraft.yaml': `${CHARM}${image}`, 'metadata.yaml': `${META}${container}` }, 'metadata.yaml'), []);
  // Declared in metadata.yaml, used in charmcraft.yaml (the key itself is not packed: a warning).
  assert.deepEqual(codes({ 'charmcraft.yaml': `${CHARM}${container}`, 'metadata.yaml': `${META}${image}` }, 'charmcraft.yaml'), ['split-metadata-key-ignored@9']);
  // Declared nowhere.
  assert.deepEqual(codes({ 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}${container}` }, 'metadata.yaml'), ['unknown-resource@6', 'unknown-storage@8']);
});

void test('metadata.yaml keys: typos and charmcraft.yaml keys warn, keys Juju knows do not', () => {
  const files = (extra: string): Files => ({ 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}${extra}` });
  assert.deepEqual(codes(files('tags: [databases]\ncategories: [misc]\nmaintainers: [A <a@b.c>]\nmaintainer: A <a@b.c>\nterms: [t]\nmin-juju-version: 2.9.0\n'), 'metadata.yaml'), []);
  const d = diagnostics(files('providers:\n  x:\n    interface: y\nsubordinat: true\nfoo: 1\n'), 'metadata.yaml');
  assert.deepEqual(d.map((x) => [x.code, x.severity, (x.data as { replacement?: string } | undefined)?.replacement]), [
    ['split-unknown-key', DiagnosticSeverity.Warning, 'provides'],
    ['split-unknown-key', DiagnosticSeverity.Warning, 'subordinate'],
    ['split-unknown-key', DiagnosticSeverity.Warning, undefined],
  ]);
  assert.deepEqual(codes(files('title: Demo\nconfig:\n  options: {}\nactions: {}\nparts: {}\n'), 'metadata.yaml'),
    ['split-misplaced-key@4', 'split-misplaced-key@5', 'split-misplaced-key@7', 'split-misplaced-key@8']);
  // `series:` alone is only the schema's deprecation; next to new-format keys Juju refuses the metadata.
  assert.deepEqual(codes(files('series: [jammy]\n'), 'metadata.yaml'), ['deprecated-key@4']);
  assert.deepEqual(codes(files('min-juju-version: "3.1"\nassumes: [k8s-api]\n'), 'metadata.yaml'), ['split-metadata-ambiguous@4']);
});

void test('config.yaml: the options mapping, unknown keys and misspelt option keys', () => {
  const f = (text: string): string[] => codes({ 'charmcraft.yaml': FULL, 'config.yaml': text }, 'config.yaml');
  assert.deepEqual(f('options: {}\n'), []);
  assert.deepEqual(f('# no options yet\n'), []);
  assert.deepEqual(f('port:\n  type: int\nhost:\n  type: string\n'), ['config-missing-options@1']);
  assert.deepEqual(f('option:\n  port:\n    type: int\n'), ['config-missing-options@1', 'split-unknown-key@1']);
  assert.deepEqual(f('options:\n  port:\n    type: int\nversion: 2\n'), ['split-unknown-key@4']);
  assert.deepEqual(f('options:\n  port:\n    type: int\n    descripton: The port.\n    source: ops team\n'), ['config-option-unknown-key@4']);
  // 12-factor `optional` is a known key.
  assert.deepEqual(f('options:\n  token:\n    type: string\n    optional: false\n'), []);
});

void test('actions.yaml: required, misspelt keys, parameter types and defaults', () => {
  const f = (text: string): string[] => codes({ 'charmcraft.yaml': FULL, 'actions.yaml': text }, 'actions.yaml');
  assert.deepEqual(f('# Only comments: no actions.\n'), []);
  assert.deepEqual(f('pause:\n'), []);
  assert.deepEqual(f('backup:\n  params:\n    a:\n      type: string\n  required: [a]\n  additionalProperties: false\n'), []);
  // `properties:` is JSON Schema's own spelling of params (a real file uses it).
  assert.deepEqual(f('backup:\n  properties:\n    a:\n      type: string\n  required: [a]\n'), []);
  assert.deepEqual(f('backup:\n  required: [a, b]\n'), ['action-required-unknown-param@2', 'action-required-unknown-param@2']);
  assert.deepEqual(f('backup:\n  descripton: x\n  param: {}\n  additional-properties: false\n  execution_group: g\n'),
    ['action-unknown-key@2', 'action-unknown-key@3', 'action-unknown-key@4', 'action-unknown-key@5']);
  assert.deepEqual(f('backup:\n  params:\n    a:\n      type: [string, "null"]\n    b:\n      type: [str, bool]\n'), ['action-param-type@6', 'action-param-type@6']);
  assert.deepEqual(f('backup:\n  params:\n    n:\n      type: number\n      default: 3\n    s:\n      type: string\n      default: 3\n    o:\n      type: string\n      default:\n'),
    ['action-param-default@8']);
  const fix = diagnostics({ 'charmcraft.yaml': FULL, 'actions.yaml': 'backup:\n  params:\n    n:\n      type: dict\n' }, 'actions.yaml')[0];
  assert.deepEqual(fix.data, { replacement: 'object' });
});

void test('paas-config.yaml: prometheus jobs and the keys a V1 charm does not read', () => {
  const v2 = FLASK.replace('ubuntu@24.04', 'ubuntu@26.04');
  const f = (text: string, charm = v2): string[] => codes({ 'charmcraft.yaml': charm, 'paas-config.yaml': text }, 'paas-config.yaml');
  const good = 'port: 8000\nmetrics-port: 9102\nmetrics-path: /metrics\nprometheus:\n  scrape_configs:\n    - job_name: app\n      metrics_path: /m\n' +
    '      static_configs:\n        - targets: ["*:8081", "@scheduler:8082"]\n          labels:\n            env: dev\n';
  assert.deepEqual(f(good), []);
  assert.deepEqual(f(''), []);
  assert.deepEqual(f('prometheus:\n  scrape_config: []\n'), ['paas-config-unknown-key@2']);
  assert.deepEqual(f('prometheus:\n  scrape_configs:\n    - job_name: a\n      static_configs:\n        - target: ["*:1"]\n'),
    ['paas-config-unknown-key@5', 'paas-config-missing-key@5']);
  // The V1 extension's paas-charm 1.x does not read the overrides; a charm without an extension is not judged.
  assert.deepEqual(f('port: 8000\nprometheus: {}\n', FLASK), ['paas-config-v1-key@1']);
  assert.deepEqual(f('port: 8000\n', FULL), []);
});

void test('quick fixes from the split diagnostics rename the key', () => {
  const files = { '/charm/charmcraft.yaml': CHARM, '/charm/metadata.yaml': `${META}providers:\n  x:\n    interface: y\n` };
  const service = new LanguageService({ fs: MemoryFs.of(files) });
  const parsed = service.parse({ uri: '/charm/metadata.yaml', path: '/charm/metadata.yaml', text: files['/charm/metadata.yaml'], version: 1 });
  assert.ok(parsed);
  const diag = service.validate(parsed).find((d) => d.code === 'split-unknown-key');
  assert.ok(diag);
  const actions = service.codeActions(parsed, diag.range, { diagnostics: [diag] });
  const edit = actions[0]?.edit?.changes?.['/charm/metadata.yaml']?.[0];
  assert.equal(edit?.newText, 'provides');
  assert.deepEqual(edit?.range, diag.range);
});

void test('editing one file of the split changes what the other reports', () => {
  const files = new Map([['/charm/charmcraft.yaml', FULL], ['/charm/metadata.yaml', 'name: demo\n']]);
  const memory = new MemoryFs(files);
  const service = new LanguageService({ fs: memory });
  const meta = (): string[] => {
    const p = service.parse({ uri: '/charm/metadata.yaml', path: '/charm/metadata.yaml', text: files.get('/charm/metadata.yaml')!, version: 1 });
    return service.validate(p!).map((d) => String(d.code));
  };
  assert.deepEqual(meta(), ['duplicated-in-metadata']);
  files.set('/charm/charmcraft.yaml', CHARM.replace('type: charm\n', 'type: charm\nsummary: Demo.\ndescription: Demo.\n'));
  service.fileChanged('/charm/charmcraft.yaml');
  assert.deepEqual(meta(), []);
});

void test('odd shapes do not trip the split rules', () => {
  const odd = [
    '- a\n- b\n', 'null\n', '"text"\n', '{}\n', 'options: [1]\n', 'options:\n  a: 1\n  b: [x]\n  c:\n', 'a: &x\n  b: *x\n',
    'backup:\n  params: [a]\n  required: a\n', 'backup:\n  params:\n    a: 1\n    b:\n      type: {x: 1}\n      default: [1]\n',
    'prometheus:\n  scrape_configs: {}\n', 'prometheus:\n  scrape_configs:\n    - 1\n    - job_name: [a]\n      static_configs: [1, {targets: 3}]\n',
    'requires: [a]\nprovides:\n  a:\ncontainers:\n  c: 1\n', '<<: {name: x}\nsummary: y\n',
  ];
  for (const kind of ['metadata.yaml', 'config.yaml', 'actions.yaml', 'paas-config.yaml']) {
    for (const text of odd) {
      for (const charm of [FULL, FLASK, '- not a map\n']) {
        // checkIn's service throws when a rule fails; no result is asserted beyond that.
        codes({ 'charmcraft.yaml': charm, [kind]: text, 'metadata.yaml': kind === 'metadata.yaml' ? text : 'requires: {a: b}\n' }, kind);
        codes({ 'charmcraft.yaml': charm, [kind]: text }, 'charmcraft.yaml');
      }
    }
  }
});

/** The legacy corpus laid out as its repositories hold it (see corpus.test.ts). */
function legacyProjects(): { label: string; files: Files }[] {
  const corpus = path.join(SHARED, 'corpus');
  const rows = readTsv(path.join(corpus, 'legacy', 'INDEX.tsv'));
  const byCharm = new Map<string, Files>();
  for (const r of rows) {
    const files = byCharm.get(r.sibling_charmcraft) ?? { 'charmcraft.yaml': fs.readFileSync(path.join(corpus, r.sibling_charmcraft), 'utf8') };
    files[`${r.kind}.yaml`] = fs.readFileSync(path.join(corpus, 'legacy', r.file), 'utf8');
    byCharm.set(r.sibling_charmcraft, files);
  }
  return [...byCharm].map(([label, files]) => ({ label, files }));
}

void test('legacy corpus: no errors, and only the split warnings its notes expect', () => {
  const projects = legacyProjects();
  assert.ok(projects.length >= 28, `expected the 28 split-layout charms, found ${projects.length}`);
  const split: string[] = [];
  for (const p of projects) {
    for (const name of Object.keys(p.files)) {
      const abs: Files = {};
      for (const [n, t] of Object.entries(p.files)) abs[`/c/${n}`] = t;
      const { diagnostics: d } = checkIn(abs, `/c/${name}`, { projectChecks: false });
      assert.equal(errors(d).length, 0, `${p.label} ${name}:\n${show(errors(d))}`);
      for (const x of d) if (/^(split-|action-|config-missing|config-option|paas-config-)/.test(String(x.code))) split.push(`${path.basename(p.label)} ${name} ${String(x.code)}`);
    }
  }
  assert.deepEqual(split.sort(), [
    'Omgzilla__ipmi-exporter-operator__charmcraft.yaml metadata.yaml split-unknown-key',
    'alanbach__charm-block__charmcraft.yaml metadata.yaml split-misplaced-key',
    'canonical__cassandra-operator__charmcraft.yaml metadata.yaml split-misplaced-key',
  ]);
});
