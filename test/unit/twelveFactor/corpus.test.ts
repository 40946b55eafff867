import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { SHARED, checkIn, errors, readTsv, show } from '../helpers';
import { tf } from './fixtures';

/** The only 12-factor findings expected on the shared corpus (both are warnings about Rockcraft 1.20). */
const EXPECTED: Record<string, string[]> = {
  'rockcraft/alvaromateo__express-charm-demo__express-app_rockcraft.yaml': ['tf-build-base-v2'],
  'rockcraft/pushkarnk__spring-ai-chat-client-demo__rockcraft.yaml': ['tf-base-experimental'],
};

const CORPUS = path.join(SHARED, 'corpus');
const rows = readTsv(path.join(CORPUS, 'INDEX.tsv')).filter((r) => r.framework_extension);

void test('the corpus has 12-factor files of every framework', () => {
  assert.deepEqual([...new Set(rows.map((r) => r.framework_extension))].sort(),
    ['django-framework', 'expressjs-framework', 'fastapi-framework', 'flask-framework', 'go-framework', 'spring-boot-framework']);
});

for (const row of rows) {
  void test(`12-factor rules on ${row.file}: no errors, only the expected warnings`, () => {
    const kind = row.kind === 'rockcraft' ? 'rockcraft' : 'charmcraft';
    const file = `/corpus/${kind}.yaml`;
    const { diagnostics } = checkIn({ [file]: fs.readFileSync(path.join(CORPUS, row.file), 'utf8') }, file, { projectChecks: false });
    const found = tf(diagnostics);
    assert.equal(errors(found).length, 0, show(found));
    assert.deepEqual(found.map((d) => d.code), EXPECTED[row.file] ?? [], show(found));
  });
}
