/**
 * The core fuzzer's worker process: runs documents [from, count) and reports each one to its
 * parent, which kills and restarts it when a document hangs (a synchronous loop cannot be
 * interrupted from inside).
 */
import { featureSurvey, fuzzService, runCoreDoc } from './core';
import { loadCorpus, makeDoc, truncationSweep } from './generate';
import { Rng } from './prng';

export interface ChildArgs {
  seed: number;
  from: number;
  /** One past the last document to run. */
  to: number;
  /** The run's size (the truncation sweep depends on it). */
  count: number;
  boundMs: number;
  sweepBudget: number;
}

export type ChildMessage =
  | { t: 'ready'; called: string[]; unknown: string[]; sweep: number }
  | { t: 'start'; i: number }
  | { t: 'done'; i: number; ms: number; strategy: string; failures: string[]; how?: string; text?: string; diagnostics: number; edits: number; incremental: number; calls: number }
  | { t: 'end' };

function send(m: ChildMessage): void {
  process.send?.(m);
}

function main(): void {
  const args = JSON.parse(process.env.FUZZ_CHILD_ARGS ?? '{}') as ChildArgs;
  const corpus = loadCorpus();
  const sweep = truncationSweep(corpus, args.sweepBudget);
  const master = new Rng(args.seed);
  const sink: string[] = [];
  let service = fuzzService(sink);
  const { called, unknown } = featureSurvey(service);
  send({ t: 'ready', called, unknown, sweep: sweep.length });
  for (let i = args.from; i < args.to; i++) {
    const rng = master.fork(i);
    const doc = makeDoc(rng, corpus, i, sweep);
    send({ t: 'start', i });
    const r = runCoreDoc(service, sink, doc, rng, called, args.boundMs);
    const failed = r.failures.length > 0;
    send({ t: 'done', i, ms: r.ms, strategy: doc.strategy, failures: r.failures, how: failed ? doc.how : undefined, text: failed ? doc.text.slice(0, 4000) : undefined, diagnostics: r.diagnostics, edits: r.edits, incremental: r.incremental, calls: r.calls });
    // A fresh service now and then, as an editor session would not last 10,000 files either.
    if (i % 2000 === 1999) service = fuzzService(sink);
  }
  send({ t: 'end' });
  process.disconnect?.();
}

main();
