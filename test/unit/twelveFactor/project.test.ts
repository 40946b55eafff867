import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkFile, entryRange, loadProject, one, rangeIn, tf, withCode, msg } from './fixtures';
import { MemoryFs, show } from '../helpers';
import { LanguageService } from '../../../server/src/service';
import { Workspace } from '../../../server/src/service/workspace';
import { locateProject } from '../../../server/src/service/twelveFactor/project';
import { knownConfigOptions, knownEndpoints, knownPartNames, knownServiceNames, generatedEntry } from '../../../server/src/service/twelveFactor/fileFacts';

void test('django-broken: rock and charm disagree on the framework, reported in both files', () => {
  const files = loadProject('django-broken');
  const rockText = files['/projects/django-broken/rockcraft.yaml'];
  const charmText = files['/projects/django-broken/charm/charmcraft.yaml'];
  const rock = one(checkFile(files, '/projects/django-broken/rockcraft.yaml').diagnostics, 'tf-framework-mismatch');
  assert.deepEqual(rock.range, entryRange(rockText, 'django-framework'));
  assert.ok(msg(rock).startsWith('This rock uses django-framework, but charm/charmcraft.yaml uses flask-framework.'));
  assert.equal(rock.severity, DiagnosticSeverity.Error);
  const charm = one(checkFile(files, '/projects/django-broken/charm/charmcraft.yaml').diagnostics, 'tf-framework-mismatch');
  assert.deepEqual(charm.range, entryRange(charmText, 'flask-framework'));
  assert.ok(msg(charm).startsWith('This charm uses flask-framework, but ../rockcraft.yaml uses django-framework.'));
  assert.match(msg(charm), /container `flask-app`, resource `flask-app-image`/);
});

void test('the charm may sit beside the rock or in a differently named folder', () => {
  const valid = loadProject('flask');
  const moved: Record<string, string> = {};
  for (const [k, v] of Object.entries(valid)) moved[k.replace('/projects/flask/charm/', '/projects/flask/operator/')] = v;
  moved['/projects/flask/operator/charmcraft.yaml'] = moved['/projects/flask/operator/charmcraft.yaml'].replace('  - flask-framework', '  - go-framework');
  assert.equal(withCode(checkFile(moved, '/projects/flask/rockcraft.yaml').diagnostics, 'tf-framework-mismatch').length, 1);
  const side = { '/p/rockcraft.yaml': valid['/projects/flask/rockcraft.yaml'], '/p/charmcraft.yaml': valid['/projects/flask/charm/charmcraft.yaml'].replace('  - flask-framework', '  - django-framework') };
  assert.equal(withCode(checkFile(side, '/p/charmcraft.yaml').diagnostics, 'tf-framework-mismatch').length, 1);
});

void test('an expanded paas-charm charm (no extension) must declare its framework container', () => {
  const files = loadProject('flask');
  const charm = '/projects/flask/charm/charmcraft.yaml';
  files[charm] = 'name: flask-hello\ntype: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nsummary: S.\ndescription: D.\nparts:\n  charm:\n    plugin: charm\n    source: .\ncontainers:\n  app:\n    resource: app-image\nresources:\n  app-image:\n    type: oci-image\n';
  const d = one(checkFile(files, charm).diagnostics, 'tf-charm-container');
  assert.deepEqual(d.range, rangeIn(files[charm], 'containers:', 'containers'));
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.match(msg(d), /container `flask-app` \(resource `flask-app-image`\)/);
  files[charm] = files[charm].replace('base: ubuntu@24.04', 'base: ubuntu@26.04');
  assert.equal(withCode(checkFile(files, charm).diagnostics, 'tf-charm-container').length, 0, 'on 26.04 paas-charm uses `app`');
});

void test('a rock whose version comes from adopt-info: deploy names are only known after packing', () => {
  const files = loadProject('go');
  const rock = '/projects/go/rockcraft.yaml';
  files[rock] = files[rock].replace(/version: .*\n/, 'adopt-info: go-framework/install-app\n');
  const d = one(checkFile(files, rock).diagnostics, 'tf-rock-version-adopted');
  assert.equal(d.severity, DiagnosticSeverity.Information);
  assert.deepEqual(d.range, rangeIn(files[rock], 'adopt-info:', 'adopt-info'));
});

