import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  allFrameworks, CHARM_LIBS, charmBaseStatus, charmContainerName, charmExtensionSnippet, charmResourceName, EXTENSION_NAMES, findWsgiEntrypoint,
  frameworkFacts, frameworkOf, frameworkOfPartName, integrationByEndpoint, integrationByInterface, knownIntegrations, oauthOptions,
  rockBaseStatus, rockExtensionPartNames, rockExtensionParts, rockExtensionServices, rockExtensionSnippet, type ProjectView,
} from '../../../server/src/service/twelveFactor/frameworks';

/** A ProjectView over a few relative paths. */
function view(files: Record<string, string>): ProjectView {
  return {
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    read: (p) => files[p],
    list: (dir) => [...new Set(Object.keys(files).filter((f) => dir === '' || f.startsWith(`${dir}/`)).map((f) => (dir ? f.slice(dir.length + 1) : f).split('/')[0]))],
  };
}

void test('frameworkOf maps extension names, and nothing else', () => {
  assert.deepEqual(EXTENSION_NAMES, ['flask-framework', 'django-framework', 'fastapi-framework', 'go-framework', 'expressjs-framework', 'spring-boot-framework']);
  assert.equal(frameworkOf('spring-boot-framework'), 'spring-boot');
  assert.equal(frameworkOf('flask'), undefined);
  assert.equal(frameworkOf('rails-framework'), undefined);
  assert.equal(frameworkOfPartName('go-framework/assets'), 'go');
  assert.equal(frameworkOfPartName('my-part'), undefined);
});

void test('charm container and resource names per framework and base (V1 vs V2 on 26.04)', () => {
  assert.equal(charmResourceName('flask'), 'flask-app-image');
  assert.equal(charmContainerName('flask', 'ubuntu@22.04'), 'flask-app');
  assert.equal(charmResourceName('django', 'ubuntu@24.04'), 'django-app-image');
  for (const fw of ['go', 'fastapi', 'expressjs', 'spring-boot'] as const) {
    assert.equal(charmResourceName(fw, 'ubuntu@24.04'), 'app-image');
    assert.equal(charmContainerName(fw), 'app');
  }
  assert.equal(charmResourceName('flask', 'ubuntu@26.04'), 'app-image');
  assert.equal(charmContainerName('django', 'ubuntu@26.04'), 'app');
});

void test('rock bases: V1 lists, experimental spring-boot, 26.04 V2, V2 fallback on other build bases', () => {
  assert.equal(rockBaseStatus('flask', 'ubuntu@22.04'), 'supported');
  assert.equal(rockBaseStatus('flask', 'ubuntu:22.04'), 'supported');
  assert.equal(rockBaseStatus('go', 'ubuntu@22.04'), 'unsupported');
  assert.equal(rockBaseStatus('go', 'ubuntu@24.04'), 'supported');
  assert.equal(rockBaseStatus('spring-boot', 'bare', 'ubuntu@24.04'), 'experimental');
  assert.equal(rockBaseStatus('fastapi', 'ubuntu@26.04'), 'experimental');
  assert.equal(rockBaseStatus('expressjs', 'bare', 'ubuntu@22.04'), 'v2-fallback');
  assert.equal(rockBaseStatus('flask', 'bare', 'ubuntu@22.04'), 'supported');
  assert.equal(rockBaseStatus('django', 'bare', 'devel'), 'v2-fallback');
});

void test('charm bases (Charmcraft 4.4)', () => {
  assert.equal(charmBaseStatus('flask', 'ubuntu@22.04'), 'supported');
  assert.equal(charmBaseStatus('go', 'ubuntu@22.04'), 'unsupported');
  assert.equal(charmBaseStatus('go', 'ubuntu@26.04'), 'experimental');
  assert.equal(charmBaseStatus('django', 'ubuntu@20.04'), 'unsupported');
});

