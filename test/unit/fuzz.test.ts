/**
 * The short fuzz run for CI: a few thousand documents through the core and through the LSP
 * server, with a fixed seed (FUZZ_SEED overrides it; FUZZ_CI_COUNT sets the size). The long run
 * is `npm run fuzz` (10,000 documents per target, a fresh seed each time).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { seedFromEnv } from '../fuzz/prng';
import { REPO, formatReport, runCoreFuzz, runLspFuzz } from '../fuzz/runner';

const SEED = seedFromEnv(0x12fac7);
const COUNT = Number(process.env.FUZZ_CI_COUNT ?? 2_500);
const BOUND_MS = 2_000;

void test(`fuzz: ${COUNT} documents through the core and the LSP server (seed ${SEED})`, { timeout: 240_000 }, async () => {
  assert.ok(fs.existsSync(path.join(REPO, 'dist', 'server.js')), 'dist/server.js exists (npm run build)');
  // The core runs in its own process and the server is one: both at once.
  const [core, lsp] = await Promise.all([
    runCoreFuzz({ seed: SEED, count: COUNT, boundMs: BOUND_MS }),
    runLspFuzz({ seed: SEED, count: COUNT, boundMs: BOUND_MS }),
  ]);
  const report = `${formatReport(core)}\n${formatReport(lsp)}`;
  process.stdout.write(`${report.split('\n').map((l) => `# ${l}`).join('\n')}\n`);
  assert.equal(core.completed, COUNT, 'the core fuzzer ran every document');
  assert.equal(lsp.completed, COUNT, 'the LSP fuzzer ran every document');
  assert.deepEqual(core.failures.map((f) => f.index), [], report);
  assert.deepEqual(lsp.failures.map((f) => f.index), [], report);
});
