/**
 * `npm run fuzz`: the long fuzz run. Env:
 *   FUZZ_SEED    the seed (decimal or 0x hex); a fresh one is drawn and printed otherwise
 *   FUZZ_COUNT   documents per target (default 10000)
 *   FUZZ_TARGET  core | lsp | both (default both)
 *   FUZZ_BOUND_MS  time bound per document, edits and requests included (default 2000)
 *   FUZZ_ONLY    run only this document index (prints it), to reproduce a failure
 * Exit status 1 when any document failed. Failing documents are written to
 * bench/results/fuzz-failures.tmp.json (ignored by git).
 */
import * as fs from 'fs';
import * as path from 'path';
import { seedFromEnv } from './prng';
import { REPO, formatReport, runCoreFuzz, runLspFuzz, type FuzzReport } from './runner';
import { loadCorpus, makeDoc, truncationSweep } from './generate';
import { Rng } from './prng';

async function main(): Promise<number> {
  const seed = seedFromEnv();
  const count = Number(process.env.FUZZ_COUNT ?? 10_000);
  const boundMs = Number(process.env.FUZZ_BOUND_MS ?? 2_000);
  const target = process.env.FUZZ_TARGET ?? 'both';
  const only = process.env.FUZZ_ONLY !== undefined && process.env.FUZZ_ONLY !== '' ? Number(process.env.FUZZ_ONLY) : undefined;
  const range = only === undefined ? {} : { from: only, to: only + 1 };
  process.stdout.write(`fuzz: seed ${seed} (0x${seed.toString(16)}), ${count} documents per target, bound ${boundMs} ms, target ${target}${only === undefined ? '' : `, only #${only}`}\n`);
  if (only !== undefined) {
    const corpus = loadCorpus();
    const doc = makeDoc(new Rng(seed).fork(only), corpus, only, truncationSweep(corpus, Math.floor(count / 5)));
    process.stdout.write(`document #${only}: ${doc.kind}, ${doc.how}\n----\n${doc.text}\n----\n`);
  }
  const progress = (l: string): void => void process.stdout.write(`${l}\n`);
  const reports: FuzzReport[] = [];
  if (target === 'core' || target === 'both') {
    const r = await runCoreFuzz({ seed, count, boundMs, progress, ...range });
    reports.push(r);
    process.stdout.write(`${formatReport(r)}\n`);
  }
  if (target === 'lsp' || target === 'both') {
    if (!fs.existsSync(path.join(REPO, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: npm run build');
    const r = await runLspFuzz({ seed, count, boundMs, progress, ...range });
    reports.push(r);
    process.stdout.write(`${formatReport(r)}\n`);
  }
  const failures = reports.flatMap((r) => r.failures);
  const out = path.join(REPO, 'bench', 'results', 'fuzz-failures.tmp.json');
  fs.rmSync(out, { force: true });
  if (failures.length) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ seed, count, boundMs, failures }, null, 2)}\n`);
    process.stdout.write(`failing documents written to ${path.relative(process.cwd(), out)}\n`);
  }
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`fuzz failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