void test('generated part and service names of every rock extension', () => {
  assert.deepEqual(rockExtensionPartNames('flask'), [
    'flask-framework/dependencies', 'flask-framework/install-app', 'flask-framework/config-files', 'flask-framework/statsd-exporter',
    'flask-framework/logging', 'flask-framework/runtime', 'flask-framework/runtime-libs',
  ]);
  assert.deepEqual(Object.keys(rockExtensionParts('flask', { base: 'ubuntu@24.04' })).sort(), rockExtensionPartNames('flask').filter((n) => !n.endsWith('runtime-libs')).sort(),
    'runtime-libs only on bare');
  assert.deepEqual(Object.keys(rockExtensionParts('go', { name: 'x', base: 'ubuntu@24.04' })), ['go-framework/base-layout', 'go-framework/install-app', 'go-framework/runtime', 'go-framework/logging']);
  assert.deepEqual(Object.keys(rockExtensionParts('spring-boot', { base: 'bare' })), ['spring-boot-framework/install-app', 'spring-boot-framework/runtime'], 'no logging part');
  assert.deepEqual(Object.keys(rockExtensionServices('flask')), ['flask', 'statsd-exporter']);
  assert.deepEqual(Object.keys(rockExtensionServices('spring-boot')), ['spring-boot']);
  for (const f of allFrameworks()) {
    for (const name of Object.keys(rockExtensionParts(f.id, { name: 'demo', base: 'bare', buildBase: 'ubuntu@24.04' }))) {
      assert.ok(name.startsWith(`${f.extension}/`), `${name} must start with ${f.extension}/`);
      assert.ok(rockExtensionPartNames(f.id).includes(name), `${name} is listed in the facts`);
    }
    assert.deepEqual(Object.keys(rockExtensionServices(f.id)), [...f.rock.services]);
  }
});

void test('flask: dependencies on bare pick the interpreter from the build base; the command uses the found WSGI app', () => {
  const project = view({ 'requirements.txt': 'flask\ngevent\n', 'src/__init__.py': 'from .factory import create\n', 'src/main.py': 'def create_app():\n    pass\n' });
  const s = rockExtensionSnippet('flask', { name: 'hello', base: 'bare', buildBase: 'ubuntu@22.04', project });
  assert.deepEqual(s.parts['flask-framework/dependencies']['stage-packages'], ['python3.10-venv_ensurepip']);
  assert.deepEqual(s.parts['flask-framework/dependencies']['build-environment'], [{ PARTS_PYTHON_INTERPRETER: 'python3.10' }]);
  assert.equal(s.services.flask.command, "/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'src.main:create_app()' -k [ gevent ]");
  assert.equal(s.runUser.key, 'run_user');
  assert.deepEqual(s.parts['flask-framework/install-app'].prime, ['flask/app/src']);
  const ubuntu = rockExtensionSnippet('flask', { name: 'hello', base: 'ubuntu@24.04', project: view({ 'app.py': 'app = 1\n', 'requirements.txt': 'flask\n' }) });
  assert.deepEqual(ubuntu.parts['flask-framework/dependencies'].stage, ['-etc/ssl/certs/ca-certificates.crt']);
  assert.equal(ubuntu.services.flask.command, "/bin/python3 -m gunicorn -c /flask/gunicorn.conf.py 'app:app' -k [ sync ]");
  const userCommand = rockExtensionSnippet('flask', { name: 'hello', base: 'ubuntu@24.04', services: { flask: { command: 'x' } } });
  assert.equal(userCommand.services.flask.command, undefined, 'a user command disables entrypoint detection');
});

void test('flask: a user prime list decides organize and stage', () => {
  const s = rockExtensionSnippet('flask', { name: 'h', base: 'ubuntu@24.04', parts: { 'flask-framework/install-app': { prime: ['flask/app/app.py', 'flask/app/webapp'] } } });
  assert.deepEqual(s.parts['flask-framework/install-app'].organize, { 'app.py': 'flask/app/app.py', webapp: 'flask/app/webapp' });
  assert.deepEqual(s.parts['flask-framework/install-app'].stage, ['flask/app/app.py', 'flask/app/webapp']);
});

void test('django: install-app is not generated when the user defines it; wsgi from the project layout', () => {
  const project = view({ 'requirements.txt': 'Django\n', 'my_site/mysite/wsgi.py': 'application = 1\n' });
  const s = rockExtensionSnippet('django', { name: 'my-site', base: 'ubuntu@24.04', project });
  assert.equal(s.parts['django-framework/install-app'].source, 'my_site');
  assert.match(String(s.services.django.command), /'mysite\.wsgi:application'/);
  const user = rockExtensionSnippet('django', { name: 'my-site', base: 'ubuntu@24.04', parts: { 'django-framework/install-app': { plugin: 'dump' } } });
  assert.deepEqual(Object.keys(user.parts['django-framework/install-app']), ['permissions']);
});

