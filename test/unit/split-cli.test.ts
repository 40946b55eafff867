import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './helpers';

/*
 * `twelve-factor-check check` on a temp folder holding split-layout charms: the CLI's own entry
 * point (server/src/cli.ts, run through tsx from the repository), with its real exit status and
 * output formats. Paths are given absolute, so the output names files the same way.
 */

let tmp: string;

/** A path inside the temp folder. */
const at = (...rel: string[]): string => path.join(tmp, ...rel);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'server', 'src', 'cli.ts'), ...args], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'split-cli-'));
  const fixtures = path.join(REPO, 'test', 'fixtures', 'split');
  fs.cpSync(path.join(fixtures, 'machine'), path.join(tmp, 'ok'), { recursive: true });
  fs.cpSync(path.join(fixtures, 'broken'), path.join(tmp, 'broken'), { recursive: true });
  // A config.yaml with no charmcraft.yaml beside it is someone else's file: never checked.
  fs.mkdirSync(path.join(tmp, 'stray'));
  fs.writeFileSync(path.join(tmp, 'stray', 'config.yaml'), 'this: [is not, a charm\n');
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

void test('a clean split charm: exit 0, nothing printed, every sibling counted', () => {
  const r = run('check', at('ok'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^4 files checked, 0 errors, 0 other problems\.$/m);
});

void test('text format: file:line:col: severity code message for each split file, exit 1', () => {
  const r = run('check', at('broken'));
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const has = (file: string, pos: string, rest: string): boolean => lines.some((l) => l.startsWith(`${at('broken', file)}:${pos}: ${rest}`));
  assert.ok(has('metadata.yaml', '1:1', 'error duplicated-in-metadata Fields in charmcraft.yaml cannot be duplicated in metadata.yaml'), r.stdout);
  assert.ok(has('metadata.yaml', '4:1', 'warning split-unknown-key Unknown key `providers`'), r.stdout);
  assert.ok(has('config.yaml', '1:1', "error duplicated-in-file Cannot specify 'config' section"), r.stdout);
  assert.ok(has('config.yaml', '4:14', 'error config-default-type'), r.stdout);
  assert.ok(has('charmcraft.yaml', '1:1', 'error duplicated-in-metadata'), r.stdout);
  assert.match(r.stderr, /^3 files checked, 5 errors, 1 other problem\.$/m);
});

void test('json format: one object per problem, split files included, stray files not', () => {
  const r = run('check', '--format', 'json', tmp);
  assert.equal(r.status, 1, r.stderr);
  const rows = JSON.parse(r.stdout) as Row[];
  const files = new Set(rows.map((x) => x.file));
  assert.deepEqual([...files].sort(), [at('broken', 'charmcraft.yaml'), at('broken', 'config.yaml'), at('broken', 'metadata.yaml')]);
  const meta = rows.filter((x) => x.file.endsWith('metadata.yaml')).map((x) => [x.line, x.column, x.severity, x.code]);
  assert.deepEqual(meta, [[1, 1, 'error', 'duplicated-in-metadata'], [4, 1, 'warning', 'split-unknown-key']]);
  assert.equal(r.stderr, '', 'json output has no summary line');
});

void test('one split file given on its own is checked with its siblings', () => {
  const r = run('check', '--format=json', '--no-project', at('broken', 'metadata.yaml'));
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Row[]).map((x) => x.code), ['duplicated-in-metadata', 'split-unknown-key']);
  const ok = run('check', at('ok', 'actions.yaml'));
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
});

void test('a folder whose YAML files are not beside a charmcraft.yaml: nothing to check, exit 0', () => {
  const r = run('check', at('stray'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^0 files checked, 0 errors/m);
});

void test('bad usage exits 2', () => {
  assert.equal(run('check', '--format', 'xml', at('ok')).status, 2);
  assert.equal(run('check', at('no-such-folder')).status, 2);
});
