import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkIn, show } from './helpers';

/**
 * Real mistakes people make in rockcraft.yaml and charmcraft.yaml, one small file each, with
 * the diagnostic we must give. `»` marks where the diagnostic starts (it is removed from the
 * text); the test asserts the code, the severity and that exact 1-based line and column.
 */
interface Mistake {
  title: string;
  text: string;
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** Defaults to rockcraft.yaml. */
  file?: 'rockcraft.yaml' | 'charmcraft.yaml' | 'metadata.yaml' | 'config.yaml' | 'actions.yaml';
  /** Other files of the project, by name. */
  others?: Record<string, string>;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** A valid rock whose lines the mistakes replace; `@@` lines are substituted in. */
const ROCK_HEAD = 'name: hello\nversion: "0.1"\nsummary: Hello rock\ndescription: A test rock.\n';
const rock = (rest: string): string => ROCK_HEAD + rest;
const ROCK_OK_BODY = 'base: ubuntu@24.04\nplatforms:\n  amd64:\n';
const CHARM_HEAD = 'name: hello-k8s\ntype: charm\nsummary: Hello charm\ndescription: A test charm.\n';
const charm = (rest: string): string => CHARM_HEAD + rest;
const CHARM_BASE = 'base: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n    source: .\n';

const MISTAKES: Mistake[] = [
  // --- YAML itself
  { title: 'YAML syntax error: a key without a colon', text: rock('base: ubuntu@24.04\n»platforms\n  amd64:\n'), code: 'yaml-syntax', severity: 'error' },
  { title: 'duplicate key', text: rock('base: ubuntu@24.04\n»base: ubuntu@22.04\nplatforms:\n  amd64:\n'), code: 'duplicate-key', severity: 'error' },
  { title: 'tab indentation', text: rock('base: ubuntu@24.04\nplatforms:\n»\tamd64:\n'), code: 'yaml-syntax', severity: 'error' },

  // --- rock top level
  { title: 'unknown top-level key with a near miss', text: rock(`${ROCK_OK_BODY}»licence: Apache-2.0\n`), code: 'unknown-key', severity: 'error' },
  { title: 'Docker-style cmd key', text: rock(`${ROCK_OK_BODY}»cmd: ["/bin/app"]\n`), code: 'removed-key', severity: 'error' },
  { title: 'missing version without adopt-info', text: '»name: hello\nsummary: Hello rock\ndescription: A test rock.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  hello:\n    plugin: nil\n', code: 'missing-version', severity: 'error' },
  { title: 'adopt-info names a part that does not exist', text: 'name: hello\nsummary: s\ndescription: d\nadopt-info: »hellp\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  hello:\n    plugin: nil\n', code: 'unknown-part', severity: 'error' },
  { title: 'name with upper case and underscore', text: 'name: »My_Rock\nversion: "0.1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n', code: 'invalid-format', severity: 'error' },
  { title: 'version ending with a dot', text: 'name: hello\nversion: »"1.0."\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n', code: 'invalid-format', severity: 'error' },
  { title: 'unquoted version that loses its trailing zero', text: 'name: hello\nversion: »1.10\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\n', code: 'version-number', severity: 'warning' },
  { title: 'unquoted date as version', text: 'name: hello\nversion: »2024-05-01\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\n', code: 'version-not-string', severity: 'error' },
  { title: 'license expression instead of one id', text: rock(`${ROCK_OK_BODY}license: »MIT AND Apache-2.0\n`), code: 'license-expression', severity: 'error' },
  { title: 'license id typo', text: rock(`${ROCK_OK_BODY}license: »Apache2.0\n`), code: 'unknown-license', severity: 'warning' },
  { title: 'environment value referring to another variable', text: rock(`${ROCK_OK_BODY}environment:\n  PATH: »$PATH:/app/bin\n`), code: 'invalid-format', severity: 'error' },
  { title: 'run-user other than _daemon_', text: rock(`${ROCK_OK_BODY}run-user: »root\n`), code: 'invalid-value', severity: 'error' },
  { title: 'run-user next to flask-framework', text: rock('base: ubuntu@24.04\nplatforms:\n  amd64:\nextensions:\n  - flask-framework\n»run-user: _daemon_\n'), code: 'run-user-with-extension', severity: 'warning' },
  { title: 'no parts at all', text: `»${ROCK_HEAD}${ROCK_OK_BODY}`, code: 'missing-parts', severity: 'warning' },

  // --- bases
  { title: 'base that does not exist', text: rock('base: »ubuntu@23.04\nplatforms:\n  amd64:\n'), code: 'invalid-value', severity: 'error' },
  { title: 'colon spelling of the base', text: rock('base: »ubuntu:22.04\nplatforms:\n  amd64:\n'), code: 'deprecated-value', severity: 'warning' },
  { title: 'bare base without build-base', text: rock('»base: bare\nplatforms:\n  amd64:\n'), code: 'bare-needs-build-base', severity: 'error' },
  { title: 'development base without devel build-base', text: rock('base: »ubuntu@26.10\nplatforms:\n  amd64:\n'), code: 'devel-base-needs-devel-build-base', severity: 'error' },
  { title: 'python-constraints with the newer python plugin of build base 26.04', text: rock('base: ubuntu@26.04\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: python\n    source: .\n    »python-constraints: [constraints.txt]\n'), code: 'build-base-key', severity: 'error' },
  { title: 'python-constraints on a bare base built on devel', text: rock('base: bare\nbuild-base: devel\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: python\n    source: .\n    »python-constraints: [c.txt]\n'), code: 'build-base-key', severity: 'error' },
  { title: 'end-of-life base', text: rock('base: »ubuntu@20.04\nplatforms:\n  amd64:\n'), code: 'eol-base', severity: 'warning' },

  // --- platforms
  { title: 'architecture typo in build-on', text: rock('base: ubuntu@24.04\nplatforms:\n  mine:\n    build-on: [»amd46]\n    build-for: [amd64]\n'), code: 'invalid-value', severity: 'error' },
  { title: 'platform that is not an architecture, without build keys', text: rock('base: ubuntu@24.04\nplatforms:\n  »x86:\n'), code: 'platform-needs-build-keys', severity: 'error' },
  { title: 'custom platform without build-for', text: rock('base: ubuntu@24.04\nplatforms:\n  »mine:\n    build-on: [amd64]\n'), code: 'platform-missing-build-for', severity: 'error' },
  { title: 'build-for without build-on', text: rock('base: ubuntu@24.04\nplatforms:\n  »arm64:\n    build-for: [arm64]\n'), code: 'platform-missing-build-on', severity: 'error' },
  { title: 'architecture-named platform building for another architecture', text: rock('base: ubuntu@24.04\nplatforms:\n  arm64:\n    build-on: [amd64]\n    build-for: [»amd64]\n'), code: 'platform-arch-mismatch', severity: 'error' },
  { title: 'two architectures in build-for', text: rock('base: ubuntu@24.04\nplatforms:\n  mine:\n    build-on: [amd64]\n    build-for: »[amd64, arm64]\n'), code: 'invalid-count', severity: 'error' },
  { title: 'all in build-on', text: rock('base: ubuntu@24.04\nplatforms:\n  mine:\n    build-on: [»all]\n    build-for: [amd64]\n'), code: 'invalid-value', severity: 'error' },
  { title: 'slash in a platform name', text: rock('base: ubuntu@24.04\nplatforms:\n  »linux/amd64:\n    build-on: [amd64]\n    build-for: [amd64]\n'), code: 'invalid-name', severity: 'error' },
  { title: 'multi-base platform in a rock', text: rock('base: ubuntu@24.04\nplatforms:\n  »ubuntu@24.04:amd64:\n'), code: 'multi-base-platform', severity: 'error' },

  // --- parts
  { title: 'part without plugin', text: rock(`${ROCK_OK_BODY}parts:\n  »app:\n    source: .\n`), code: 'missing-plugin', severity: 'error' },
  { title: 'dump part without source', text: rock(`${ROCK_OK_BODY}parts:\n  »config:\n    plugin: dump\n`), code: 'missing-source', severity: 'error' },
  { title: 'unknown part key', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    »stage-package: [curl]\n`), code: 'unknown-key', severity: 'error' },
  { title: 'plugin name typo', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: »pyhton\n    source: .\n`), code: 'invalid-value', severity: 'error' },
  { title: 'plugin option of another plugin', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: dump\n    source: .\n    »go-buildtags: [netgo]\n`), code: 'plugin-key-mismatch', severity: 'error' },
  { title: 'part named pebble', text: rock(`${ROCK_OK_BODY}parts:\n  »pebble:\n    plugin: nil\n`), code: 'reserved-part', severity: 'error' },
  { title: 'part name with / on a 26.04 build base', text: rock('base: ubuntu@26.04\nplatforms:\n  amd64:\nparts:\n  »app/build:\n    plugin: nil\n'), code: 'part-name-slash', severity: 'error' },
  { title: 'packages and slices in one part', text: rock(`${ROCK_OK_BODY}parts:\n  runtime:\n    plugin: nil\n    stage-packages: »[libpq5, ca-certificates_data]\n`), code: 'mixed-stage-packages', severity: 'error' },
  { title: 'overlay on a bare base', text: rock('base: bare\nbuild-base: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: nil\n    »overlay-packages: [curl]\n'), code: 'bare-overlay', severity: 'error' },
  { title: 'override-overlay and overlay-script together', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    override-overlay: echo hi\n    »overlay-script: echo ho\n`), code: 'overlay-script-conflict', severity: 'error' },
  { title: 'absolute path in prime', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: dump\n    source: .\n    prime:\n      - »/usr/bin/app\n`), code: 'invalid-format', severity: 'error' },
  { title: 'after names a missing part', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    after: [»deps]\n`), code: 'unknown-part', severity: 'error' },
  { title: 'permissions owner without group', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    permissions:\n      - path: app\n        »owner: 584792\n`), code: 'permissions-owner-group', severity: 'error' },
  { title: 'npm-include-node without a version', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: npm\n    source: .\n    »npm-include-node: true\n`), code: 'npm-node-version-missing', severity: 'error' },
  { title: 'else before any on statement', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    stage-packages:\n      - »else: [curl]\n`), code: 'grammar-else', severity: 'error' },
  { title: 'on with two architectures never matches', text: rock(`${ROCK_OK_BODY}parts:\n  app:\n    plugin: nil\n    stage-packages:\n      - »on amd64,arm64: [curl]\n`), code: 'grammar-never-matches', severity: 'warning' },

  // --- services, checks, entrypoints
  { title: 'service without override', text: rock(`${ROCK_OK_BODY}services:\n  »web:\n    command: /bin/app\n`), code: 'service-missing-keys', severity: 'error' },
  { title: 'service override typo', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: »merged\n    command: /bin/app\n`), code: 'invalid-value', severity: 'error' },
  { title: 'service ordered after a missing service', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: replace\n    command: /bin/app\n    after: [»databse]\n`), code: 'unknown-service', severity: 'warning' },
  { title: 'entrypoint-service names no service', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: replace\n    command: /bin/app [ --port 80 ]\nentrypoint-service: »wbe\n`), code: 'unknown-entrypoint-service', severity: 'error' },
  { title: 'entrypoint-service without default arguments', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: replace\n    command: /bin/app --port 80\nentrypoint-service: »web\n`), code: 'entrypoint-service-args', severity: 'error' },
  { title: 'both entrypoint keys', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: replace\n    command: /bin/app [ -v ]\nentrypoint-service: web\n»entrypoint-command: /bin/app\n`), code: 'entrypoint-conflict', severity: 'error' },
  { title: 'arguments after the default-arguments group', text: rock(`${ROCK_OK_BODY}services:\n  web:\n    override: replace\n    command: »/bin/app [ -v ] --port 80\n`), code: 'command-syntax', severity: 'warning' },
  { title: 'check with two types', text: rock(`${ROCK_OK_BODY}checks:\n  up:\n    override: replace\n    http: {url: "http://localhost:8000/"}\n    »tcp: {port: 8000}\n`), code: 'check-type', severity: 'error' },
  { title: 'check without a type', text: rock(`${ROCK_OK_BODY}checks:\n  »up:\n    override: replace\n    level: alive\n`), code: 'check-type', severity: 'error' },
  { title: 'check without override', text: rock(`${ROCK_OK_BODY}checks:\n  »up:\n    tcp: {port: 8000}\n`), code: 'missing-key', severity: 'error' },
  { title: 'check timeout longer than its period', text: rock(`${ROCK_OK_BODY}checks:\n  up:\n    override: replace\n    period: 5s\n    timeout: »10s\n    tcp: {port: 8000}\n`), code: 'check-timeout', severity: 'warning' },

  // --- package repositories
  { title: 'series without pocket', text: rock(`${ROCK_OK_BODY}package-repositories:\n  - type: apt\n    url: https://example.com/apt\n    key-id: 0DCFCA5547B19D2A6099506096B3EE5F29111145\n    components: [main]\n    »series: jammy\n`), code: 'repo-missing-key', severity: 'error' },
  { title: 'priority zero', text: rock(`${ROCK_OK_BODY}package-repositories:\n  - type: apt\n    ppa: deadsnakes/ppa\n    priority: »0\n`), code: 'repo-priority-zero', severity: 'error' },

  // --- charmcraft.yaml
  { title: 'bases and base together', file: 'charmcraft.yaml', text: charm('bases:\n  - name: ubuntu\n    channel: "22.04"\n»base: ubuntu@22.04\n'), code: 'bases-with-base', severity: 'error' },
  { title: 'unquoted channel', file: 'charmcraft.yaml', text: charm('bases:\n  - name: ubuntu\n    channel: »22.04\n'), code: 'channel-not-string', severity: 'error' },
  { title: 'bases with a base that needs platforms', file: 'charmcraft.yaml', text: charm('bases:\n  - name: ubuntu\n    channel: »"24.04"\n'), code: 'bases-needs-platforms', severity: 'warning' },
  { title: 'platforms without any base', file: 'charmcraft.yaml', text: `»${CHARM_HEAD}platforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n`, code: 'missing-base', severity: 'error' },
  { title: 'development base without build-base', file: 'charmcraft.yaml', text: charm('base: »ubuntu@25.10\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: uv\n    source: .\n'), code: 'devel-base-needs-build-base', severity: 'error' },
  { title: 'multi-base platform and a top-level base', file: 'charmcraft.yaml', text: charm('base: ubuntu@24.04\nplatforms:\n  »ubuntu@22.04:amd64:\nparts:\n  charm:\n    plugin: charm\n'), code: 'platform-base-conflict', severity: 'error' },
  { title: 'platforms charm without parts', file: 'charmcraft.yaml', text: `»${CHARM_HEAD}base: ubuntu@24.04\nplatforms:\n  amd64:\n`, code: 'missing-parts', severity: 'error' },
  { title: 'part without plugin whose name is no plugin', file: 'charmcraft.yaml', text: charm('base: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  »libs:\n    source: lib\n'), code: 'plugin-not-registered', severity: 'error' },
  { title: 'overlay key in a charm part', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}    »overlay-packages: [curl]\n`), code: 'removed-key', severity: 'error' },
  { title: 'charm plugin on ubuntu@25.10', file: 'charmcraft.yaml', text: charm('base: ubuntu@25.10\nbuild-base: ubuntu@25.10\nplatforms:\n  amd64:\nparts:\n  charm:\n    »plugin: charm\n'), code: 'charm-plugin-base', severity: 'error' },
  { title: 'config default of the wrong type', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}config:\n  options:\n    port:\n      type: int\n      default: »eighty\n`), code: 'config-default-type', severity: 'error' },
  { title: 'config option without type', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}config:\n  options:\n    »greeting:\n      default: hello\n`), code: 'missing-key', severity: 'error' },
  { title: 'string option with a number default', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}config:\n  options:\n    version:\n      type: string\n      default: »1.10\n`), code: 'config-default-type', severity: 'error' },
  { title: 'action named like a Juju command', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}actions:\n  »juju-run:\n    description: Run something.\n`), code: 'reserved-action-name', severity: 'error' },
  { title: 'reserved relation name', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}provides:\n  »juju-info:\n    interface: juju-info\n`), code: 'reserved-endpoint-name', severity: 'error' },
  { title: 'same endpoint in requires and provides', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}requires:\n  db:\n    interface: postgresql_client\nprovides:\n  »db:\n    interface: mysql\n`), code: 'duplicate-endpoint', severity: 'error' },
  { title: 'subordinate without a container-scoped relation', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}subordinate: »true\nrequires:\n  host:\n    interface: juju-info\n`), code: 'subordinate-needs-container-scope', severity: 'error' },
  { title: 'container using an undeclared resource', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}containers:\n  app:\n    resource: »app-imag\nresources:\n  app-image:\n    type: oci-image\n`), code: 'unknown-resource', severity: 'error' },
  { title: 'container image resource without oci-image type', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}containers:\n  app:\n    resource: »app-image\nresources:\n  app-image:\n    description: The image.\n    filename: image.tar\n`), code: 'resource-not-oci-image', severity: 'error' },
  { title: 'mount of undeclared storage', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}containers:\n  app:\n    resource: app-image\n    mounts:\n      - storage: »dat\n        location: /data\nresources:\n  app-image:\n    type: oci-image\nstorage:\n  data:\n    type: filesystem\n`), code: 'unknown-storage', severity: 'error' },
  { title: 'location on block storage', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}storage:\n  disk:\n    type: block\n    »location: /srv\n`), code: 'storage-location-block', severity: 'error' },
  { title: 'resource filename with a directory', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}resources:\n  bin:\n    type: file\n    filename: »/usr/bin/tool\n`), code: 'invalid-format', severity: 'warning' },
  { title: 'charm-libs version as a number', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}charm-libs:\n  - lib: traefik_k8s.ingress\n    version: »2\n`), code: 'charm-lib-version-not-string', severity: 'error' },
  { title: 'charm-libs lib without the charm name', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}charm-libs:\n  - lib: »ingress\n    version: "2"\n`), code: 'invalid-format', severity: 'error' },
  { title: 'malformed assumes version', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}assumes:\n  - »juju >= three\n`), code: 'invalid-format', severity: 'warning' },
  { title: 'charm platforms without base or bases', file: 'charmcraft.yaml', text: `»${CHARM_HEAD}parts:\n  charm:\n    plugin: charm\n`, code: 'missing-platforms', severity: 'error' },
  { title: 'charm base that does not exist', file: 'charmcraft.yaml', text: charm('base: »ubuntu@23.10\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n'), code: 'invalid-value', severity: 'error' },
  { title: 'unknown charmcraft key with a near miss', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}»require:\n  db:\n    interface: postgresql_client\n`), code: 'unknown-key', severity: 'error' },
  { title: 'config option type str', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}config:\n  options:\n    greeting:\n      type: »str\n`), code: 'invalid-value', severity: 'error' },
  { title: 'relation scope typo', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}requires:\n  logs:\n    interface: loki_push_api\n    scope: »containr\n`), code: 'invalid-value', severity: 'error' },
  { title: 'charm platform built for another architecture', file: 'charmcraft.yaml', text: charm('base: ubuntu@24.04\nplatforms:\n  arm64:\n    build-on: [amd64]\n    build-for: [»amd64]\nparts:\n  charm:\n    plugin: charm\n'), code: 'platform-arch-mismatch', severity: 'error' },
  { title: 'charm part with both strict dependencies and python packages', file: 'charmcraft.yaml', text: charm(`${CHARM_BASE}    charm-strict-dependencies: true\n    »charm-python-packages: [ops]\n`), code: 'charm-strict-dependencies', severity: 'error' },
  { title: 'charm without name and no metadata.yaml', file: 'charmcraft.yaml', text: `»type: charm\nsummary: s\ndescription: d\n${CHARM_BASE}`, code: 'missing-key', severity: 'error' },
  {
    title: 'name in both charmcraft.yaml and metadata.yaml', file: 'charmcraft.yaml',
    text: `»name: hello-k8s\ntype: charm\n${CHARM_BASE}`, others: { 'metadata.yaml': 'name: hello-k8s\nsummary: s\ndescription: d\n' },
    code: 'duplicated-in-metadata', severity: 'error',
  },
  {
    title: 'config section while config.yaml exists', file: 'charmcraft.yaml',
    text: charm(`${CHARM_BASE}»config:\n  options:\n    a:\n      type: string\n`), others: { 'config.yaml': 'options:\n  b:\n    type: string\n' },
    code: 'duplicated-in-file', severity: 'error',
  },
  {
    title: 'config.yaml boolean option with a string default', file: 'config.yaml',
    text: 'options:\n  debug:\n    type: boolean\n    default: »"maybe"\n', others: { 'charmcraft.yaml': charm(CHARM_BASE) },
    code: 'config-default-type', severity: 'error',
  },
  {
    title: 'actions.yaml action named juju', file: 'actions.yaml',
    text: '»juju:\n  description: Take a backup.\n', others: { 'charmcraft.yaml': charm(CHARM_BASE) },
    code: 'reserved-action-name', severity: 'error',
  },
];

for (const m of MISTAKES) {
  void test(`mistake: ${m.title}`, () => {
    const marker = m.text.indexOf('»');
    assert.ok(marker >= 0, 'the test text needs a » marker');
    const text = m.text.slice(0, marker) + m.text.slice(marker + 1);
    const before = text.slice(0, marker).split('\n');
    const line = before.length; // 1-based
    const column = before[before.length - 1].length + 1;
    const name = m.file ?? 'rockcraft.yaml';
    const files: Record<string, string> = { [`/p/${name}`]: text };
    for (const [n, t] of Object.entries(m.others ?? {})) files[`/p/${n}`] = t;
    const { diagnostics } = checkIn(files, `/p/${name}`);
    const hit = diagnostics.find((d) => d.code === m.code && d.range.start.line + 1 === line && d.range.start.character + 1 === column);
    assert.ok(hit, `expected ${m.code} at ${line}:${column}, got:\n${show(diagnostics)}`);
    assert.equal(hit.severity, SEVERITY[m.severity], `severity of ${m.code}: ${show([hit])}`);
    assert.ok(String(hit.message).length > 20, 'the message says what to do');
  });
}

void test('the table covers at least 50 mistakes with distinct titles', () => {
  assert.ok(MISTAKES.length >= 50, `only ${MISTAKES.length} mistakes`);
  assert.equal(new Set(MISTAKES.map((m) => m.title)).size, MISTAKES.length);
});