void test('fastapi: ASGI module path and default prime', () => {
  const project = view({ 'requirements.txt': 'fastapi\n', 'app/__init__.py': 'app = FastAPI()\n', migrate: '' });
  const s = rockExtensionSnippet('fastapi', { name: 'api', base: 'ubuntu@24.04', project });
  assert.equal(s.services.fastapi.command, '/bin/python3 -m uvicorn app:app');
  assert.deepEqual(s.parts['fastapi-framework/install-app'].organize, { migrate: 'app/migrate', app: 'app/app' });
  const nested = rockExtensionSnippet('fastapi', { name: 'api', base: 'ubuntu@24.04', project: view({ 'src/main.py': 'app = 1\n' }) });
  assert.equal(nested.services.fastapi.command, '/bin/python3 -m uvicorn src.main:app');
});

void test('go: binary organize, go snap, CGO on bare, and the assets part', () => {
  const s = rockExtensionSnippet('go', { name: 'svc', base: 'bare', buildBase: 'ubuntu@24.04', project: view({ 'go.mod': 'module svc\n', static: '' }) });
  const app = s.parts['go-framework/install-app'];
  assert.deepEqual(app.organize, { 'bin/svc': 'usr/local/bin/svc' });
  assert.deepEqual(app['build-snaps'], ['go']);
  assert.deepEqual(app['build-environment'], [{ CGO_ENABLED: '0' }]);
  assert.deepEqual(s.parts['go-framework/assets'], { plugin: 'dump', source: '.', organize: { static: 'app/static' }, stage: ['app/static'] });
  assert.equal(s.services.go.command, 'svc');
  const pinned = rockExtensionSnippet('go', {
    name: 'svc', base: 'ubuntu@24.04',
    parts: { 'go-framework/install-app': { 'build-snaps': ['go/1.22/stable'], organize: { 'bin/other': 'usr/local/bin/svc' } } },
  });
  assert.equal(pinned.parts['go-framework/install-app']['build-snaps'], undefined, 'a user go snap replaces the default');
  assert.deepEqual(pinned.parts['go-framework/install-app'].organize, { 'bin/other': 'usr/local/bin/svc' });
});

void test('expressjs: npm-include-node changes build and runtime packages; package name from app/package.json', () => {
  const project = view({ 'app/package.json': '{"name": "web", "scripts": {"start": "node a.js"}}' });
  const s = rockExtensionSnippet('expressjs', { name: 'x', base: 'ubuntu@24.04', project });
  assert.deepEqual(s.parts['expressjs-framework/install-app']['build-packages'], ['nodejs', 'npm']);
  assert.match(String(s.parts['expressjs-framework/install-app']['override-build']), /lib\/node_modules\/web /);
  assert.deepEqual(s.parts['expressjs-framework/runtime'], { plugin: 'nil', 'stage-packages': ['npm'] });
  assert.equal(s.runUser.key, 'run-user');
  const node = rockExtensionSnippet('expressjs', { name: 'x', base: 'ubuntu@24.04', parts: { 'expressjs-framework/install-app': { 'npm-include-node': true, 'npm-node-version': '22' } } });
  assert.equal(node.parts['expressjs-framework/install-app']['build-packages'], undefined);
  assert.equal(node.parts['expressjs-framework/runtime'], undefined, 'nothing needed at run time');
  assert.equal(node.parts['expressjs-framework/install-app']['npm-node-version'], '22');
});

void test('spring-boot: maven or gradle from the project files', () => {
  const maven = rockExtensionSnippet('spring-boot', { name: 'x', base: 'ubuntu@24.04', project: view({ 'pom.xml': '', mvnw: '' }) });
  assert.equal(maven.parts['spring-boot-framework/install-app'].plugin, 'maven');
  assert.deepEqual(maven.parts['spring-boot-framework/install-app']['build-packages'], ['default-jdk']);
  assert.equal(maven.parts['spring-boot-framework/install-app']['maven-use-wrapper'], 'True');
  const gradle = rockExtensionSnippet('spring-boot', {
    name: 'x', base: 'ubuntu@24.04', project: view({ 'build.gradle': '' }),
    parts: { 'spring-boot-framework/gradle-init-script': { 'override-build': 'cp init.gradle $CRAFT_STAGE' } },
  });
  assert.equal(gradle.parts['spring-boot-framework/install-app'].plugin, 'gradle');
  assert.deepEqual(gradle.parts['spring-boot-framework/install-app'].after, ['spring-boot-framework/gradle-init-script']);
  assert.ok(gradle.parts['spring-boot-framework/gradle-init-script']);
  assert.equal(gradle.services['spring-boot'].command, 'bash -c "java -jar *.jar"');
});

