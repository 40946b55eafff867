import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkIn, show } from './helpers';

/**
 * Real mistakes in a charm's split-layout files (metadata.yaml, config.yaml, actions.yaml,
 * paas-config.yaml) and across the split, one small project each. `»` marks where the
 * diagnostic starts in the checked file (it is removed from the text); the test asserts the
 * code, the severity and that exact 1-based line and column.
 */
type SplitFile = 'charmcraft.yaml' | 'metadata.yaml' | 'config.yaml' | 'actions.yaml' | 'paas-config.yaml';

interface Mistake {
  title: string;
  /** The file that gets the diagnostic. */
  file: SplitFile;
  /** Every file of the project; the checked one holds the » marker. */
  files: Partial<Record<SplitFile, string>>;
  code: string;
  severity: 'error' | 'warning';
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };

/** A charmcraft.yaml of the split layout: name, summary and description live in metadata.yaml. */
const CHARM = 'type: charm\nbase: ubuntu@22.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n    source: .\n';
/** A charmcraft.yaml that carries its own name, summary and description. */
const FULL_CHARM = `name: demo\nsummary: A demo charm.\ndescription: A demo charm.\n${CHARM}`;
const META = 'name: demo\nsummary: A demo charm.\ndescription: A demo charm.\n';
/** A 12-factor charm on a V1 base (paas-charm 1.x) and on ubuntu@26.04 (V2). */
const flask = (base = 'ubuntu@24.04'): string =>
  `name: hello-k8s\ntype: charm\nsummary: Hello.\ndescription: Hello.\nbase: ${base}\nplatforms:\n  amd64:\nextensions:\n  - flask-framework\n`;
const go = 'name: hello-k8s\ntype: charm\nsummary: Hello.\ndescription: Hello.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions:\n  - go-framework\n';

