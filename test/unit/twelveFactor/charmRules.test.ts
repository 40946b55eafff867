import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkFile, entryRange, loadProject, one, rangeIn, rangeOf, tf, withCode, msg } from './fixtures';
import { checkIn, errors, show } from '../helpers';

const CHARM = (name: string): string => `/projects/${name}/charm/charmcraft.yaml`;

/** A charmcraft.yaml on its own (no rock beside it). */
function charmOnly(text: string, extra: Record<string, string> = {}): ReturnType<typeof checkIn> {
  return checkIn({ '/c/charmcraft.yaml': text, ...extra }, '/c/charmcraft.yaml');
}

const HEAD = 'name: demo\ntype: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nsummary: Demo.\ndescription: Demo.\nextensions:\n  - flask-framework\n';

void test('flask-broken charm: every ExtensionError with its upstream text and range', () => {
  const files = loadProject('flask-broken');
  const text = files[CHARM('flask-broken')];
  const { diagnostics } = checkFile(files, CHARM('flask-broken'));

  const reserved = one(diagnostics, 'tf-charm-reserved-key');
  assert.deepEqual(reserved.range, rangeIn(text, 'containers:\n', 'containers'));
  assert.ok(msg(reserved).startsWith("'containers' in charmcraft.yaml conflicts with a reserved field in the flask-framework extension, please remove it."));
  assert.deepEqual(reserved.data, { tf: { kind: 'remove-key', keyPath: ['containers'], title: 'Remove `containers` (the flask-framework extension provides it)' } });

  const forbidden = one(diagnostics, 'tf-charm-forbidden-key');
  assert.deepEqual(forbidden.range, rangeIn(text, 'storage:\n', 'storage'));
  assert.equal(msg(forbidden), "the 'flask-framework' extension is incompatible with the provided field(s): storage");

  const overlaps = withCode(diagnostics, 'tf-charm-overlapping-key');
  assert.deepEqual(overlaps.map((d) => d.range), [rangeIn(text, 'ingress:\n', 'ingress'), rangeOf(text, 'webserver-workers')]);
  assert.equal(msg(overlaps[0]), "overlapping keys {'ingress'} in requires of charmcraft.yaml which conflict with the flask-framework extension, please rename or remove it");
  assert.equal(msg(overlaps[1]), "overlapping keys {'webserver-workers'} in config.options of charmcraft.yaml which conflict with the flask-framework extension, please rename or remove it");

  const prefix = one(diagnostics, 'tf-charm-reserved-prefix');
  assert.deepEqual(prefix.range, rangeOf(text, 'flask-greeting'));
  assert.equal(msg(prefix), "config.options 'flask-greeting' starts with flask-framework reserved configuration prefix 'flask-', please rename or remove it");

  const nonOptional = one(diagnostics, 'tf-charm-non-optional-default');
  assert.deepEqual(nonOptional.range, rangeIn(text, 'default: changeme', 'default'));
  assert.equal(msg(nonOptional), 'Non-optional configuration options can not have default values. Please either remove the default value or set optional field to true or remove it for the api-token configuration option(s).');

  const part = one(diagnostics, 'tf-charm-part');
  assert.deepEqual(part.range, rangeIn(text, 'charm:\n    plugin: charm', 'charm'));
  assert.deepEqual(part.data, { tf: { kind: 'remove-key', keyPath: ['parts', 'charm'], title: 'Remove the custom `charm` part' } });
  assert.ok(msg(part).startsWith("the 'flask-framework' extension is incompatible with customized charm part"));

  const iface = one(diagnostics, 'tf-integration-interface');
  assert.deepEqual(iface.range, rangeOf(text, 'postgres_client'));
  assert.equal(iface.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(iface.data, { replacement: 'postgresql_client' });
  for (const d of [reserved, forbidden, ...overlaps, prefix, nonOptional, part]) assert.equal(d.severity, DiagnosticSeverity.Error, String(d.code));
});

void test('reserved keys are allowed when identical to what the extension injects (V1 and V2 names)', () => {
  const v1 = charmOnly(`${HEAD}assumes:\n  - k8s-api\ncontainers:\n  flask-app:\n    resource: flask-app-image\nresources:\n  flask-app-image:\n    description: flask application image.\n    type: oci-image\npeers:\n  secret-storage:\n    interface: secret-storage\n`);
  assert.equal(tf(v1.diagnostics).length, 0, show(v1.diagnostics));
  const files = loadProject('spring-boot-broken');
  const { diagnostics } = checkFile(files, CHARM('spring-boot-broken'));
  assert.equal(withCode(diagnostics, 'tf-charm-reserved-key').length, 0, 'containers {app: app-image} is what V2 injects on 26.04');
  const d = one(diagnostics, 'tf-base-experimental');
  assert.deepEqual(d.range, rangeOf(files[CHARM('spring-boot-broken')], 'ubuntu@26.04'));
  assert.ok(msg(d).startsWith("Extension 'spring-boot-framework' is experimental on base(s): ubuntu@26.04."));
  assert.match(msg(d), /CHARMCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS/);
  const v1OnV2 = charmOnly(HEAD.replace('ubuntu@24.04', 'ubuntu@26.04') + 'containers:\n  flask-app:\n    resource: flask-app-image\n');
  assert.equal(one(v1OnV2.diagnostics, 'tf-charm-reserved-key').code, 'tf-charm-reserved-key', 'on 26.04 the flask container is `app`');
});

void test('falsy defaults of non-optional options pass, as in Charmcraft; oauth options may be set by the user', () => {
  const r = charmOnly(`${HEAD}requires:\n  oidc:\n    interface: oauth\n    optional: true\nconfig:\n  options:\n    count:\n      type: int\n      optional: false\n      default: 0\n    token:\n      type: string\n      optional: false\n    oidc-redirect-path:\n      type: string\n      default: /oauth/complete/\n`);
  assert.equal(tf(r.diagnostics).length, 0, show(r.diagnostics));
});

void test('type, forbidden keys and the webserver- prefix apply to every framework', () => {
  const r = charmOnly(HEAD.replace('flask-framework', 'go-framework') + 'extra-bindings:\n  admin:\nconfig:\n  options:\n    webserver-port:\n      type: int\n');
  const text = HEAD.replace('flask-framework', 'go-framework') + 'extra-bindings:\n  admin:\nconfig:\n  options:\n    webserver-port:\n      type: int\n';
  assert.deepEqual(one(r.diagnostics, 'tf-charm-forbidden-key').range, rangeOf(text, 'extra-bindings'));
  assert.equal(msg(one(r.diagnostics, 'tf-charm-reserved-prefix')), "config.options 'webserver-port' starts with go-framework reserved configuration prefix 'webserver-', please rename or remove it");
  const actions = charmOnly(`${HEAD.replace('flask-framework', 'django-framework')}actions:\n  create-superuser:\n    description: Mine.\nrequires:\n  postgresql:\n    interface: postgresql_client\n`);
  assert.equal(msg(one(actions.diagnostics, 'tf-charm-overlapping-key')),
    "overlapping keys {'create-superuser'} in actions of charmcraft.yaml which conflict with the django-framework extension, please rename or remove it");
  const provides = charmOnly(`${HEAD}provides:\n  metrics-endpoint:\n    interface: prometheus_scrape\n`);
  assert.match(msg(one(provides.diagnostics, 'tf-charm-overlapping-key')), /in provides of charmcraft.yaml/);
});

void test('fastapi-broken charm: two bases, an unsupported one, renamed database endpoint, two OAuth endpoints', () => {
  const files = loadProject('fastapi-broken');
  const text = files[CHARM('fastapi-broken')];
  const { diagnostics } = checkFile(files, CHARM('fastapi-broken'));
  const multiple = one(diagnostics, 'tf-charm-multiple-bases');
  assert.deepEqual(multiple.range, entryRange(text, 'fastapi-framework'));
  assert.ok(msg(multiple).startsWith('Extension does not support multiple bases: ubuntu@22.04, ubuntu@24.04.'));
  const base = one(diagnostics, 'tf-base-unsupported');
  assert.deepEqual(base.range, rangeOf(text, 'ubuntu@22.04:amd64'));
  assert.ok(msg(base).startsWith("Extension 'fastapi-framework' does not support base(s): ubuntu@22.04."));
  const endpoint = one(diagnostics, 'tf-integration-endpoint');
  assert.deepEqual(endpoint.range, rangeOf(text, 'db'));
  assert.deepEqual(endpoint.data, { replacement: 'postgresql' });
  assert.equal(endpoint.severity, DiagnosticSeverity.Warning);
  const oauth = one(diagnostics, 'tf-oauth-multiple');
  assert.deepEqual(oauth.range, rangeOf(text, 'github'));
});

void test('legacy bases: the build-on base is checked', () => {
  const text = 'name: demo\ntype: charm\nbases:\n  - build-on:\n      - name: ubuntu\n        channel: "22.04"\n    run-on:\n      - name: ubuntu\n        channel: "22.04"\nsummary: Demo.\ndescription: Demo.\nextensions:\n  - go-framework\n';
  const d = one(charmOnly(text).diagnostics, 'tf-base-unsupported');
  assert.equal(d.range.start.line, 4, 'the build-on entry');
  assert.equal(tf(charmOnly(text.replace('go-framework', 'flask-framework')).diagnostics).length, 0);
});

void test('django needs a database integration (metadata.yaml counts)', () => {
  const text = HEAD.replace('flask-framework', 'django-framework');
  const d = one(charmOnly(text).diagnostics, 'tf-django-database');
  assert.deepEqual(d.range, entryRange(text, 'django-framework'));
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  const withMeta = charmOnly(text, { '/c/metadata.yaml': 'requires:\n  mysql:\n    interface: mysql_client\n' });
  assert.equal(withCode(withMeta.diagnostics, 'tf-django-database').length, 0);
});

void test('go-broken charm: assumes changed, devices, cos_custom, paas-config JSON logging', () => {
  const files = loadProject('go-broken');
  const text = files[CHARM('go-broken')];
  const { diagnostics } = checkFile(files, CHARM('go-broken'));
  assert.deepEqual(one(diagnostics, 'tf-charm-reserved-key').range, rangeIn(text, 'assumes:\n', 'assumes'));
  assert.equal(msg(one(diagnostics, 'tf-charm-forbidden-key')), "the 'go-framework' extension is incompatible with the provided field(s): devices");
  const cos = one(diagnostics, 'tf-cos-custom');
  assert.deepEqual(cos.range, entryRange(text, 'go-framework'));
  assert.ok(msg(cos).startsWith("custom COS directory must only contain the following subdirectories: {'grafana_dashboards', 'loki_alert_rules', 'prometheus_alert_rules'}. Found root files: ['dashboard.json']; invalid subdirectories: ['alerts']."));
  const paas = '/projects/go-broken/charm/paas-config.yaml';
  const p = one(checkFile(files, paas).diagnostics, 'tf-paas-config-json-logging');
  assert.deepEqual(p.range, rangeOf(files[paas], 'json'));
  assert.ok(msg(p).startsWith("framework_logging_format: json in paas-config.yaml is not supported for 'go-framework'."));
  files[paas] = 'framework_logging_format: json\n';
  files[CHARM('go-broken')] = text.replace('go-framework', 'fastapi-framework');
  assert.equal(withCode(checkFile(files, paas).diagnostics, 'tf-paas-config-json-logging').length, 0, 'fastapi may log JSON');
});

void test('expressjs-broken charm: two framework extensions', () => {
  const files = loadProject('expressjs-broken');
  const text = files[CHARM('expressjs-broken')];
  const d = one(checkFile(files, CHARM('expressjs-broken')).diagnostics, 'tf-extension-multiple');
  assert.deepEqual(d.range, entryRange(text, 'go-framework'));
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.match(msg(d), /the 'go-framework' extension is incompatible with customized charm part/);
});

void test('custom charm type', () => {
  const text = HEAD.replace('type: charm', 'type: bundle');
  const d = one(charmOnly(text).diagnostics, 'tf-charm-type');
  assert.deepEqual(d.range, rangeOf(text, 'bundle'));
  assert.ok(msg(d).startsWith("the 'flask-framework' extension is incompatible with type 'bundle'."));
});

void test('a valid charm with the commented template integrations uncommented has no findings', () => {
  const text = `${HEAD}requires:\n${['mysql:mysql_client', 'postgresql:postgresql_client', 'mongodb:mongodb_client', 'redis:redis', 'valkey:valkey_client', 's3:s3', 'saml:saml', 'rabbitmq:rabbitmq', 'tracing:tracing', 'smtp:smtp', 'openfga:openfga', 'http-proxy:http_proxy']
    .map((p) => p.split(':')).map(([e, i]) => `  ${e}:\n    interface: ${i}\n    optional: false\n    limit: 1\n`).join('')}`;
  const r = charmOnly(text);
  assert.equal(tf(r.diagnostics).length, 0, show(r.diagnostics));
  assert.equal(errors(r.diagnostics).length, 0, show(r.diagnostics));
});
