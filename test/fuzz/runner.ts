import { fork } from 'child_process';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { answerProblems, diagnosticProblems } from './checks';
import { fullParseDiagnostics } from './core';
import type { ChildArgs, ChildMessage } from './coreChild';
import { loadCorpus, makeDoc, randomEdit, randomPosition, truncationSweep, type FuzzDoc } from './generate';
import { CLIENT_CAPABILITIES, LspClient, ResponseError, configurationAnswerer, now, type PublishDiagnosticsParams } from './lspClient';
import { Rng } from './prng';
import { NodeFs } from '../../server/src/nodeFs';

export const REPO = path.resolve(__dirname, '../..');

export interface Failure {
  target: 'core' | 'lsp';
  index: number;
  how?: string;
  problems: string[];
  text?: string;
}

export interface FuzzReport {
  target: 'core' | 'lsp';
  seed: number;
  count: number;
  completed: number;
  boundMs: number;
  byStrategy: Record<string, number>;
  timing: { medianMs: number; p99Ms: number; maxMs: number; maxIndex: number };
  failures: Failure[];
  /** Extra facts: features exercised, requests answered, server restarts... */
  notes: Record<string, unknown>;
  wallMs: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Each document (with its edit sequence and requests) must finish within this. */
  boundMs: number;
  /** Documents spent on the truncate-at-every-position sweep (at most). */
  sweepBudget?: number;
  /** Run only documents [from, to) of the run (to reproduce one); the sweep still follows `count`. */
  from?: number;
  to?: number;
  /** Progress lines go here. */
  progress?: (line: string) => void;
}

function timingOf(times: { ms: number; i: number }[]): FuzzReport['timing'] {
  if (!times.length) return { medianMs: 0, p99Ms: 0, maxMs: 0, maxIndex: -1 };
  const s = [...times].sort((a, b) => a.ms - b.ms);
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { medianMs: r(s[Math.floor(s.length / 2)].ms), p99Ms: r(s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)].ms), maxMs: r(s[s.length - 1].ms), maxIndex: s[s.length - 1].i };
}