const MISTAKES: Mistake[] = [
  // --- the merge Charmcraft makes (charmcraft.md §2)
  {
    title: 'name in metadata.yaml and in charmcraft.yaml', file: 'metadata.yaml', code: 'duplicated-in-metadata', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'metadata.yaml': '»name: demo\nrequires:\n  db:\n    interface: pgsql\n' },
  },
  {
    title: 'summary copied into metadata.yaml as well', file: 'metadata.yaml', code: 'duplicated-in-metadata', severity: 'error',
    files: { 'charmcraft.yaml': `summary: A demo charm.\n${CHARM}`, 'metadata.yaml': 'name: demo\n»summary: A demo charm.\ndescription: Demo.\n' },
  },
  {
    title: 'description in both files', file: 'metadata.yaml', code: 'duplicated-in-metadata', severity: 'error',
    files: { 'charmcraft.yaml': `description: Long text.\n${CHARM}`, 'metadata.yaml': 'name: demo\nsummary: Demo.\n»description: Long text.\n' },
  },
  {
    title: 'config.yaml next to a config section in charmcraft.yaml', file: 'config.yaml', code: 'duplicated-in-file', severity: 'error',
    files: { 'charmcraft.yaml': `${FULL_CHARM}config:\n  options:\n    port:\n      type: int\n`, 'config.yaml': '# Options.\n»options:\n  port:\n    type: int\n' },
  },
  {
    title: 'actions.yaml next to an actions section in charmcraft.yaml', file: 'actions.yaml', code: 'duplicated-in-file', severity: 'error',
    files: { 'charmcraft.yaml': `${FULL_CHARM}actions:\n  backup:\n    description: Back up.\n`, 'actions.yaml': '»restore:\n  description: Restore.\n' },
  },
  {
    title: 'config.yaml kept beside a flask-framework charm', file: 'config.yaml', code: 'split-extension-file', severity: 'error',
    files: { 'charmcraft.yaml': flask(), 'config.yaml': '»options:\n  greeting:\n    type: string\n    default: Hello\n' },
  },
  {
    title: 'actions.yaml beside a flask-framework charm (charmcraft.yaml side)', file: 'charmcraft.yaml', code: 'split-extension-file', severity: 'error',
    files: { 'charmcraft.yaml': flask().replace('  - flask-framework', '  - »flask-framework'), 'actions.yaml': 'refresh:\n  description: Refresh.\n' },
  },
  {
    title: 'metadata.yaml beside a flask-framework charm', file: 'metadata.yaml', code: 'split-extension-metadata', severity: 'warning',
    files: { 'charmcraft.yaml': flask().replace('name: hello-k8s\n', ''), 'metadata.yaml': '»name: hello-k8s\n' },
  },
  {
    title: 'requires in charmcraft.yaml while metadata.yaml exists', file: 'charmcraft.yaml', code: 'split-metadata-key-ignored', severity: 'warning',
    files: { 'charmcraft.yaml': `${CHARM}»requires:\n  db:\n    interface: pgsql\n`, 'metadata.yaml': META },
  },
  {
    title: 'provides in both charmcraft.yaml and metadata.yaml', file: 'metadata.yaml', code: 'split-duplicated-key', severity: 'warning',
    files: { 'charmcraft.yaml': `${CHARM}provides:\n  website:\n    interface: http\n`, 'metadata.yaml': `${META}»provides:\n  website:\n    interface: http\n` },
  },
  {
    title: 'endpoint name reused across charmcraft.yaml and metadata.yaml', file: 'metadata.yaml', code: 'duplicate-endpoint', severity: 'warning',
    files: { 'charmcraft.yaml': `${CHARM}requires:\n  db:\n    interface: mysql\n`, 'metadata.yaml': `${META}provides:\n  »db:\n    interface: mysql\n` },
  },

  // --- metadata.yaml (charmcraft.md §6)
  {
    title: 'providers: instead of provides: (real file)', file: 'metadata.yaml', code: 'split-unknown-key', severity: 'warning',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}»providers:\n  metrics:\n    interface: prometheus\n` },
  },
  {
    title: 'require: instead of requires:', file: 'metadata.yaml', code: 'split-unknown-key', severity: 'warning',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}»require:\n  db:\n    interface: pgsql\n` },
  },
  {
    title: 'charm-libs written in metadata.yaml (real file)', file: 'metadata.yaml', code: 'split-misplaced-key', severity: 'warning',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}»charm-libs:\n  - lib: data_platform_libs.data_interfaces\n    version: "0"\n` },
  },
  {
    title: 'links: in metadata.yaml (real file)', file: 'metadata.yaml', code: 'split-misplaced-key', severity: 'warning',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}»links:\n  source: https://example.com/demo\n` },
  },
  {
    title: 'series: in a sidecar charm with containers', file: 'metadata.yaml', code: 'split-metadata-ambiguous', severity: 'warning',
    files: {
      'charmcraft.yaml': CHARM,
      'metadata.yaml': `${META}»series: [jammy]\ncontainers:\n  app:\n    resource: app-image\nresources:\n  app-image:\n    type: oci-image\n`,
    },
  },
  {
    title: 'container resource not declared anywhere', file: 'metadata.yaml', code: 'unknown-resource', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}containers:\n  app:\n    resource: »app-imgae\nresources:\n  app-image:\n    type: oci-image\n` },
  },
  {
    title: 'container image resource without type: oci-image', file: 'metadata.yaml', code: 'resource-not-oci-image', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}containers:\n  app:\n    resource: »app-image\nresources:\n  app-image:\n    description: The image.\n` },
  },
  {
    title: 'mount names a storage that is not declared', file: 'metadata.yaml', code: 'unknown-storage', severity: 'error',
    files: {
      'charmcraft.yaml': CHARM,
      'metadata.yaml': `${META}containers:\n  app:\n    resource: app-image\n    mounts:\n      - storage: »date\n        location: /data\nresources:\n  app-image:\n    type: oci-image\nstorage:\n  data:\n    type: filesystem\n`,
    },
  },
  {
    title: 'storage without type', file: 'metadata.yaml', code: 'missing-key', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}storage:\n  »data:\n    location: /var/lib/demo\n` },
  },
  {
    title: 'block storage with a location', file: 'metadata.yaml', code: 'storage-location-block', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}storage:\n  disk:\n    type: block\n    »location: /dev/sdb\n` },
  },
  {
    title: 'same endpoint in requires and provides of metadata.yaml', file: 'metadata.yaml', code: 'duplicate-endpoint', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}requires:\n  db:\n    interface: pgsql\nprovides:\n  »db:\n    interface: pgsql\n` },
  },
  {
    title: 'subordinate without a container-scoped requires', file: 'metadata.yaml', code: 'subordinate-needs-container-scope', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}subordinate: »true\nrequires:\n  host:\n    interface: juju-info\n` },
  },
  {
    title: 'file resource without filename', file: 'metadata.yaml', code: 'resource-missing-filename', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}resources:\n  »snap:\n    type: file\n    description: The snap.\n` },
  },
  {
    title: 'endpoint named juju-info in provides', file: 'metadata.yaml', code: 'reserved-endpoint-name', severity: 'error',
    files: { 'charmcraft.yaml': CHARM, 'metadata.yaml': `${META}provides:\n  »juju-info:\n    interface: juju-info\n` },
  },

  // --- config.yaml (charmcraft.md §6)
  {
    title: 'options written at the top level of config.yaml', file: 'config.yaml', code: 'config-missing-options', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': '»port:\n  type: int\n  default: 8080\n' },
  },
  {
    title: 'option: instead of options:', file: 'config.yaml', code: 'split-unknown-key', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': '»option:\n  port:\n    type: int\n' },
  },
  {
    title: 'str instead of string', file: 'config.yaml', code: 'invalid-value', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  greeting:\n    type: »str\n    default: hi\n' },
  },
  {
    title: 'option without type', file: 'config.yaml', code: 'missing-key', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  »greeting:\n    default: hi\n' },
  },
  {
    title: 'int option with a word as default', file: 'config.yaml', code: 'config-default-type', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  workers:\n    type: int\n    default: »four\n' },
  },
  {
    title: 'float option with a whole-number default', file: 'config.yaml', code: 'config-default-type', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  ratio:\n    type: float\n    default: »1\n' },
  },
  {
    title: 'secret option with a plain password default', file: 'config.yaml', code: 'config-default-type', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  token:\n    type: secret\n    default: »hunter2\n' },
  },
  {
    title: 'defualt: misspelt in an option', file: 'config.yaml', code: 'config-option-unknown-key', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'config.yaml': 'options:\n  port:\n    type: int\n    »defualt: 8080\n' },
  },

  // --- actions.yaml (charmcraft.md §6)
  {
    title: 'underscore in an action name', file: 'actions.yaml', code: 'invalid-name', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': '»get_password:\n  description: Show the password.\n' },
  },
  {
    title: 'action named juju-run', file: 'actions.yaml', code: 'reserved-action-name', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': '»juju-run:\n  description: Run a command.\n' },
  },
  {
    title: 'required names a parameter that does not exist', file: 'actions.yaml', code: 'action-required-unknown-param', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': 'backup:\n  params:\n    target:\n      type: string\n  required: [»targte]\n' },
  },
  {
    title: 'parameters: instead of params:', file: 'actions.yaml', code: 'action-unknown-key', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': 'backup:\n  description: Back up.\n  »parameters:\n    target:\n      type: string\n' },
  },
  {
    title: 'Python type name for a parameter', file: 'actions.yaml', code: 'action-param-type', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': 'backup:\n  params:\n    retries:\n      type: »int\n' },
  },
  {
    title: 'parameter default of another type', file: 'actions.yaml', code: 'action-param-default', severity: 'warning',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': 'backup:\n  params:\n    compress:\n      type: boolean\n      default: »"no"\n' },
  },
  {
    title: '$ref in a parameter schema', file: 'actions.yaml', code: 'action-schema-ref', severity: 'error',
    files: { 'charmcraft.yaml': FULL_CHARM, 'actions.yaml': 'backup:\n  params:\n    target:\n      »$ref: "#/definitions/path"\n' },
  },

  // --- paas-config.yaml (charmcraft.md §7.4, §7.7)
  {
    title: 'metrics_port with an underscore', file: 'paas-config.yaml', code: 'unknown-key', severity: 'error',
    files: { 'charmcraft.yaml': flask('ubuntu@26.04'), 'paas-config.yaml': '»metrics_port: 9102\n' },
  },
  {
    title: 'JSON logs for a Go charm', file: 'paas-config.yaml', code: 'tf-paas-config-json-logging', severity: 'error',
    files: { 'charmcraft.yaml': go, 'paas-config.yaml': 'framework_logging_format: »json\n' },
  },
  {
    title: 'paas-config.yaml that is a list', file: 'paas-config.yaml', code: 'not-a-mapping', severity: 'error',
    files: { 'charmcraft.yaml': flask('ubuntu@26.04'), 'paas-config.yaml': '»- port: 8000\n' },
  },
  {
    title: 'port as a word', file: 'paas-config.yaml', code: 'wrong-type', severity: 'error',
    files: { 'charmcraft.yaml': flask('ubuntu@26.04'), 'paas-config.yaml': 'port: »http\n' },
  },
  {
    title: 'scrape job without static_configs', file: 'paas-config.yaml', code: 'paas-config-missing-key', severity: 'warning',
    files: { 'charmcraft.yaml': flask('ubuntu@26.04'), 'paas-config.yaml': 'prometheus:\n  scrape_configs:\n    - »job_name: app\n      metrics_path: /metrics\n' },
  },
  {
    title: 'two scrape jobs with one name', file: 'paas-config.yaml', code: 'paas-config-duplicate-job', severity: 'warning',
    files: {
      'charmcraft.yaml': flask('ubuntu@26.04'),
      'paas-config.yaml': 'prometheus:\n  scrape_configs:\n    - job_name: app\n      static_configs:\n        - targets: ["*:8081"]\n    - job_name: »app\n      static_configs:\n        - targets: ["*:8082"]\n',
    },
  },
  {
    title: 'metrics-path in a scrape job', file: 'paas-config.yaml', code: 'paas-config-unknown-key', severity: 'warning',
    files: {
      'charmcraft.yaml': flask('ubuntu@26.04'),
      'paas-config.yaml': 'prometheus:\n  scrape_configs:\n    - job_name: app\n      »metrics-path: /stats\n      static_configs:\n        - targets: ["*:8081"]\n',
    },
  },
  {
    title: 'scheduler target without a port number', file: 'paas-config.yaml', code: 'paas-config-target', severity: 'warning',
    files: {
      'charmcraft.yaml': flask('ubuntu@26.04'),
      'paas-config.yaml': 'prometheus:\n  scrape_configs:\n    - job_name: jobs\n      static_configs:\n        - targets:\n            - »"@scheduler:metrics"\n',
    },
  },
  {
    title: 'metrics-port override on a ubuntu@24.04 flask charm', file: 'paas-config.yaml', code: 'paas-config-v1-key', severity: 'warning',
    files: { 'charmcraft.yaml': flask(), 'paas-config.yaml': '»metrics-port: 9200\n' },
  },
];

for (const m of MISTAKES) {
  void test(`split mistake: ${m.title}`, () => {
    const raw = m.files[m.file];
    assert.ok(raw !== undefined, `the project has no ${m.file}`);
    const marker = raw.indexOf('»');
    assert.ok(marker >= 0, 'the checked file needs a » marker');
    const text = raw.slice(0, marker) + raw.slice(marker + 1);
    const before = text.slice(0, marker).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    const files: Record<string, string> = {};
    for (const [n, t] of Object.entries(m.files)) files[`/charm/${n}`] = n === m.file ? text : t;
    const { diagnostics } = checkIn(files, `/charm/${m.file}`);
    const hit = diagnostics.find((d) => d.code === m.code && d.range.start.line + 1 === line && d.range.start.character + 1 === column);
    assert.ok(hit, `expected ${m.code} at ${line}:${column}, got:\n${show(diagnostics)}`);
    assert.equal(hit.severity, SEVERITY[m.severity], `severity of ${m.code}: ${show([hit])}`);
    assert.ok(String(hit.message).length > 20, 'the message says what to do');
  });
}

void test('the split table holds at least 25 mistakes with distinct titles', () => {
  assert.ok(MISTAKES.length >= 25, `only ${MISTAKES.length} mistakes`);
  assert.equal(new Set(MISTAKES.map((m) => m.title)).size, MISTAKES.length);
});
