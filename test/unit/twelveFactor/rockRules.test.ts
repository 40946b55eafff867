import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../../server/src/service';
import { NodeFs } from '../../../server/src/nodeFs';
import { checkFile, entryRange, loadProject, one, rangeOf, tf, withCode, msg } from './fixtures';
import { errors, show } from '../helpers';
import { FRAMEWORK_IDS } from '../../../server/src/service/twelveFactor/frameworks';

const ROCK = (name: string): string => `/projects/${name}/rockcraft.yaml`;

/** The fixture project with its rockcraft.yaml replaced by `edit(text)`. */
function edited(name: string, edit: (text: string) => string): { files: Record<string, string>; text: string } {
  const files = loadProject(name);
  files[ROCK(name)] = edit(files[ROCK(name)]);
  return { files, text: files[ROCK(name)] };
}

for (const fw of FRAMEWORK_IDS) {
  void test(`valid ${fw} project: no errors, and no 12-factor findings besides spring-boot's experimental flag`, () => {
    const files = loadProject(fw);
    for (const file of [ROCK(fw), `/projects/${fw}/charm/charmcraft.yaml`]) {
      const { diagnostics } = checkFile(files, file);
      assert.equal(errors(diagnostics).length, 0, `${file}:\n${show(diagnostics)}`);
      const expected = fw === 'spring-boot' && file.endsWith('rockcraft.yaml') ? ['tf-base-experimental'] : [];
      assert.deepEqual(tf(diagnostics).map((d) => d.code), expected, show(diagnostics));
    }
  });
}

