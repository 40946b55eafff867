/*
 * Completion and hover latency on the largest corpus file (a script, not a test):
 *   node --import tsx test/unit/features/latency.ts [file]
 * Prints median / p95 / max per request kind, in-process (the service alone), with the parse
 * cached (cursor moves) and with a fresh parse per request (each keystroke is a new version).
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { LanguageService } from '../../../server/src/service';
import { SHARED } from '../helpers';

function largestCorpusFile(): string {
  const files: { file: string; size: number }[] = [];
  for (const dir of ['rockcraft', 'charmcraft', 'legacy']) {
    for (const f of fs.readdirSync(path.join(SHARED, 'corpus', dir))) {
      if (!f.endsWith('.yaml')) continue;
      const file = path.join(SHARED, 'corpus', dir, f);
      files.push({ file, size: fs.statSync(file).size });
    }
  }
  return files.sort((a, b) => b.size - a.size)[0].file;
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `n=${s.length} median=${q(0.5).toFixed(2)}ms p95=${q(0.95).toFixed(2)}ms max=${s[s.length - 1].toFixed(2)}ms`;
}

const file = process.argv[2] ?? largestCorpusFile();
const text = fs.readFileSync(file, 'utf8');
const kind = /charmcraft/.test(path.basename(file)) ? 'charmcraft.yaml' : /metadata/.test(path.basename(file)) ? 'metadata.yaml' : 'rockcraft.yaml';
const vpath = `/bench/${kind}`;
const service = new LanguageService();
const lines = text.split('\n');
console.log(`${file}: ${text.length} bytes, ${lines.length} lines`);

// Cursor positions: every line start (key completion), every line end (value completion).
const starts = lines.map((l, line) => ({ line, character: l.length - l.trimStart().length }));
const ends = lines.map((l, line) => ({ line, character: l.length }));
const keys = lines.flatMap((l, line) => (/^\s*[\w-]+:/.test(l) ? [{ line, character: l.length - l.trimStart().length + 1 }] : []));

const warm = service.parse({ uri: vpath, path: vpath, text, version: 1 });
if (!warm) throw new Error('not a file the service handles');
for (let i = 0; i < 50; i++) service.complete(warm, starts[i % starts.length]);

const cached = { complete: [] as number[], hover: [] as number[] };
for (const p of [...starts, ...ends]) {
  const t = performance.now();
  service.complete(warm, p);
  cached.complete.push(performance.now() - t);
}
for (const p of keys) {
  const t = performance.now();
  service.hover(warm, p);
  cached.hover.push(performance.now() - t);
}

// As while typing: the text changed, so parse + request.
const typing = { complete: [] as number[], hover: [] as number[] };
let version = 2;
for (const p of starts.filter((_, i) => i % 3 === 0)) {
  const t = performance.now();
  const parsed = service.parse({ uri: vpath, path: vpath, text: `${text}\n# ${version}`, version: version++ });
  if (parsed) service.complete(parsed, p);
  typing.complete.push(performance.now() - t);
}
for (const p of keys.filter((_, i) => i % 3 === 0)) {
  const t = performance.now();
  const parsed = service.parse({ uri: vpath, path: vpath, text: `${text}\n# ${version}`, version: version++ });
  if (parsed) service.hover(parsed, p);
  typing.hover.push(performance.now() - t);
}

console.log(`completion (parse cached):   ${stats(cached.complete)}`);
console.log(`hover (parse cached):        ${stats(cached.hover)}`);
console.log(`completion (new version):    ${stats(typing.complete)}`);
console.log(`hover (new version):         ${stats(typing.hover)}`);
