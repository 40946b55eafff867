import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCommand, parseDuration } from '../../../server/src/service/rules/rockServices';
import { ROCK, codesOf, diagnose } from './ruleHelpers';

const FLASK = 'name: hello\nversion: "0.1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nextensions:\n  - flask-framework\n';

void test('a plain valid rock gets no diagnostics from the rules', () => {
  assert.deepEqual(codesOf('rockcraft.yaml', `${ROCK}parts:\n  hello:\n    plugin: nil\n`), []);
});

void test('version: adopt-info replaces it, and may name an extension part', () => {
  const noVersion = ROCK.replace('version: "0.1"\n', '');
  assert.deepEqual(codesOf('rockcraft.yaml', `adopt-info: app\n${noVersion}parts:\n  app:\n    plugin: nil\n`), []);
  const flask = FLASK.replace('version: "0.1"\n', 'adopt-info: flask-framework/install-app\n');
  assert.ok(!codesOf('rockcraft.yaml', flask).some((c) => c.startsWith('unknown-part') || c.startsWith('missing-version')));
  assert.deepEqual(codesOf('rockcraft.yaml', `adopt-info: ap\n${noVersion}parts:\n  app:\n    plugin: nil\n`), ['unknown-part@1']);
});

void test('parts: extension parts may omit plugin and source; user parts may not', () => {
  const text = `${FLASK}parts:\n  flask-framework/install-app:\n    prime: [flask/app/app.py]\n  runtime-debs:\n    stage-packages: [libpq5]\n  assets:\n    plugin: dump\n`;
  const got = codesOf('rockcraft.yaml', text).filter((c) => c.startsWith('missing-'));
  assert.deepEqual(got, ['missing-plugin@13', 'missing-source@15']);
});

void test('parts: nil and jlink need no source; a missing parts key is tolerated with a warning, not with an extension', () => {
  assert.deepEqual(codesOf('rockcraft.yaml', `${ROCK}parts:\n  a:\n    plugin: nil\n  b:\n    plugin: jlink\n`), []);
  assert.deepEqual(codesOf('rockcraft.yaml', ROCK), ['missing-parts@1']);
  assert.ok(!codesOf('rockcraft.yaml', FLASK).includes('missing-parts@1'));
});

void test('parts: after may name pebble and extension parts, but not a missing part', () => {
  const text = `${FLASK}parts:\n  extra:\n    plugin: nil\n    after: [pebble, flask-framework/dependencies, extr]\n`;
  assert.deepEqual(codesOf('rockcraft.yaml', text).filter((c) => c.startsWith('unknown-part')), ['unknown-part@13']);
});

void test('parts: "/" in part names is fine on 24.04 and rejected on 26.04 and devel build bases', () => {
  const part = 'parts:\n  flask-framework/install-app:\n    prime: [flask/app/app.py]\n';
  assert.ok(!codesOf('rockcraft.yaml', FLASK + part).some((c) => c.startsWith('part-name-slash')));
  const on2604 = FLASK.replace('ubuntu@24.04', 'ubuntu@26.04') + part;
  assert.ok(codesOf('rockcraft.yaml', on2604).includes('part-name-slash@11'));
  const devel = `${ROCK.replace('base: ubuntu@24.04', 'base: ubuntu@24.04\nbuild-base: devel')}parts:\n  a/b:\n    plugin: nil\n`;
  assert.ok(codesOf('rockcraft.yaml', devel).includes('part-name-slash@10'));
});

void test('parts: slices and debs may live in separate parts; grammar branches are not mixed in', () => {
  const text = `${ROCK}parts:\n  debs:\n    plugin: nil\n    stage-packages: [libpq5]\n  slices:\n    plugin: nil\n    stage-packages:\n      - libpq5_libs\n      - on amd64: [libfoo]\n`;
  assert.deepEqual(codesOf('rockcraft.yaml', text), []);
});

void test('services: a service named like the extension service may be partial, others may not', () => {
  const text = `${FLASK}services:\n  flask:\n    command: /bin/python3 -m gunicorn app:app -k [ sync ]\n  worker:\n    command: /bin/worker\n    after: [statsd-exporter, flask]\n`;
  assert.deepEqual(codesOf('rockcraft.yaml', text).filter((c) => !c.startsWith('tf-')), ['service-missing-keys@13']);
});

