import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeBase64 } from '../../server/src/service/parse';
import { checkText } from './helpers';
import { builtBundle } from './lspSession';

/*
 * `!!binary` values: read like PyYAML (binascii.a2b_base64), and the same in the tests (the
 * yaml package's Node build) as in the bundles (its ES module build).
 */

const bytes = (s: string): number[] | undefined => {
  const b = decodeBase64(s);
  return b ? [...b] : undefined;
};

void test('base64 decoding follows binascii.a2b_base64', () => {
  // Results of Python's binascii.a2b_base64 on the same input.
  assert.deepEqual(bytes('QUJD'), [65, 66, 67]);
  assert.deepEqual(bytes('QQ=='), [65]);
  assert.deepEqual(bytes('QUI='), [65, 66]);
  assert.deepEqual(bytes('QU JD\n'), [65, 66, 67], 'whitespace is skipped');
  assert.deepEqual(bytes('QUJD!'), [65, 66, 67], 'other characters are skipped');
  assert.deepEqual(bytes('QQ==QUJD'), [65], 'complete padding ends the data');
  assert.deepEqual(bytes(''), []);
  assert.equal(bytes('QQ='), undefined, 'incorrect padding');
  assert.equal(bytes('QUJ'), undefined, 'incorrect padding');
  assert.equal(bytes('QUJDR'), undefined, 'one character more than a multiple of 4');
});

const rock = (value: string): string =>
  `name: hello\nversion: "0.1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\nenvironment:\n  DATA: ${value}\n`;

void test('an invalid !!binary value is an error, a valid one is not, and the bundle agrees', async () => {
  const bad = checkText('rockcraft.yaml', rock('!!binary QUJ')).diagnostics.filter((d) => d.code === 'yaml-syntax');
  assert.equal(bad.length, 1, JSON.stringify(bad));
  assert.match(String(bad[0].message), /failed to decode base64 data/);
  assert.deepEqual(bad[0].range.start, { line: 11, character: 8 });
  const good = checkText('rockcraft.yaml', rock('!!binary QUJD')).diagnostics.filter((d) => d.code === 'yaml-syntax');
  assert.deepEqual(good, []);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-binary-'));
  try {
    const cli = await builtBundle('cli.js');
    for (const [text, expected] of [[rock('!!binary QUJ'), 1], [rock('!!binary QUJD!'), 0], [`%YAML 1.2\n---\n${rock('!!binary QUJD!')}`, 0]] as const) {
      fs.writeFileSync(path.join(dir, 'rockcraft.yaml'), text);
      let out = '';
      try {
        out = execFileSync(process.execPath, [cli, 'check', '--format', 'json', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? '');
      }
      const rows = JSON.parse(out) as { code: string; message: string }[];
      assert.equal(rows.filter((r) => r.code === 'yaml-syntax').length, expected, `${text}: ${out}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