void test('dependent revalidation: the rock sees the charm text the workspace gives (open editors win)', () => {
  const files = loadProject('flask');
  const memory = MemoryFs.of(files);
  const service = new LanguageService({ fs: memory });
  const rockPath = '/projects/flask/rockcraft.yaml';
  const charmPath = '/projects/flask/charm/charmcraft.yaml';
  const validateRock = (): string[] => tf(service.validate(service.parse({ uri: rockPath, path: rockPath, text: files[rockPath], version: 1 })!)).map((d) => String(d.code));
  assert.deepEqual(validateRock(), []);
  // The charm's editor now holds unsaved text with another framework.
  memory.files.set(charmPath, files[charmPath].replace('  - flask-framework', '  - fastapi-framework'));
  service.fileChanged(charmPath);
  assert.deepEqual(validateRock(), ['tf-framework-mismatch']);
  memory.files.set(charmPath, files[charmPath]);
  service.fileChanged(charmPath);
  assert.deepEqual(validateRock(), []);
  // An app file created on disk clears the finding after a watched-file change.
  memory.files.delete('/projects/flask/requirements.txt');
  service.fileChanged('/projects/flask/requirements.txt');
  assert.deepEqual(validateRock(), ['tf-missing-requirements']);
});

void test('projectInfo: rock and charm facts, with what the extension injects', () => {
  const service = new LanguageService({ fs: MemoryFs.of(loadProject('flask')) });
  for (const where of ['/projects/flask', '/projects/flask/app.py', '/projects/flask/charm', '/projects/flask/charm/src/charm.py']) {
    const info = service.projectInfo(where);
    assert.deepEqual(info.rock, { path: '/projects/flask/rockcraft.yaml', name: 'flask-hello', version: '0.1', framework: 'flask', platforms: ['amd64'] }, where);
    assert.equal(info.charm?.path, '/projects/flask/charm/charmcraft.yaml', where);
    assert.equal(info.charm?.resourceName, 'flask-app-image');
    assert.equal(info.charm?.framework, 'flask');
    assert.ok(info.charm?.configOptions.includes('greeting') && info.charm.configOptions.includes('flask-secret-key'));
    assert.deepEqual(info.charm?.endpoints, ['postgresql', 'logging', 'ingress', 'metrics-endpoint', 'grafana-dashboard', 'secret-storage']);
  }
  const v2 = new LanguageService({ fs: MemoryFs.of(loadProject('spring-boot-broken')) }).projectInfo('/projects/spring-boot-broken');
  assert.equal(v2.charm?.resourceName, 'app-image');
  assert.deepEqual(new LanguageService({ fs: MemoryFs.of({ '/x/readme.md': '' }) }).projectInfo('/x'), {});
});

void test('projectInfo of a charm without extension: its only oci-image resource; split-layout names and options', () => {
  const fs = MemoryFs.of({
    '/c/charmcraft.yaml': 'type: charm\nbases:\n  - name: ubuntu\n    channel: "22.04"\n',
    '/c/metadata.yaml': 'name: legacy\nsummary: S\ndescription: D\nresources:\n  img:\n    type: oci-image\n  data:\n    type: file\n    filename: d.bin\nrequires:\n  db:\n    interface: pgsql\n',
    '/c/config.yaml': 'options:\n  port:\n    type: int\n',
  });
  const info = new LanguageService({ fs }).projectInfo('/c/charmcraft.yaml');
  assert.deepEqual(info.charm, { path: '/c/charmcraft.yaml', name: 'legacy', framework: undefined, resourceName: 'img', configOptions: ['port'], endpoints: ['db'] });
});

void test('locateProject walks up from any file', () => {
  const ws = new Workspace(MemoryFs.of(loadProject('django')));
  assert.deepEqual(locateProject(ws, '/projects/django/django_hello/django_hello/wsgi.py'), { rock: '/projects/django/rockcraft.yaml', charm: '/projects/django/charm/charmcraft.yaml' });
  assert.deepEqual(locateProject(ws, '/projects/django/charm/src/charm.py'), { charm: '/projects/django/charm/charmcraft.yaml', rock: '/projects/django/rockcraft.yaml' });
});

void test('names that exist once the extensions are applied', () => {
  const files = loadProject('flask');
  files['/projects/flask/rockcraft.yaml'] += 'parts:\n  assets:\n    plugin: dump\n    source: .\n    after: [flask-framework/dependencies]\nservices:\n  worker:\n    override: replace\n    command: celery worker\n    after: [statsd-exporter, flask]\n';
  const rock = checkFile(files, '/projects/flask/rockcraft.yaml');
  assert.equal(rock.diagnostics.length, 0, show(rock.diagnostics));
  assert.deepEqual(knownPartNames(rock.parsed).slice(0, 3), ['assets', 'flask-framework/dependencies', 'flask-framework/install-app']);
  assert.deepEqual(knownServiceNames(rock.parsed), ['worker', 'flask', 'statsd-exporter']);
  assert.equal(generatedEntry(rock.parsed, 'service', 'flask')?.override, 'replace');
  assert.equal(generatedEntry(rock.parsed, 'part', 'assets'), undefined);
  const charm = checkFile(files, '/projects/flask/charm/charmcraft.yaml');
  assert.ok(knownConfigOptions(charm.parsed).includes('webserver-workers'));
  assert.deepEqual(knownEndpoints(charm.parsed).peers, ['secret-storage']);
  assert.deepEqual(knownPartNames(charm.parsed), ['charm']);
});
