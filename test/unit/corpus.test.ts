import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { SHARED, checkIn, errors, readTsv, show } from './helpers';

const CORPUS = path.join(SHARED, 'corpus');

interface CorpusProject {
  label: string;
  files: Record<string, string>;
  /** The files of the project to check (the main YAML first). */
  check: string[];
}

/**
 * Lays out each corpus file as its repository holds it: the charmcraft.yaml with its real
 * split-layout siblings from legacy/, or, for metadata.yaml-era charms without one, a
 * metadata.yaml holding name/summary/description.
 */
function corpusProjects(): CorpusProject[] {
  assert.ok(fs.existsSync(CORPUS), `the shared corpus is missing at ${CORPUS} (set TWELVE_FACTOR_SHARED)`);
  const index = readTsv(path.join(CORPUS, 'INDEX.tsv'));
  const legacy = readTsv(path.join(CORPUS, 'legacy', 'INDEX.tsv'));
  const projects: CorpusProject[] = [];
  for (const row of index) {
    const kind = row.kind === 'rockcraft' ? 'rockcraft' : 'charmcraft';
    const dir = `/corpus/${path.basename(row.file, '.yaml')}`;
    const main = `${dir}/${kind}.yaml`;
    const files: Record<string, string> = { [main]: fs.readFileSync(path.join(CORPUS, row.file), 'utf8') };
    const check = [main];
    for (const sib of legacy.filter((l) => l.sibling_charmcraft === row.file)) {
      const p = `${dir}/${sib.kind}.yaml`;
      files[p] = fs.readFileSync(path.join(CORPUS, 'legacy', sib.file), 'utf8');
      check.push(p);
    }
    if (/metadata\.yaml-era/.test(row.notes ?? '') && !files[`${dir}/metadata.yaml`]) {
      const name = row.repo.split('/')[1].toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-operator$/, '') || 'charm';
      files[`${dir}/metadata.yaml`] = `name: ${name}\nsummary: A charm.\ndescription: |\n  A charm from ${row.repo}.\n`;
    }
    projects.push({ label: row.file, files, check });
  }
  return projects;
}

const projects = corpusProjects();

void test('the corpus has the files INDEX.tsv lists', () => {
  assert.ok(projects.length >= 142, `expected at least 142 corpus files, found ${projects.length}`);
  const legacyFiles = projects.reduce((n, p) => n + p.check.length - 1, 0);
  assert.ok(legacyFiles >= 60, `expected the split-layout siblings to be laid out, found ${legacyFiles}`);
});

for (const project of projects) {
  void test(`no errors: ${project.label}`, () => {
    for (const file of project.check) {
      const { diagnostics } = checkIn(project.files, file, { projectChecks: false });
      assert.equal(errors(diagnostics).length, 0, `${file}:\n${show(errors(diagnostics))}`);
    }
  });
}
