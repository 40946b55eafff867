import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { loadProject } from './fixtures';
import { MemoryFs } from '../helpers';
import { LanguageService } from '../../../server/src/service';
import { mergeExtensionProperty } from '../../../server/src/service/twelveFactor/expand';

function expand(files: Record<string, string>, path: string): { yaml?: string; message?: string } {
  const service = new LanguageService({ fs: MemoryFs.of(files) });
  const parsed = service.parse({ uri: path, path, text: files[path], version: 1 });
  assert.ok(parsed);
  return service.expandExtensions(parsed);
}

void test('merge rules: absent/empty takes the extension value, lists extension-first, string lists de-duplicated, user scalars win', () => {
  assert.deepEqual(mergeExtensionProperty(undefined, { a: 1 }), { a: 1 });
  assert.deepEqual(mergeExtensionProperty([], ['x']), ['x']);
  assert.deepEqual(mergeExtensionProperty(['b', 'a'], ['a', 'c']), ['a', 'c', 'b']);
  assert.deepEqual(mergeExtensionProperty([{ x: 1 }], [{ x: 1 }]), [{ x: 1 }, { x: 1 }], 'lists of mappings are not de-duplicated');
  assert.deepEqual(mergeExtensionProperty({ command: 'mine', env: { A: '1' } }, { command: 'ext', override: 'replace', env: { B: '2' } }),
    { command: 'mine', env: { A: '1', B: '2' }, override: 'replace' });
  assert.equal(mergeExtensionProperty('user', 'ext'), 'user');
  assert.equal(mergeExtensionProperty('', 'ext'), 'ext', 'an empty string counts as absent');
});

void test('rock: expanded flask project has the generated services and parts, with the user additions merged', () => {
  const files = loadProject('flask');
  const rock = '/projects/flask/rockcraft.yaml';
  files[rock] += 'parts:\n  flask-framework/dependencies:\n    stage-packages:\n      - libpq5\nservices:\n  flask:\n    environment:\n      GREETING: hi\n';
  const { yaml, message } = expand(files, rock);
  assert.ok(yaml, message);
  assert.match(yaml, /^# rockcraft\.yaml with its extensions applied, as `rockcraft expand-extensions` prints it\./);
  const data = parse(yaml) as Record<string, Record<string, Record<string, unknown>>>;
  assert.equal(data.extensions, undefined);
  assert.equal(data['run-user'] as unknown, '_daemon_');
  assert.deepEqual(data.parts['flask-framework/dependencies']['stage-packages'], ['python3.12-venv_ensurepip', 'libpq5']);
  assert.deepEqual(Object.keys(data.parts), [
    'flask-framework/dependencies', 'flask-framework/install-app', 'flask-framework/config-files', 'flask-framework/statsd-exporter',
    'flask-framework/logging', 'flask-framework/runtime', 'flask-framework/runtime-libs',
  ]);
  assert.deepEqual(data.parts['flask-framework/install-app'].prime, ['flask/app/app.py', 'flask/app/migrate.py', 'flask/app/templates']);
  assert.deepEqual(data.services.flask.environment, { GREETING: 'hi' });
  assert.equal(data.services.flask.command, "/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'app:app' -k [ sync ]");
  assert.deepEqual(Object.keys(data.services), ['flask', 'statsd-exporter']);
  assert.match(yaml, /\nplatforms:\n {2}amd64:\n/, 'null platform entries print as in the source');
});

void test('rock: go expansion uses the rock name for the binary and keeps a user command', () => {
  const files = loadProject('go');
  const rock = '/projects/go/rockcraft.yaml';
  files[rock] += 'services:\n  go:\n    command: /usr/local/bin/go-hello --port 8080\n';
  const data = parse(expand(files, rock).yaml ?? '') as Record<string, Record<string, Record<string, unknown>>>;
  assert.equal(data.services.go.command, '/usr/local/bin/go-hello --port 8080');
  assert.deepEqual(data.parts['go-framework/install-app'].organize, {}, 'no binary organize when the user sets the command');
  assert.deepEqual(data.parts['go-framework/assets'].stage, ['app/templates']);
});

void test('charm: expanded charm has the injected keys after the user keys; user options kept', () => {
  const files = loadProject('flask');
  const data = parse(expand(files, '/projects/flask/charm/charmcraft.yaml').yaml ?? '') as Record<string, Record<string, unknown>>;
  assert.deepEqual(data.containers, { 'flask-app': { resource: 'flask-app-image' } });
  assert.deepEqual(data.assumes, ['k8s-api']);
  assert.deepEqual(Object.keys(data.requires), ['postgresql', 'logging', 'ingress']);
  assert.ok(Object.keys(data.config.options as object).includes('greeting'));
  assert.equal(((data.parts as Record<string, Record<string, unknown>>).charm).plugin, 'charm');
  const v2 = parse(expand(loadProject('spring-boot-broken'), '/projects/spring-boot-broken/charm/charmcraft.yaml').yaml ?? '') as Record<string, Record<string, unknown>>;
  assert.deepEqual(v2.resources, { 'app-image': { type: 'oci-image', description: 'spring-boot application image.' } });
  assert.equal(((v2.parts as Record<string, Record<string, unknown>>).charm).plugin, 'uv');
});

void test('charm: oauth endpoints add their options', () => {
  const files = loadProject('fastapi-broken');
  const data = parse(expand(files, '/projects/fastapi-broken/charm/charmcraft.yaml').yaml ?? '') as { config: { options: Record<string, unknown> } };
  assert.ok('google-redirect-path' in data.config.options && 'github-scopes' in data.config.options);
});

void test('nothing to expand: no extension, unknown extension, syntax errors', () => {
  assert.match(expand({ '/p/rockcraft.yaml': 'name: x\n' }, '/p/rockcraft.yaml').message ?? '', /uses no extension/);
  assert.equal(expand({ '/p/rockcraft.yaml': 'name: x\nextensions: [rails-framework]\n' }, '/p/rockcraft.yaml').message?.startsWith("Extension 'rails-framework' does not exist."), true);
  assert.match(expand({ '/p/rockcraft.yaml': 'name: [x\n' }, '/p/rockcraft.yaml').message ?? '', /syntax errors/);
});