/** The core, in a child process per run; a document that hangs gets the child killed and restarted after it. */
export async function runCoreFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = now();
  const hangMs = Math.max(opts.boundMs * 5, 10_000);
  const failures: Failure[] = [];
  const times: { ms: number; i: number }[] = [];
  const byStrategy: Record<string, number> = {};
  const notes: Record<string, unknown> = { restarts: 0, calls: 0, edits: 0, incrementalChecked: 0, diagnostics: 0 };
  const end = Math.min(opts.to ?? opts.count, opts.count);
  let next = opts.from ?? 0;
  let completed = 0;
  while (next < end) {
    const args: ChildArgs = { seed: opts.seed, from: next, to: end, count: opts.count, boundMs: opts.boundMs, sweepBudget: opts.sweepBudget ?? Math.floor(opts.count / 5) };
    const child = fork(path.join(__dirname, 'coreChild.ts'), [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx', '--stack-size=984'],
      env: { ...process.env, FUZZ_CHILD_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    let current = next;
    let lastProgress = now();
    let ended = false;
    let hung = false;
    child.on('message', (m: ChildMessage) => {
      lastProgress = now();
      if (m.t === 'ready') {
        notes.featuresCalled = m.called;
        notes.featuresNotCalled = m.unknown;
        notes.sweepDocuments = m.sweep;
      } else if (m.t === 'start') {
        current = m.i;
      } else if (m.t === 'done') {
        completed++;
        next = m.i + 1;
        current = next;
        times.push({ ms: m.ms, i: m.i });
        byStrategy[m.strategy] = (byStrategy[m.strategy] ?? 0) + 1;
        notes.calls = (notes.calls as number) + m.calls;
        notes.edits = (notes.edits as number) + m.edits;
        notes.incrementalChecked = (notes.incrementalChecked as number) + m.incremental;
        notes.diagnostics = (notes.diagnostics as number) + m.diagnostics;
        if (m.failures.length) failures.push({ target: 'core', index: m.i, how: m.how, problems: m.failures.slice(0, 10), text: m.text });
        if (completed % 2000 === 0) opts.progress?.(`core: ${completed}/${end - (opts.from ?? 0)} documents, ${failures.length} failing`);
      } else if (m.t === 'end') {
        ended = true;
      }
    });
    const watchdog = setInterval(() => {
      if (now() - lastProgress > hangMs) {
        hung = true;
        child.kill('SIGKILL');
      }
    }, 100);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearInterval(watchdog);
    if (ended && next >= end) break;
    // The child died on document `current`: record it and carry on after it.
    const rng = new Rng(opts.seed).fork(current);
    const doc: FuzzDoc = makeDoc(rng, loadCorpus(), current, truncationSweep(loadCorpus(), args.sweepBudget));
    failures.push({
      target: 'core',
      index: current,
      how: doc.how,
      problems: [hung ? `hung: no answer within ${hangMs} ms` : `worker crashed (exit ${String(code)}): ${stderr.split('\n').slice(-8).join(' | ')}`],
      text: doc.text.slice(0, 4000),
    });
    notes.restarts = (notes.restarts as number) + 1;
    next = current + 1;
    if ((notes.restarts as number) > 50) {
      failures.push({ target: 'core', index: current, problems: ['more than 50 worker restarts; stopping'] });
      break;
    }
  }
  return { target: 'core', seed: opts.seed, count: opts.count, completed, boundMs: opts.boundMs, byStrategy, timing: timingOf(times), failures, notes, wallMs: Math.round(now() - t0) };
}

// ---- LSP

interface Caps {
  requests: { method: string; params: (uri: string, text: string, rng: Rng, diags: unknown[]) => unknown }[];
}

function requestsFor(capabilities: Record<string, unknown>): Caps['requests'] {
  const at = (uri: string, text: string, rng: Rng): unknown => ({ textDocument: { uri }, position: randomPosition(rng, text, true) });
  const doc = (uri: string): unknown => ({ textDocument: { uri } });
  const out: Caps['requests'] = [];
  const has = (k: string): boolean => !!capabilities[k];
  if (has('completionProvider')) out.push({ method: 'textDocument/completion', params: at });
  if (has('hoverProvider')) out.push({ method: 'textDocument/hover', params: at });
  if (has('definitionProvider')) out.push({ method: 'textDocument/definition', params: at });
  if (has('referencesProvider')) out.push({ method: 'textDocument/references', params: (u, t, r) => ({ ...(at(u, t, r) as object), context: { includeDeclaration: true } }) });
  if (has('documentHighlightProvider')) out.push({ method: 'textDocument/documentHighlight', params: at });
  if (has('documentSymbolProvider')) out.push({ method: 'textDocument/documentSymbol', params: doc });
  if (has('foldingRangeProvider')) out.push({ method: 'textDocument/foldingRange', params: doc });
  if (has('documentLinkProvider')) out.push({ method: 'textDocument/documentLink', params: doc });
  if (has('documentFormattingProvider')) out.push({ method: 'textDocument/formatting', params: (u) => ({ textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } }) });
  if (has('selectionRangeProvider')) out.push({ method: 'textDocument/selectionRange', params: (u, t, r) => ({ textDocument: { uri: u }, positions: [randomPosition(r, t, false)] }) });
  if (has('codeLensProvider')) out.push({ method: 'textDocument/codeLens', params: doc });
  if (has('renameProvider')) {
    out.push({ method: 'textDocument/prepareRename', params: at });
    out.push({ method: 'textDocument/rename', params: (u, t, r) => ({ ...(at(u, t, r) as object), newName: r.pick(['new-name', '', 'a b', 'x'.repeat(300), '😀']) }) });
  }
  if (has('semanticTokensProvider')) out.push({ method: 'textDocument/semanticTokens/full', params: doc });
  if (has('inlayHintProvider')) out.push({ method: 'textDocument/inlayHint', params: (u, t) => ({ textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: { line: t.split('\n').length, character: 0 } } }) });
  if (has('codeActionProvider')) {
    out.push({
      method: 'textDocument/codeAction',
      params: (u, t, r, diags) => {
        const p = randomPosition(r, t, false);
        const list = (diags as { range: { start: { line: number } } }[]).filter(() => r.chance(0.5)).slice(0, 5);
        return { textDocument: { uri: u }, range: { start: p, end: p }, context: { diagnostics: list } };
      },
    });
  }
  return out;
}