void test('entrypoint-service: an extension service with a default-arguments group is fine, one without is a warning', () => {
  const flask = codesOf('rockcraft.yaml', `${FLASK}entrypoint-service: flask\n`);
  assert.ok(!flask.some((c) => c.startsWith('entrypoint-service-args') || c.startsWith('unknown-entrypoint')));
  const go = FLASK.replace('flask-framework', 'go-framework');
  assert.ok(codesOf('rockcraft.yaml', `${go}entrypoint-service: go\n`).includes('entrypoint-service-args@10'));
});

void test('checks: exec checks are fine; on-check-failure must name a check', () => {
  const text = `${ROCK}parts:\n  a:\n    plugin: nil\nservices:\n  web:\n    override: replace\n    command: /bin/web\n    on-check-failure:\n      alive: restart\n      ready: restart\nchecks:\n  alive:\n    override: replace\n    exec: {command: /bin/true}\n`;
  assert.deepEqual(codesOf('rockcraft.yaml', text), ['unknown-check@17']);
});

void test('run-user: fine with the extensions that emit run-user, a warning with those that emit run_user', () => {
  const express = FLASK.replace('flask-framework', 'expressjs-framework');
  assert.ok(!codesOf('rockcraft.yaml', `${express}run-user: _daemon_\n`).some((c) => c.startsWith('run-user-with-extension')));
  assert.ok(codesOf('rockcraft.yaml', `${FLASK}run-user: _daemon_\n`).includes('run-user-with-extension@10'));
});

void test('license: SPDX ids are matched case-insensitively, proprietary is allowed', () => {
  for (const l of ['Apache-2.0', 'mit', 'GPL-3.0', 'proprietary']) assert.deepEqual(codesOf('rockcraft.yaml', `${ROCK}license: ${l}\nparts:\n  a:\n    plugin: nil\n`), [], l);
});

void test('environment: $CRAFT_* variables are expanded by Rockcraft and allowed, other $ are not', () => {
  const ok = codesOf('rockcraft.yaml', `${ROCK}environment:\n  V: $CRAFT_PROJECT_VERSION\n  E: price$\nparts:\n  a:\n    plugin: nil\n`);
  assert.deepEqual(ok, []);
  assert.ok(codesOf('rockcraft.yaml', `${ROCK}environment:\n  P: /bin:$PATH\n`).includes('invalid-format@9'));
});

void test('platforms: shorthand with build-on only, string build-on, and the arch name rule', () => {
  const ok = `name: a1\nversion: "1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  riscv64:\n    build-on: [amd64, riscv64]\n  mine:\n    build-on: amd64\n    build-for: arm64\nparts:\n  a:\n    plugin: nil\n`;
  assert.deepEqual(codesOf('rockcraft.yaml', ok), []);
});

void test('bases: devel build-base is an information note; bare with build-base is fine', () => {
  const devel = diagnose({ 'rockcraft.yaml': `${ROCK.replace('base: ubuntu@24.04', 'base: ubuntu@26.10\nbuild-base: devel')}parts:\n  a:\n    plugin: nil\n` }, 'rockcraft.yaml');
  assert.deepEqual(devel.map((d) => [d.code, d.severity]), [['devel-build-base', 3]]);
});

void test('parseCommand finds the default-arguments group and its mistakes', () => {
  assert.deepEqual(parseCommand('/bin/app --port [ 8080 ]'), { hasGroup: true });
  assert.deepEqual(parseCommand('/bin/app --port 8080'), { hasGroup: false });
  assert.deepEqual(parseCommand('bash -c "[ -f x ] && run"'), { hasGroup: false });
  assert.equal(parseCommand('/bin/app [ a [ b ] ]').problem, 'nested');
  assert.equal(parseCommand('/bin/app [ a ] b').problem, 'after-group');
  assert.equal(parseCommand('/bin/app "unterminated').problem, 'quote');
  assert.equal(parseCommand('/bin/app [ a').problem, 'unclosed');
});

void test('parseDuration reads Go durations', () => {
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('ten'), undefined);
  assert.equal(parseDuration('10'), undefined);
});

void test('version: numbers that print the same are fine unquoted', () => {
  for (const v of ['1', '1.0', '2.5', '"1.10"']) {
    assert.deepEqual(codesOf('rockcraft.yaml', `${ROCK.replace('"0.1"', v)}parts:\n  a:\n    plugin: nil\n`), [], v);
  }
});