void test('flask-broken: prime entries, misspelt part, missing requirements and WSGI app', () => {
  const files = loadProject('flask-broken');
  const text = files[ROCK('flask-broken')];
  const { diagnostics } = checkFile(files, ROCK('flask-broken'));
  const prefix = withCode(diagnostics, 'tf-path-prefix');
  assert.deepEqual(prefix.map((d) => d.range), [rangeOf(text, 'templates'), rangeOf(text, '-tests')]);
  assert.ok(msg(prefix[0]).startsWith("flask-framework extension requires the 'prime' entry in the flask-framework/install-app part to start with flask/app"));
  assert.deepEqual(prefix.map((d) => (d.data as { replacement: string }).replacement), ['flask/app/templates', '-flask/app/tests']);
  assert.equal(prefix[0].severity, DiagnosticSeverity.Error);

  const typo = one(diagnostics, 'tf-unknown-extension-part');
  assert.deepEqual(typo.range, rangeOf(text, 'flask-framework/instal-app'));
  assert.equal(typo.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(typo.data, { replacement: 'flask-framework/install-app' });

  const entry = entryRange(text, 'flask-framework');
  const req = one(diagnostics, 'tf-missing-requirements');
  assert.deepEqual(req.range, entry);
  assert.equal(msg(req), "missing a requirements file (requirements.txt or pyproject.toml). The flask-framework extension requires one of these files with 'flask' specified as a dependency.");
  assert.deepEqual(req.data, { tf: { kind: 'create-file', path: '/projects/flask-broken/requirements.txt', content: 'Flask\n', title: 'Create requirements.txt with Flask' } });
  const wsgi = one(diagnostics, 'tf-missing-entrypoint');
  assert.deepEqual(wsgi.range, entry);
  assert.ok(msg(wsgi).startsWith('Missing WSGI entrypoint in default search locations'));
  assert.equal((wsgi.data as { tf: { kind: string } }).tf.kind, 'append-file', 'app.py exists: add `app` to it');
});

void test('flask: requirements without flask, pyproject.toml with flask, and a user command that skips the WSGI search', () => {
  const files = loadProject('flask');
  files['/projects/flask/requirements.txt'] = 'gunicorn\n';
  let d = one(checkFile(files, ROCK('flask')).diagnostics, 'tf-missing-dependency');
  assert.equal(msg(d), 'missing flask package dependency in requirements file.');
  assert.deepEqual(d.data, { tf: { kind: 'append-file', path: '/projects/flask/requirements.txt', text: 'Flask\n', title: 'Add Flask to requirements.txt' } });

  files['/projects/flask/pyproject.toml'] = '[project]\nname = "flask-hello"\ndependencies = ["flask>=3"]\n';
  assert.equal(withCode(checkFile(files, ROCK('flask')).diagnostics, 'tf-missing-dependency').length, 0, 'pyproject.toml dependencies count');

  delete files['/projects/flask/app.py'];
  d = one(checkFile(files, ROCK('flask')).diagnostics, 'tf-missing-entrypoint');
  assert.equal((d.data as { tf: { kind: string; path: string } }).tf.kind, 'create-file');
  assert.equal((d.data as { tf: { path: string } }).tf.path, '/projects/flask/app.py');
  files[ROCK('flask')] += 'services:\n  flask:\n    command: /bin/python3 -m gunicorn wsgi:app\n';
  assert.equal(withCode(checkFile(files, ROCK('flask')).diagnostics, 'tf-missing-entrypoint').length, 0);
});

void test('project checks are off with projectChecks: false', () => {
  const files = loadProject('flask-broken');
  const codes = tf(checkFile(files, ROCK('flask-broken'), { projectChecks: false }).diagnostics).map((d) => d.code);
  assert.ok(!codes.includes('tf-missing-requirements'));
  assert.ok(codes.includes('tf-path-prefix'), 'rules on the YAML alone still run');
});

void test('django-broken: the project folder must be named after the rock; a user install-app must be complete', () => {
  const files = loadProject('django-broken');
  const text = files[ROCK('django-broken')];
  const { diagnostics } = checkFile(files, ROCK('django-broken'));
  const wsgi = one(diagnostics, 'tf-missing-entrypoint');
  assert.deepEqual(wsgi.range, entryRange(text, 'django-framework'));
  assert.ok(msg(wsgi).startsWith("django application can not be imported, unable to locate a wsgi.py with an 'application' callable in the default discovery locations (django_broken/django_broken/wsgi.py, django_broken/mysite/wsgi.py)."));
  const part = one(diagnostics, 'tf-part-incomplete');
  assert.deepEqual(part.range, rangeOf(text, 'django-framework/install-app'));
  assert.deepEqual(part.data, { missing: ['plugin'] }, 'source is there');
  files[ROCK('django-broken')] = text.replace('    source: mysite_project\n', '    plugin: dump\n');
  assert.deepEqual(one(checkFile(files, ROCK('django-broken')).diagnostics, 'tf-part-incomplete').data, { missing: ['source'] });
  files[ROCK('django-broken')] = text.replace('    source: mysite_project\n', '    plugin: dump\n    source: mysite_project\n');
  assert.equal(withCode(checkFile(files, ROCK('django-broken')).diagnostics, 'tf-part-incomplete').length, 0);
});

void test('django: requirements.txt is required', () => {
  const files = loadProject('django');
  delete files['/projects/django/requirements.txt'];
  const d = one(checkFile(files, ROCK('django')).diagnostics, 'tf-missing-requirements');
  assert.equal(msg(d), 'missing requirements.txt file, django-framework extension requires this file with Django specified as a dependency');
  assert.equal(withCode(checkFile(files, ROCK('django')).diagnostics, 'tf-missing-entrypoint').length, 0, 'Rockcraft stops at the first Django error');
});

void test('fastapi-broken: unsupported base, prime without app/, no fastapi dependency, no ASGI app', () => {
  const files = loadProject('fastapi-broken');
  const text = files[ROCK('fastapi-broken')];
  const { diagnostics } = checkFile(files, ROCK('fastapi-broken'));
  const base = one(diagnostics, 'tf-base-unsupported');
  assert.deepEqual(base.range, rangeOf(text, 'ubuntu@22.04'));
  assert.ok(msg(base).startsWith("Extension 'fastapi-framework' does not support base: 'ubuntu@22.04'."));
  assert.deepEqual(base.data, { replacement: 'ubuntu@24.04' });
  const prime = one(diagnostics, 'tf-path-prefix');
  assert.deepEqual(prime.range, rangeOf(text, 'app.py'));
  assert.ok(msg(prime).startsWith("fastapi-framework extension requires the 'prime' entry in the fastapi-framework/install-app part to start with app/"));
  const entry = entryRange(text, 'fastapi-framework');
  const dep = one(diagnostics, 'tf-missing-dependency');
  assert.deepEqual(dep.range, entry);
  assert.equal(msg(dep), 'missing fastapi or starlette package dependency in requirements.txt file.');
  const asgi = one(diagnostics, 'tf-missing-entrypoint');
  assert.ok(msg(asgi).startsWith('missing ASGI entrypoint'));
  assert.equal((asgi.data as { tf: { kind: string } }).tf.kind, 'create-file');
});

void test('fastapi: requirements.txt is required (pyproject.toml does not count)', () => {
  const files = loadProject('fastapi');
  delete files['/projects/fastapi/requirements.txt'];
  files['/projects/fastapi/pyproject.toml'] = '[project]\ndependencies = ["fastapi"]\n';
  const d = one(checkFile(files, ROCK('fastapi')).diagnostics, 'tf-missing-requirements');
  assert.equal(msg(d), "missing a requirements.txt file. The fastapi-framework extension requires this file with 'fastapi'/'starlette' specified as a dependency.");
  files['/projects/fastapi/requirements.txt'] = 'starlette\n';
  assert.equal(tf(checkFile(files, ROCK('fastapi')).diagnostics).length, 0, 'starlette is enough');
});

void test('go-broken: build-base outside the V1 list, assets stage without app/, binary name', () => {
  const files = loadProject('go-broken');
  const text = files[ROCK('go-broken')];
  const { diagnostics } = checkFile(files, ROCK('go-broken'));
  const v2 = one(diagnostics, 'tf-build-base-v2');
  assert.deepEqual(v2.range, rangeOf(text, 'ubuntu@22.04'));
  assert.equal(v2.severity, DiagnosticSeverity.Warning);
  const stage = one(diagnostics, 'tf-path-prefix');
  assert.deepEqual(stage.range, rangeOf(text, 'templates'));
  assert.ok(msg(stage).startsWith("go-framework extension requires the 'stage' entry in the go-framework/assets part to start with app"));
  const binary = one(diagnostics, 'tf-go-binary-name');
  assert.deepEqual(binary.range, entryRange(text, 'go-framework'));
  assert.equal(binary.severity, DiagnosticSeverity.Warning);
  assert.match(msg(binary), /names the binary `hello-server`/);
});

void test('go: the binary check respects organize; go.mod is required', () => {
  const { files } = edited('go-broken', (t) => t.replace('parts:\n', 'parts:\n    go-framework/install-app:\n        organize:\n            bin/hello-server: usr/local/bin/go-broken\n'));
  assert.equal(withCode(checkFile(files, ROCK('go-broken')).diagnostics, 'tf-go-binary-name').length, 0);
  const valid = loadProject('go');
  delete valid['/projects/go/go.mod'];
  const d = one(checkFile(valid, ROCK('go')).diagnostics, 'tf-missing-go-mod');
  assert.equal(msg(d), 'missing go.mod file, it should be present in the project directory');
  assert.deepEqual(d.data, { tf: { kind: 'create-file', path: '/projects/go/go.mod', content: 'module go-hello\n\ngo 1.22\n', title: 'Create go.mod' } });
});

void test('expressjs-broken: package.json without scripts.start; duplicate extension', () => {
  const files = loadProject('expressjs-broken');
  const text = files[ROCK('expressjs-broken')];
  const { diagnostics } = checkFile(files, ROCK('expressjs-broken'));
  const pkg = one(diagnostics, 'tf-package-json');
  assert.deepEqual(pkg.range, entryRange(text, 'expressjs-framework'));
  assert.ok(msg(pkg).startsWith("missing 'scripts.start' field in package.json"));
  const dup = one(diagnostics, 'tf-extension-duplicate');
  assert.deepEqual(dup.range, entryRange(text, 'expressjs-framework', 2));
});

void test('expressjs: each package.json problem with its upstream text', () => {
  const files = loadProject('expressjs');
  const pkg = '/projects/expressjs/app/package.json';
  const cases: [string | undefined, string][] = [
    [undefined, "missing package.json file in 'app' directory"],
    ['{"name": ', 'failed to parse package.json; it might contain invalid JSON'],
    ['"x"', 'invalid package.json file'],
    ['{"scripts": {"start": "node a.js"}}', "missing 'name' field in package.json"],
  ];
  for (const [content, message] of cases) {
    if (content === undefined) delete files[pkg];
    else files[pkg] = content;
    const d = one(checkFile(files, ROCK('expressjs')).diagnostics, 'tf-package-json');
    assert.ok(msg(d).startsWith(message), `${msg(d)} should start with ${message}`);
    assert.equal(d.data !== undefined, content === undefined, 'only a missing file gets a fix');
  }
});

void test('spring-boot-broken: both build files, assets stage without app/, experimental', () => {
  const files = loadProject('spring-boot-broken');
  const text = files[ROCK('spring-boot-broken')];
  const { diagnostics } = checkFile(files, ROCK('spring-boot-broken'));
  const entry = entryRange(text, 'spring-boot-framework');
  assert.deepEqual(one(diagnostics, 'tf-spring-boot-build-files').range, entry);
  assert.ok(msg(one(diagnostics, 'tf-spring-boot-build-files')).startsWith('both pom.xml and build.gradle files exist'));
  const stage = one(diagnostics, 'tf-path-prefix');
  assert.deepEqual(stage.range, rangeOf(text, 'migrate.sh'));
  assert.ok(msg(stage).startsWith("The spring-boot-framework extension requires the 'stage' entry in the spring-boot-framework/assets part to start with 'app/'"));
  const exp = one(diagnostics, 'tf-base-experimental');
  assert.deepEqual(exp.range, entry);
  assert.equal(exp.severity, DiagnosticSeverity.Warning);
  assert.ok(msg(exp).startsWith("Extension is experimental: 'spring-boot-framework'"));
  assert.match(msg(exp), /ROCKCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS/);
});

void test('spring-boot: missing build files, both wrappers, gradle init script on a Maven build', () => {
  const files = loadProject('spring-boot');
  delete files['/projects/spring-boot/pom.xml'];
  assert.ok(msg(one(checkFile(files, ROCK('spring-boot')).diagnostics, 'tf-spring-boot-build-files')).startsWith('missing pom.xml and build.gradle file'));
  files['/projects/spring-boot/pom.xml'] = '<project/>';
  files['/projects/spring-boot/mvnw'] = '#!/bin/sh\n';
  files['/projects/spring-boot/gradlew'] = '#!/bin/sh\n';
  assert.ok(msg(one(checkFile(files, ROCK('spring-boot')).diagnostics, 'tf-spring-boot-build-files')).startsWith('both mvnw and gradlew executable files exist'));
  delete files['/projects/spring-boot/gradlew'];
  files[ROCK('spring-boot')] += 'parts:\n    spring-boot-framework/gradle-init-script:\n        override-build: cp init.gradle $CRAFT_STAGE\n';
  const d = one(checkFile(files, ROCK('spring-boot')).diagnostics, 'tf-gradle-init-script');
  assert.ok(msg(d).startsWith('gradle init script part is enabled for non-gradle build'));
});

void test('spring-boot: a Maven or Gradle wrapper without execute permission, read from the real file system', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-wrapper-'));
  try {
    const files = loadProject('spring-boot');
    const prefix = '/projects/spring-boot/';
    for (const [p, text] of Object.entries(files)) {
      if (!p.startsWith(prefix) || p.includes('/charm/')) continue;
      const to = path.join(dir, p.slice(prefix.length));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, text);
    }
    const rock = path.join(dir, 'rockcraft.yaml').split(path.sep).join('/');
    const check = (): Diagnostic[] => {
      const service = new LanguageService({ fs: new NodeFs(), settings: { projectChecks: true } });
      const text = fs.readFileSync(rock, 'utf8');
      const parsed = service.parse({ uri: rock, path: rock, text, version: 1 });
      assert.ok(parsed);
      return service.validate(parsed);
    };
    const mvnw = path.join(dir, 'mvnw');
    fs.writeFileSync(mvnw, '#!/bin/sh\nexec mvn "$@"\n', { mode: 0o644 });
    fs.chmodSync(mvnw, 0o644);
    const d = one(check(), 'tf-spring-boot-wrapper');
    assert.ok(msg(d).startsWith('mvnw or gradlew file is not executable'), msg(d));
    assert.match(msg(d), /chmod \+x mvnw/);
    fs.chmodSync(mvnw, 0o755);
    assert.deepEqual(withCode(check(), 'tf-spring-boot-wrapper'), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('bases: 26.04 is the experimental V2; Python on bare needs a known build base', () => {
  let { files, text } = edited('django', (t) => t.replace('base: bare', 'base: ubuntu@26.04').replace(/build-base: .*\n/, ''));
  let d = one(checkFile(files, ROCK('django')).diagnostics, 'tf-base-experimental');
  assert.deepEqual(d.range, entryRange(text, 'django-framework'));
  assert.match(msg(d), /V2/);
  ({ files, text } = edited('flask', (t) => t.replace('build-base: ubuntu@24.04', 'build-base: ubuntu@25.10')));
  d = one(checkFile(files, ROCK('flask')).diagnostics, 'tf-build-base-python');
  assert.deepEqual(d.range, rangeOf(text, 'ubuntu@25.10'));
  assert.ok(msg(d).startsWith('Unable to determine the Python version for the build-base ubuntu@25.10'));
  assert.equal(withCode(checkFile(files, ROCK('flask')).diagnostics, 'tf-build-base-v2').length, 0, 'one finding per build base');
  ({ files } = edited('go', (t) => t.replace('base: bare', 'base: ubuntu:22.04').replace(/build-base: .*\n/, '')));
  assert.ok(msg(one(checkFile(files, ROCK('go')).diagnostics, 'tf-base-unsupported')).startsWith("Extension 'go-framework' does not support base: 'ubuntu:22.04'"));
});

void test('two framework extensions in a rock: a warning on the second', () => {
  const { files, text } = edited('flask', (t) => t.replace('  - flask-framework\n', '  - flask-framework\n  - django-framework\n'));
  const d = one(checkFile(files, ROCK('flask'), { projectChecks: false }).diagnostics, 'tf-extension-multiple');
  assert.deepEqual(d.range, entryRange(text, 'django-framework'));
  assert.equal(d.severity, DiagnosticSeverity.Warning);
});

void test('a part named after an extension the rock does not use', () => {
  const { files, text } = edited('flask', (t) => `${t}parts:\n  go-framework/install-app:\n    plugin: go\n    source: .\n`);
  const d = one(checkFile(files, ROCK('flask'), { projectChecks: false }).diagnostics, 'tf-unknown-extension-part');
  assert.deepEqual(d.range, rangeOf(text, 'go-framework/install-app'));
  assert.match(msg(d), /go-framework extension, which this rock does not use/);
});

void test('extension parts the user only partly writes are complete after the merge (no core errors)', () => {
  const { files } = edited('flask', (t) => `${t}parts:\n  flask-framework/install-app:\n    prime:\n      - flask/app/app.py\n  flask-framework/dependencies:\n    stage-packages:\n      - libpq5\nservices:\n  flask:\n    environment:\n      GREETING: hi\n`);
  const { diagnostics } = checkFile(files, ROCK('flask'));
  assert.equal(errors(diagnostics).length, 0, show(diagnostics));
  assert.equal(tf(diagnostics).length, 0, show(diagnostics));
});

void test('`after` naming a part the extension does not generate', () => {
  const { files, text } = edited('flask', (t) => `${t}parts:\n  ui:\n    plugin: nil\n    after: [flask-framework/dependencies, flask-framework/dependecies]\n`);
  const { diagnostics } = checkFile(files, ROCK('flask'), { projectChecks: false });
  const d = one(diagnostics, 'tf-unknown-part-reference');
  assert.deepEqual(d.range, rangeOf(text, 'flask-framework/dependecies'));
  assert.deepEqual(d.data, { replacement: 'flask-framework/dependencies' });
  assert.equal(d.severity, DiagnosticSeverity.Error);
  assert.equal(withCode(diagnostics, 'unknown-part').length, 0, 'the core after-check accepts extension names');
});