/**
 * Error answers that are a defect: the handler threw (InternalError), or the server does not know
 * a method it announced (MethodNotFound), or it misread our (valid) message. Other errors are
 * proper answers: cancelled, content modified, a request that failed with a message for the user
 * (prepareRename on something that is not a name).
 */
const DEFECT_ERRORS = new Set([-32603, -32601, -32700, -32602]);

export interface LspFuzzOptions extends FuzzOptions {
  serverPath?: string;
}

const DISK = new NodeFs();

async function startServer(serverPath: string, capsOut: { caps: Record<string, unknown> }): Promise<LspClient> {
  const settings = { twelveFactor: { validation: { projectChecks: true } } };
  const root = pathToFileURL('/tmp/tfc-fuzz-lsp').href;
  const client = new LspClient(process.execPath, [serverPath, '--stdio'], { cwd: REPO, onServerRequest: configurationAnswerer(settings, [{ uri: root, name: 'fuzz' }]) });
  const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'fuzz' }], capabilities: CLIENT_CAPABILITIES }, 20_000);
  client.notify('initialized', {});
  capsOut.caps = init.capabilities;
  return client;
}

/** The LSP server, spawned once (and again after a crash), fed open / edit / request / close sequences. */
export async function runLspFuzz(opts: LspFuzzOptions): Promise<FuzzReport> {
  const t0 = now();
  const serverPath = opts.serverPath ?? path.join(REPO, 'dist', 'server.js');
  const corpus = loadCorpus();
  const sweep = truncationSweep(corpus, opts.sweepBudget ?? Math.floor(opts.count / 5));
  const master = new Rng(opts.seed);
  const failures: Failure[] = [];
  const times: { ms: number; i: number }[] = [];
  const byStrategy: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  const notes: Record<string, unknown> = { restarts: 0, requests: 0, answered: 0, errors: 0, properErrors: errorCodes, answeredOnNewerText: 0, edits: 0, comparedWithFullParse: 0, maxRssMb: 0 };
  const capsBox = { caps: {} as Record<string, unknown> };
  let client = await startServer(serverPath, capsBox);
  let requests = requestsFor(capsBox.caps);
  notes.requestMethods = requests.map((r) => r.method);
  let logged: string[] = [];
  const watchLogs = (c: LspClient): void => {
    c.onNotification((n) => {
      if (n.method === 'window/logMessage' || n.method === 'window/showMessage') {
        const p = n.params as { type?: number; message?: string };
        if (p.type === 1) logged.push(String(p.message ?? '').split('\n').slice(0, 3).join(' | '));
      }
    });
  };
  watchLogs(client);
  const end = Math.min(opts.to ?? opts.count, opts.count);
  for (let i = opts.from ?? 0; i < end; i++) {
    const rng = master.fork(i);
    const doc = makeDoc(rng, corpus, i, sweep);
    byStrategy[doc.strategy] = (byStrategy[doc.strategy] ?? 0) + 1;
    const problems: string[] = [];
    logged = [];
    const uri = pathToFileURL(`/tmp/tfc-fuzz-lsp/p${i % 7}/${doc.kind}.yaml`).href;
    let model = TextDocument.create(uri, 'yaml', 1, doc.text);
    const started = now();
    const pending: Promise<void>[] = [];
    let lastDiags: unknown[] = [];
    const publishes: PublishDiagnosticsParams[] = [];
    const listener = (n: { method: string; params: unknown }): void => {
      if (n.method !== 'textDocument/publishDiagnostics') return;
      const p = n.params as PublishDiagnosticsParams;
      if (p.uri === uri) publishes.push(p);
    };
    const stopListening = client.onNotification(listener);
    // Every text the document has had, in order: an answer may be computed on a text newer than
    // the one the request was sent for (the server's handlers run a tick later, after changes
    // that arrived with the request): its ranges must fit that text or a later one.
    const texts: string[] = [doc.text];
    const send = (method: string, params: unknown, text: string): void => {
      const sentAt = texts.length - 1;
      const id = client.peekId();
      notes.requests = (notes.requests as number) + 1;
      const cancel = rng.chance(0.05);
      const p = client.request(method, params, opts.boundMs).then(
        (ans) => {
          notes.answered = (notes.answered as number) + 1;
          const now0 = answerProblems(ans, text, method, uri);
          if (now0.length && texts.slice(sentAt + 1).some((t) => answerProblems(ans, t, method, uri).length === 0)) {
            notes.answeredOnNewerText = (notes.answeredOnNewerText as number) + 1;
            return;
          }
          problems.push(...now0);
        },
        (e: unknown) => {
          if (e instanceof ResponseError && !DEFECT_ERRORS.has(e.error.code)) {
            const key = `error ${e.error.code}`;
            errorCodes[key] = (errorCodes[key] ?? 0) + 1;
            return;
          }
          notes.errors = (notes.errors as number) + 1;
          problems.push(`${method}: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
      if (cancel) client.notify('$/cancelRequest', { id });
      pending.push(p);
    };
    try {
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: doc.text } });
      const steps = rng.int(12);
      for (let s = 0; s < steps; s++) {
        const text = model.getText();
        if (rng.chance(0.5) || requests.length === 0) {
          const e = randomEdit(rng, text);
          const change = rng.chance(0.1)
            ? { text: text.slice(0, e.start) + e.text + text.slice(e.end) }
            : { range: { start: model.positionAt(e.start), end: model.positionAt(e.end) }, text: e.text };
          model = TextDocument.update(model, [change], model.version + 1);
          texts.push(model.getText());
          client.notify('textDocument/didChange', { textDocument: { uri, version: model.version }, contentChanges: [change] });
          notes.edits = (notes.edits as number) + 1;
        } else {
          const r = rng.pick(requests);
          send(r.method, r.params(uri, text, rng, lastDiags), text);
        }
        if (rng.chance(0.15)) await new Promise((res) => setImmediate(res));
        const last = publishes[publishes.length - 1];
        if (last) lastDiags = last.diagnostics;
      }
      // Requests after the last edit see the final text.
      const finalText = model.getText();
      for (const r of requests) if (rng.chance(0.3)) send(r.method, r.params(uri, finalText, rng, lastDiags), finalText);
      const finalVersion = model.version;
      const deadline = started + opts.boundMs;
      while (!publishes.some((p) => p.version === finalVersion) && now() < deadline && client.alive) await new Promise((res) => setTimeout(res, 2));
      const final = publishes.find((p) => p.version === finalVersion);
      if (!final) problems.push(client.alive ? `no diagnostics for the final version ${finalVersion} within ${opts.boundMs} ms` : 'server exited');
      else {
        problems.push(...diagnosticProblems(final.diagnostics, finalText));
        // What the server published after its (possibly incremental) re-parses must be what a
        // full parse of the final text gives, on the same file system.
        const full = fullParseDiagnostics({ uri, path: fileURLToPath(uri), text: finalText, version: 1, kind: doc.kind }, DISK);
        if (JSON.stringify(full) !== JSON.stringify(final.diagnostics)) {
          const k = full.findIndex((d, j) => JSON.stringify(d) !== JSON.stringify(final.diagnostics[j]));
          const key = (d: unknown): string => JSON.stringify(d);
          const theirs = new Set(full.map(key));
          const ours = new Set(final.diagnostics.map(key));
          const extra = final.diagnostics.filter((d) => !theirs.has(key(d))).map(key);
          const missing = full.filter((d) => !ours.has(key(d))).map(key);
          problems.push(`published diagnostics differ from a full parse of the final text (${final.diagnostics.length} vs ${full.length}; first at #${k}; only published: ${extra.join(' ').slice(0, 600)}; only in the full parse: ${missing.join(' ').slice(0, 600)})`);
        }
        notes.comparedWithFullParse = (notes.comparedWithFullParse as number) + 1;
      }
      await Promise.all(pending);
    } catch (e) {
      problems.push(`driver: ${e instanceof Error ? e.message : String(e)}`);
    }
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const ms = now() - started;
    times.push({ ms, i });
    if (ms > opts.boundMs) problems.push(`took ${ms.toFixed(0)} ms (bound ${opts.boundMs} ms)`);
    stopListening();
    if (client.violations.length) problems.push(...client.violations.splice(0));
    for (const m of logged) problems.push(`server logged an error: ${m}`);
    if (!client.alive) {
      problems.push(`server died (exit ${JSON.stringify(client.exit)}): ${client.stderr.slice(-1000)}`);
      notes.restarts = (notes.restarts as number) + 1;
      client = await startServer(serverPath, capsBox);
      requests = requestsFor(capsBox.caps);
      watchLogs(client);
    }
    if (problems.length) failures.push({ target: 'lsp', index: i, how: doc.how, problems: problems.slice(0, 10), text: doc.text.slice(0, 4000) });
    if (i % 500 === 499) {
      const mem = client.memory();
      if (mem) notes.maxRssMb = Math.max(notes.maxRssMb as number, Math.round(mem.rssKb / 1024));
      // Every request so far was answered (or the document failed above).
      if (client.outstanding > 0) failures.push({ target: 'lsp', index: i, problems: [`${client.outstanding} requests still unanswered`] });
    }
    if ((i + 1) % 2000 === 0) opts.progress?.(`lsp: ${i + 1}/${end} documents, ${failures.length} failing`);
  }
  // The server is still healthy at the end: it answers and shuts down cleanly.
  try {
    await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere/rockcraft.yaml' }, position: { line: 0, character: 0 } }, opts.boundMs);
  } catch (e) {
    if (!(e instanceof ResponseError)) failures.push({ target: 'lsp', index: opts.count, problems: [`server unresponsive at the end: ${String(e)}`] });
  }
  await client.stop();
  notes.exitCode = client.exit?.code;
  return { target: 'lsp', seed: opts.seed, count: opts.count, completed: times.length, boundMs: opts.boundMs, byStrategy, timing: timingOf(times), failures, notes, wallMs: Math.round(now() - t0) };
}

/** A short human-readable report. */
export function formatReport(r: FuzzReport): string {
  const lines = [
    `${r.target}: ${r.completed}/${r.count} documents, seed ${r.seed} (0x${r.seed.toString(16)}), ${r.failures.length} failing, ${(r.wallMs / 1000).toFixed(1)} s`,
    `  per document: median ${r.timing.medianMs} ms, p99 ${r.timing.p99Ms} ms, max ${r.timing.maxMs} ms (#${r.timing.maxIndex}); bound ${r.boundMs} ms`,
    `  strategies: ${Object.entries(r.byStrategy).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  ${Object.entries(r.notes).map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v && typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')}`,
  ];
  for (const f of r.failures.slice(0, 15)) {
    lines.push(`  FAIL #${f.index} (${f.how ?? ''}) — reproduce: FUZZ_SEED=${r.seed} FUZZ_ONLY=${f.index} npm run fuzz`);
    for (const p of f.problems.slice(0, 4)) lines.push(`      ${p.slice(0, 400)}`);
  }
  if (r.failures.length > 15) lines.push(`  … and ${r.failures.length - 15} more`);
  return lines.join('\n');
}