void test('findWsgiEntrypoint follows the search order', () => {
  assert.equal(findWsgiEntrypoint(view({ 'main.py': 'application = 1\n', 'app.py': 'x = 1\n' }), 'n'), 'main:application');
  assert.equal(findWsgiEntrypoint(view({ 'my_app/__init__.py': 'app = 1\n' }), 'my-app'), 'my_app:app');
  assert.equal(findWsgiEntrypoint(view({ 'app.py': 'def make_app():\n  pass\n', 'main.py': 'app = 1\n' }), 'n'), 'main:app', 'variables before factories');
  assert.equal(findWsgiEntrypoint(view({ 'lib.py': 'app = 1\n' }), 'n'), undefined);
});

void test('charm snippet: injected keys, V2 charm part, oauth options', () => {
  const v1 = charmExtensionSnippet('django');
  assert.deepEqual(v1.assumes, ['k8s-api']);
  assert.deepEqual(v1.containers, { 'django-app': { resource: 'django-app-image' } });
  assert.deepEqual(v1.resources, { 'django-app-image': { type: 'oci-image', description: 'django application image.' } });
  assert.deepEqual(Object.keys(v1.actions as object), ['rotate-secret-key', 'create-superuser']);
  assert.deepEqual(v1.requires, { logging: { interface: 'loki_push_api' }, ingress: { interface: 'ingress', limit: 1 } });
  assert.equal((v1['charm-libs'] as unknown[]).length, CHARM_LIBS.length);
  const v2 = charmExtensionSnippet('go', { base: 'ubuntu@26.04', hasPaasConfig: true });
  assert.equal(((v2.parts as Record<string, Record<string, unknown>>).charm).plugin, 'uv');
  assert.ok((v2.parts as Record<string, unknown>).config, 'paas-config.yaml is staged on V2');
  assert.deepEqual(Object.keys(oauthOptions('spring-boot', 'google')), ['google-redirect-path', 'google-scopes', 'google-user-name-attribute']);
  assert.equal(oauthOptions('spring-boot', 'google')['google-redirect-path'].default, '/login/oauth2/code/google');
  assert.equal(oauthOptions('flask', 'sso')['sso-redirect-path'].default, '/callback');
  assert.ok(Object.keys((charmExtensionSnippet('flask', { oauthEndpoints: ['sso'] }).config as { options: object }).options).includes('sso-scopes'));
});

void test('charm config options and reserved prefixes per framework', () => {
  assert.deepEqual(Object.keys(frameworkFacts('go').charm.options), ['app-port', 'metrics-port', 'metrics-path', 'app-secret-key', 'app-secret-key-id']);
  assert.equal(frameworkFacts('spring-boot').charm.options['metrics-path'].default, '/actuator/prometheus');
  assert.equal(frameworkFacts('fastapi').charm.options['webserver-port'].default, 8080);
  assert.deepEqual(frameworkFacts('spring-boot').charm.reservedPrefixes, ['webserver-', 'spring-boot-']);
  assert.ok(Object.keys(frameworkFacts('flask').charm.options).every((o) => o.startsWith('webserver-') || o.startsWith('flask-')));
});

void test('integrations: exact endpoint names and interfaces', () => {
  assert.equal(integrationByEndpoint('postgresql')?.interface, 'postgresql_client');
  assert.equal(integrationByEndpoint('http-proxy')?.interface, 'http_proxy');
  assert.equal(integrationByInterface('mongodb_client')?.endpoint, 'mongodb');
  assert.equal(integrationByInterface('oauth')?.endpoint, undefined);
  const endpoints = knownIntegrations().flatMap((i) => (i.endpoint ? [i.endpoint] : []));
  assert.deepEqual(endpoints, ['mysql', 'postgresql', 'mongodb', 'redis', 'valkey', 's3', 'saml', 'rabbitmq', 'tracing', 'smtp', 'openfga', 'http-proxy']);
});
