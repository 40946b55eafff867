/**
 * `npm run bench`: latency as an editor sees it, ours against Red Hat's yaml-language-server
 * given OUR schemas, on the same files in the same run. See bench/README.md.
 *
 * Env: BENCH_QUICK=1 (fewer repetitions, no 100× files), BENCH_PROFILE=1 (our server runs with
 * --cpu-prof into bench/results/profiles/), BENCH_OUT=path (JSON output file).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { pathToFileURL } from 'url';
import { LineCounter, parseAllDocuments } from 'yaml';
import { LspClient, CLIENT_CAPABILITIES, configurationAnswerer, now, type PublishDiagnosticsParams } from '../test/fuzz/lspClient';
import { LanguageService } from '../server/src/service';
import { SERVER_NODE_ENV, SERVER_NODE_FLAGS } from '../server/src/nodeFlags';
import { YAML_OPTIONS } from '../server/src/service/parse';
import { grow, type Kind } from './generate';
import { summarize, ratio, type Summary } from './stats';

const REPO = path.resolve(__dirname, '..');
const SHARED = process.env.TWELVE_FACTOR_SHARED ?? path.resolve(REPO, '../shared');
const CORPUS = path.join(SHARED, 'corpus');
const QUICK = process.env.BENCH_QUICK === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Node flags of our server: the extension's own, unless BENCH_NODE_FLAGS names others to compare. */
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS !== undefined ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : SERVER_NODE_FLAGS;
const NODE_ENV: Record<string, string> = process.env.BENCH_NODE_ENV !== undefined ? Object.fromEntries(process.env.BENCH_NODE_ENV.split(' ').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string])) : SERVER_NODE_ENV;
const OUT = process.env.BENCH_OUT ?? path.join(REPO, 'bench', 'results', 'latest.json');
const WAIT_MS = 180_000;
/** Files larger than the default 2 MiB analysis limit are part of the benchmark: lift it for both runs. */
const MAX_FILE_SIZE = 64 * 1024 * 1024;

type Engine = 'ours' | 'theirs';

interface Case {
  id: string;
  kind: Kind;
  factor: number;
  source: string;
  file: string;
  uri: string;
  text: string;
  bytes: number;
  lines: number;
}

interface Position {
  line: number;
  character: number;
  what: string;
}

interface EngineCaseResult {
  openToDiagnostics?: Summary;
  editToDiagnostics?: Summary;
  completion?: Summary;
  hover?: Summary;
  diagnostics: { total: number; errors: number; sample: string[] };
  completionItems: number[];
  hoverNonEmpty: number;
  rssMb?: number;
  peakRssMb?: number;
  error?: string;
}

const mb = (kb: number | undefined): number | undefined => (kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function engineCommand(engine: Engine): { cmd: string; args: string[]; env?: NodeJS.ProcessEnv } {
  if (engine === 'ours') {
    const prof = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', path.join(REPO, 'bench', 'results', 'profiles')] : [];
    // Started with the same node flags the extension uses (client/src/languageClient.ts).
    return { cmd: process.execPath, args: [...prof, ...NODE_FLAGS, path.join(REPO, 'dist', 'server.js'), '--stdio'], env: { ...process.env, ...NODE_ENV } };
  }
  return { cmd: process.execPath, args: [path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'] };
}

function engineSettings(engine: Engine): Record<string, unknown> {
  if (engine === 'ours') {
    return { twelveFactor: { validation: { maxFileSize: MAX_FILE_SIZE, projectChecks: true } } };
  }
  const schema = (name: string): string => pathToFileURL(path.join(REPO, 'schemas', name)).href;
  return {
    yaml: {
      schemas: { [schema('rockcraft.schema.json')]: 'rockcraft.yaml', [schema('charmcraft.schema.json')]: 'charmcraft.yaml' },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      validate: true,
      hover: true,
      completion: true,
      yamlVersion: '1.1',
      format: { enable: false },
      maxItemsComputed: 5000,
    },
    http: { proxy: '', proxyStrictSSL: false },
    '[yaml]': {},
    editor: {},
  };
}

/** Spawns a server and brings it to the point where it has its settings. */
async function startEngine(engine: Engine, workspace: string): Promise<{ client: LspClient; startupMs: number }> {
  const { cmd, args, env } = engineCommand(engine);
  const settings = engineSettings(engine);
  const rootUri = pathToFileURL(workspace).href;
  const client = new LspClient(cmd, args, { cwd: REPO, env, onServerRequest: configurationAnswerer(settings, [{ uri: rootUri, name: 'bench' }]) });
  await client.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: CLIENT_CAPABILITIES,
    initializationOptions: engine === 'ours' ? { maxFileSize: MAX_FILE_SIZE } : {},
  }, WAIT_MS);
  client.notify('initialized', {});
  const startupMs = now() - client.spawnedAt;
  client.notify('workspace/didChangeConfiguration', { settings });
  // Both servers pull their settings after `initialized`; wait until they have them.
  const until = now() + 5_000;
  while (!client.serverRequests.get('workspace/configuration') && now() < until) await sleep(5);
  await sleep(300);
  return { client, startupMs };
}

function positionsFor(text: string, kind: Kind): { completion: Position[]; hover: Position[] } {
  const lines = text.split('\n');
  const topLevel: number[] = [];
  const fields = kind === 'rockcraft' ? ['plugin', 'override', 'source-type'] : ['interface', 'type', 'plugin'];
  const byField = new Map<string, { line: number; indent: number; valueAt: number; end: number }[]>();
  lines.forEach((l, i) => {
    if (/^[a-z][\w-]*:/.test(l)) topLevel.push(i);
    const m = /^(\s+)([a-z][\w-]*):[ \t]+([A-Za-z][\w./@:-]*)\s*$/.exec(l);
    if (m && fields.includes(m[2])) {
      const list = byField.get(m[2]) ?? [];
      list.push({ line: i, indent: m[1].length, valueAt: l.indexOf(m[3], m[1].length + m[2].length + 1), end: l.replace(/\s+$/, '').length });
      byField.set(m[2], list);
    }
  });
  const completion: Position[] = [];
  const hover: Position[] = [];
  if (topLevel.length) {
    completion.push({ line: topLevel[0], character: 0, what: 'top-level key' });
    hover.push({ line: topLevel[0], character: 1, what: 'top-level key' });
  }
  for (const f of fields) {
    const list = byField.get(f) ?? [];
    if (!list.length) continue;
    const picks = [...new Set([0, Math.floor(list.length / 2), list.length - 1])].map((i) => list[i]);
    for (const [j, p] of picks.entries()) {
      const where = ['first', 'middle', 'last'][j] ?? String(j);
      if (j === 0) completion.push({ line: p.line, character: p.indent, what: `${f} key (${where})` });
      completion.push({ line: p.line, character: p.end, what: `${f} value (${where})` });
      hover.push({ line: p.line, character: p.indent + 1, what: `${f} key (${where})` });
      if (j === 0) hover.push({ line: p.line, character: p.valueAt + 1, what: `${f} value (${where})` });
    }
  }
  return { completion: completion.slice(0, 8), hover: hover.slice(0, 8) };
}

function reps(c: Case, small: number, medium: number, large: number): number {
  const n = c.factor >= 100 ? large : c.factor >= 10 ? medium : small;
  return QUICK ? Math.max(2, Math.ceil(n / 3)) : n;
}

async function measureCase(engine: Engine, c: Case): Promise<EngineCaseResult> {
  const res: EngineCaseResult = { diagnostics: { total: 0, errors: 0, sample: [] }, completionItems: [], hoverNonEmpty: 0 };
  const { client } = await startEngine(engine, path.dirname(c.file));
  try {
    let version = 1;
    const open = (): void => client.notify('textDocument/didOpen', { textDocument: { uri: c.uri, languageId: 'yaml', version, text: c.text } });
    // open → diagnostics, on a fresh open each time.
    const openTimes: number[] = [];
    let first: PublishDiagnosticsParams | undefined;
    for (let i = 0; i < reps(c, 10, 6, 3); i++) {
      version++;
      const wait = client.nextDiagnostics(c.uri, WAIT_MS);
      const t = now();
      open();
      const { params, at } = await wait;
      openTimes.push(at - t);
      first ??= params;
      const closed = client.nextDiagnostics(c.uri, 10_000);
      client.notify('textDocument/didClose', { textDocument: { uri: c.uri } });
      await closed.catch(() => undefined);
    }
    res.openToDiagnostics = summarize(openTimes);
    if (first) {
      res.diagnostics = {
        total: first.diagnostics.length,
        errors: first.diagnostics.filter((d) => (d.severity ?? 1) === 1).length,
        sample: first.diagnostics.slice(0, 5).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code ?? '')} ${d.message.slice(0, 120)}`),
      };
    }
    version++;
    const opened = client.nextDiagnostics(c.uri, WAIT_MS);
    open();
    await opened;

    // edit → diagnostics: type a space at the end of the middle line, then delete it.
    const { line: mid, character: endCol } = editPoint(c.text);
    const editTimes: number[] = [];
    for (let i = 0; i < reps(c, 20, 10, 5); i++) {
      version++;
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: { line: mid, character: endCol }, end: { line: mid, character: endCol } }, rangeLength: 0, text: ' ' }
        : { range: { start: { line: mid, character: endCol }, end: { line: mid, character: endCol + 1 } }, rangeLength: 1, text: '' };
      const wait = client.nextDiagnostics(c.uri, WAIT_MS);
      const t = now();
      client.notify('textDocument/didChange', { textDocument: { uri: c.uri, version }, contentChanges: [change] });
      const { at } = await wait;
      editTimes.push(at - t);
    }
    res.editToDiagnostics = summarize(editTimes);
    if (editTimes.length % 2 === 1) {
      // leave the text as it was
      version++;
      const wait = client.nextDiagnostics(c.uri, WAIT_MS);
      client.notify('textDocument/didChange', { textDocument: { uri: c.uri, version }, contentChanges: [{ range: { start: { line: mid, character: endCol }, end: { line: mid, character: endCol + 1 } }, text: '' }] });
      await wait;
    }

    const { completion, hover } = positionsFor(c.text, c.kind);
    const times: number[] = [];
    for (const p of completion) {
      for (let r = 0; r < reps(c, 10, 5, 3); r++) {
        const t = now();
        const ans = await client.request<{ items?: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri: c.uri }, position: { line: p.line, character: p.character } }, WAIT_MS);
        times.push(now() - t);
        if (r === 0) res.completionItems.push(Array.isArray(ans) ? ans.length : ans?.items?.length ?? 0);
      }
    }
    res.completion = summarize(times);
    const htimes: number[] = [];
    for (const p of hover) {
      for (let r = 0; r < reps(c, 10, 5, 3); r++) {
        const t = now();
        const ans = await client.request<{ contents?: unknown } | null>('textDocument/hover', { textDocument: { uri: c.uri }, position: { line: p.line, character: p.character } }, WAIT_MS);
        htimes.push(now() - t);
        if (r === 0 && ans && ans.contents) res.hoverNonEmpty++;
      }
    }
    res.hover = summarize(htimes);
    const mem = client.memory();
    res.rssMb = mb(mem?.rssKb);
    res.peakRssMb = mb(mem?.hwmKb);
  } catch (e) {
    res.error = e instanceof Error ? e.message : String(e);
    res.error += client.stderr ? ` (stderr: ${client.stderr.slice(-500)})` : '';
  } finally {
    await client.stop();
  }
  return res;
}

async function measureStartup(engine: Engine, workspace: string, n: number): Promise<{ startup?: Summary; idleRssMb?: Summary; roundTrip?: Summary }> {
  const times: number[] = [];
  const rss: number[] = [];
  const pings: number[] = [];
  for (let i = 0; i < n; i++) {
    const { client, startupMs } = await startEngine(engine, workspace);
    times.push(startupMs);
    const m = client.memory();
    if (m) rss.push(m.rssKb / 1024);
    // The floor of any request: a method neither server has (answered MethodNotFound at once).
    for (let k = 0; k < 20; k++) {
      const t = now();
      await client.request('bench/ping', {}, WAIT_MS).catch(() => undefined);
      pings.push(now() - t);
    }
    await client.stop();
  }
  return { startup: summarize(times), idleRssMb: summarize(rss), roundTrip: summarize(pings) };
}

function largest(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));
  files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size || a.localeCompare(b));
  return files[0];
}

function makeCases(tmp: string): Case[] {
  const cases: Case[] = [];
  const factors = QUICK ? [1, 10] : [1, 10, 100];
  for (const kind of ['rockcraft', 'charmcraft'] as Kind[]) {
    const source = largest(path.join(CORPUS, kind));
    const original = fs.readFileSync(source, 'utf8');
    for (const factor of factors) {
      const text = factor === 1 ? original : grow(original, kind, factor);
      const dir = path.join(tmp, `${kind}-${factor}x`);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${kind}.yaml`);
      fs.writeFileSync(file, text);
      cases.push({ id: `${kind} ${factor}×`, kind, factor, source: path.relative(SHARED, source), file, uri: pathToFileURL(file).href, text, bytes: Buffer.byteLength(text), lines: text.split('\n').length });
    }
  }
  return cases;
}

/** Where `edit → diagnostics` types its space: the end of the middle line. */
function editPoint(text: string): { line: number; character: number; offset: number } {
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const offset = lines.slice(0, line).join('\n').length + (line > 0 ? 1 : 0) + lines[line].length;
  return { line, character: lines[line].length, offset };
}

/** The core as the in-process measurements use it: the size limit lifted, no project checks. */
function coreService(): LanguageService {
  return new LanguageService({ settings: { maxFileSize: MAX_FILE_SIZE, projectChecks: false } });
}

/** The `yaml` package alone, with the options our parser uses: the floor for any diagnostics. */
function parseFloor(c: Case): Summary | undefined {
  const n = reps(c, 40, 12, 5);
  const times: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const t = now();
    parseAllDocuments(c.text, { ...YAML_OPTIONS, lineCounter: new LineCounter() });
    if (i > 0) times.push(now() - t);
  }
  return summarize(times);
}

/** Our core in-process (parse + validate, no LSP): where the time goes beyond the floor. */
function coreInProcess(c: Case): { parse?: Summary; validate?: Summary; total?: Summary } {
  const service = coreService();
  const n = reps(c, 40, 12, 5);
  const p: number[] = [];
  const v: number[] = [];
  const tot: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    // a full parse each time, not a re-parse of the same text
    service.forget(c.uri);
    const t0 = now();
    const parsed = service.parse({ uri: c.uri, path: c.file, text: c.text, version: i + 1, kind: c.kind });
    const t1 = now();
    if (parsed) service.validate(parsed);
    const t2 = now();
    if (i > 0) {
      p.push(t1 - t0);
      v.push(t2 - t1);
      tot.push(t2 - t0);
    }
  }
  return { parse: summarize(p), validate: summarize(v), total: summarize(tot) };
}

/**
 * The same edit as `edit → diagnostics` (a space typed at the end of the middle line, then
 * deleted), in-process: the re-parse (incremental when it can be) and the validation.
 */
function coreEdit(c: Case): { parse?: Summary; validate?: Summary; total?: Summary; incremental: number; full: number } {
  const service = coreService();
  const at = editPoint(c.text).offset;
  const edited = `${c.text.slice(0, at)} ${c.text.slice(at)}`;
  const n = reps(c, 40, 12, 6);
  const p: number[] = [];
  const v: number[] = [];
  const tot: number[] = [];
  let incremental = 0;
  let full = 0;
  service.parse({ uri: c.uri, path: c.file, text: c.text, version: 1, kind: c.kind });
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const parsed = service.parse({ uri: c.uri, path: c.file, text: i % 2 === 0 ? edited : c.text, version: i + 2, kind: c.kind });
    const t1 = now();
    if (parsed) service.validate(parsed);
    const t2 = now();
    if (parsed?.incremental) incremental++;
    else full++;
    p.push(t1 - t0);
    v.push(t2 - t1);
    tot.push(t2 - t0);
  }
  return { parse: summarize(p), validate: summarize(v), total: summarize(tot), incremental, full };
}

/**
 * Hover and completion at the positions the LSP run asks for, in-process on a parsed file: the
 * work of a request, without the transport (compare with the round trip of a request that does
 * no work).
 */
function coreFeatures(c: Case): { hover?: Summary; completion?: Summary } {
  const service = coreService();
  const parsed = service.parse({ uri: c.uri, path: c.file, text: c.text, version: 1, kind: c.kind });
  if (!parsed) return {};
  service.validate(parsed);
  const { completion, hover } = positionsFor(c.text, c.kind);
  const time = (positions: Position[], run: (p: Position) => unknown): Summary | undefined => {
    const times: number[] = [];
    for (const p of positions) run(p);
    for (let r = 0; r < reps(c, 10, 5, 3); r++) {
      for (const p of positions) {
        const t = now();
        run(p);
        times.push(now() - t);
      }
    }
    return summarize(times);
  };
  return {
    hover: time(hover, (p) => service.hover(parsed, { line: p.line, character: p.character })),
    completion: time(completion, (p) => service.complete(parsed, { line: p.line, character: p.character })),
  };
}

interface TsvRow {
  file: string;
  kind: string;
  sibling_charmcraft?: string;
}

function readTsv(file: string): TsvRow[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((val, i) => [cols[i], val])) as unknown as TsvRow);
}

/** Lays the corpus out as projects (charmcraft.yaml beside its split-layout siblings). */
function layOutCorpus(tmp: string): { dir: string; files: number } {
  const dir = path.join(tmp, 'corpus');
  const index = readTsv(path.join(CORPUS, 'INDEX.tsv'));
  const legacy = readTsv(path.join(CORPUS, 'legacy', 'INDEX.tsv'));
  let files = 0;
  for (const row of index) {
    const kind = row.kind === 'rockcraft' ? 'rockcraft' : 'charmcraft';
    const proj = path.join(dir, path.basename(row.file, '.yaml'));
    fs.mkdirSync(proj, { recursive: true });
    fs.copyFileSync(path.join(CORPUS, row.file), path.join(proj, `${kind}.yaml`));
    files++;
    for (const sib of legacy.filter((l) => l.sibling_charmcraft === row.file)) {
      fs.copyFileSync(path.join(CORPUS, 'legacy', sib.file), path.join(proj, `${sib.kind}.yaml`));
      files++;
    }
  }
  return { dir, files };
}

function checkThroughput(tmp: string): Record<string, unknown> {
  const { dir, files } = layOutCorpus(tmp);
  const cli = path.join(REPO, 'dist', 'cli.js');
  const times: number[] = [];
  let checked = files;
  let exit: number | null = null;
  for (let i = 0; i < (QUICK ? 2 : 5); i++) {
    const t = now();
    const r = spawnSync(process.execPath, [cli, 'check', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(now() - t);
    exit = r.status;
    const m = /(\d+) files? checked/.exec(r.stderr ?? '');
    if (m) checked = Number(m[1]);
  }
  const nodeStart: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(now() - t);
  }
  // In-process: the same files through the core, plus the parse floor of each.
  const service = new LanguageService({ settings: { projectChecks: true } });
  const all: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else all.push(p);
    }
  };
  walk(dir);
  const texts = all.map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));
  let core = 0;
  let floor = 0;
  for (let round = 0; round < 3; round++) {
    let c = 0;
    let fl = 0;
    for (const { f, text } of texts) {
      service.forget(f);
      const t0 = now();
      const parsed = service.parse({ uri: f, path: f.split(path.sep).join('/'), text, version: round + 1, kind: service.kindOf(f) });
      if (parsed) service.validate(parsed);
      const t1 = now();
      parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: new LineCounter() });
      fl += now() - t1;
      c += t1 - t0;
    }
    if (round > 0 || texts.length === 0) {
      core = round === 1 ? c : Math.min(core, c);
      floor = round === 1 ? fl : Math.min(floor, fl);
    }
  }
  const cliSummary = summarize(times);
  return {
    files: checked,
    cliWallMs: cliSummary,
    cliFilesPerSecond: cliSummary ? Math.round((checked / cliSummary.median) * 1000) : undefined,
    cliExitStatus: exit,
    nodeStartupMs: summarize(nodeStart),
    coreInProcessMs: Math.round(core * 10) / 10,
    coreFilesPerSecond: core > 0 ? Math.round((texts.length / core) * 1000) : undefined,
    parseFloorMs: Math.round(floor * 10) / 10,
    coreOverFloor: ratio(core, floor),
  };
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    yamlLanguageServer: (JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')) as { version: string }).version,
  };
}

interface Row {
  metric: string;
  case: string;
  ours?: Summary;
  theirs?: Summary;
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

function fmt(x: number | undefined, digits = 1): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return x.toFixed(digits);
}

function printTable(rows: Row[]): string {
  const head = ['metric', 'case', 'ours med', 'ours p95', 'theirs med', 'theirs p95', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [r.metric, r.case, fmt(r.ours?.median), fmt(r.ours?.p95), fmt(r.theirs?.median), fmt(r.theirs?.p95), r.ratio === undefined ? '—' : `${r.ratio.toFixed(3)}×`, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  for (const f of ['dist/server.js', 'dist/cli.js', 'schemas/rockcraft.schema.json', 'schemas/charmcraft.schema.json']) {
    if (!fs.existsSync(path.join(REPO, f))) throw new Error(`${f} is missing: run npm run build first (npm run bench does)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfc-bench-'));
  const started = new Date().toISOString();
  const info = machine();
  process.stderr.write(`machine: ${JSON.stringify(info)}\n`);
  try {
    process.stderr.write('generating files…\n');
    const cases = makeCases(tmp);
    const startup: Record<Engine, Awaited<ReturnType<typeof measureStartup>>> = {
      ours: await measureStartup('ours', tmp, QUICK ? 3 : 7),
      theirs: await measureStartup('theirs', tmp, QUICK ? 3 : 7),
    };
    process.stderr.write(`startup: ours ${fmt(startup.ours.startup?.median)} ms, theirs ${fmt(startup.theirs.startup?.median)} ms\n`);
    const perCase: Record<string, Record<string, unknown>> = {};
    const results = new Map<string, Record<Engine, EngineCaseResult>>();
    for (const c of cases) {
      process.stderr.write(`${c.id}: ${c.bytes} bytes, ${c.lines} lines…\n`);
      const floor = parseFloor(c);
      const core = coreInProcess(c);
      const edit = coreEdit(c);
      const features = coreFeatures(c);
      const ours = await measureCase('ours', c);
      const theirs = await measureCase('theirs', c);
      results.set(c.id, { ours, theirs });
      perCase[c.id] = { source: c.source, bytes: c.bytes, lines: c.lines, parseFloorMs: floor, coreInProcessMs: core, coreEditMs: edit, coreFeaturesMs: features, ours, theirs };
      process.stderr.write(`  open→diag ours ${fmt(ours.openToDiagnostics?.median)} / theirs ${fmt(theirs.openToDiagnostics?.median)} ms; edit→diag ${fmt(ours.editToDiagnostics?.median)} / ${fmt(theirs.editToDiagnostics?.median)} ms${ours.error ? `; ours error: ${ours.error}` : ''}${theirs.error ? `; theirs error: ${theirs.error}` : ''}\n`);
    }
    process.stderr.write('check throughput…\n');
    const check = checkThroughput(tmp);

    const rows: Row[] = [];
    const both = (metric: string, caseId: string, ours: Summary | undefined, theirs: Summary | undefined, target?: number, note?: string): void => {
      const r = ratio(ours?.median, theirs?.median);
      rows.push({ metric, case: caseId, ours, theirs, ratio: r, target: target === undefined ? undefined : `≤ ${target}×`, met: target === undefined || r === undefined ? undefined : r <= target, note });
    };
    both('startup → initialized (ms)', 'empty', startup.ours.startup, startup.theirs.startup, 0.5);
    both('idle RSS (MB)', 'empty', startup.ours.idleRssMb, startup.theirs.idleRssMb, 0.7);
    both('request round trip, no work (ms)', 'empty', startup.ours.roundTrip, startup.theirs.roundTrip);
    for (const c of cases) {
      const r = results.get(c.id);
      if (!r) continue;
      both('open → diagnostics (ms)', c.id, r.ours.openToDiagnostics, r.theirs.openToDiagnostics);
      both('edit → diagnostics (ms)', c.id, r.ours.editToDiagnostics, r.theirs.editToDiagnostics, 0.1);
      both('completion (ms)', c.id, r.ours.completion, r.theirs.completion, 0.25);
      both('hover (ms)', c.id, r.ours.hover, r.theirs.hover, 0.25);
      const asSummary = (x: number | undefined): Summary | undefined => (x === undefined ? undefined : { n: 1, median: x, p95: x, min: x, max: x });
      both('server RSS (MB)', c.id, asSummary(r.ours.rssMb), asSummary(r.theirs.rssMb), 0.7);
    }
    // Against the parse floor, and growth with size.
    const floorRows: Row[] = [];
    for (const c of cases) {
      const pc = perCase[c.id] as { parseFloorMs?: Summary; coreInProcessMs: { total?: Summary } };
      const r = results.get(c.id);
      const floor = pc.parseFloorMs;
      const lsp = r?.ours.editToDiagnostics;
      const core = pc.coreInProcessMs.total;
      const rl = ratio(lsp?.median, floor?.median);
      const rc = ratio(core?.median, floor?.median);
      floorRows.push({ metric: 'edit → diagnostics over LSP / parse floor', case: c.id, ours: lsp, theirs: floor, ratio: rl, target: '≤ 2×', met: rl === undefined ? undefined : rl <= 2 });
      floorRows.push({ metric: 'core parse+validate in-process / parse floor', case: c.id, ours: core, theirs: floor, ratio: rc, target: '≤ 2×', met: rc === undefined ? undefined : rc <= 2 });
    }
    const growthRows: Row[] = [];
    for (const kind of ['rockcraft', 'charmcraft'] as Kind[]) {
      const ks = cases.filter((c) => c.kind === kind).sort((a, b) => a.factor - b.factor);
      for (let i = 1; i < ks.length; i++) {
        const a = ks[i - 1];
        const b = ks[i];
        const sizeRatio = b.bytes / a.bytes;
        for (const [metric, pick] of [
          ['open → diagnostics', (r: EngineCaseResult) => r.openToDiagnostics],
          ['edit → diagnostics', (r: EngineCaseResult) => r.editToDiagnostics],
          ['completion', (r: EngineCaseResult) => r.completion],
          ['hover', (r: EngineCaseResult) => r.hover],
        ] as const) {
          const ra = results.get(a.id)?.ours;
          const rb = results.get(b.id)?.ours;
          const g = ratio(rb ? pick(rb)?.median : undefined, ra ? pick(ra)?.median : undefined);
          const limit = 1.2 * sizeRatio;
          growthRows.push({ metric: `growth of ${metric} (ours)`, case: `${kind} ${a.factor}×→${b.factor}× (text ×${sizeRatio.toFixed(1)})`, ours: rb ? pick(rb) : undefined, theirs: ra ? pick(ra) : undefined, ratio: g, target: `≤ ${limit.toFixed(1)}×`, met: g === undefined ? undefined : g <= limit });
        }
      }
    }

    const report = {
      started,
      finished: new Date().toISOString(),
      machine: info,
      settings: { maxFileSize: MAX_FILE_SIZE, quick: QUICK, theirsValidationDelayMs: 200 },
      cases: Object.fromEntries(cases.map((c) => [c.id, { source: c.source, bytes: c.bytes, lines: c.lines }])),
      startup,
      perCase,
      check,
      table: rows,
      floor: floorRows,
      growth: growthRows,
    };
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);

    const out: string[] = [];
    out.push(`Machine: ${String(info.cpu)}, ${String(info.cores)} cores, node ${String(info.node)}, ${String(info.platform)}; yaml-language-server ${String(info.yamlLanguageServer)}`);
    out.push(`Files: ${cases.map((c) => `${c.id} = ${(c.bytes / 1024).toFixed(0)} KiB / ${c.lines} lines`).join('; ')}`);
    out.push('', 'Ours vs yaml-language-server with our schemas (ratio = ours/theirs by median; times in ms):', printTable(rows));
    out.push('', 'Ours vs the parse floor (the `yaml` package alone):', printTable(floorRows).replace(/theirs/g, 'floor '));
    out.push('', 'Growth with size (ours; ratio = larger/smaller):', printTable(growthRows).replace(/theirs/g, 'smaller').replace(/ours /g, 'larger '));
    const ck = check as { files: number; cliWallMs?: Summary; cliFilesPerSecond?: number; nodeStartupMs?: Summary; coreInProcessMs: number; coreFilesPerSecond?: number; parseFloorMs: number; coreOverFloor?: number };
    out.push('', `check over the corpus: ${ck.files} files in ${fmt(ck.cliWallMs?.median)} ms wall (p95 ${fmt(ck.cliWallMs?.p95)}; node itself starts in ${fmt(ck.nodeStartupMs?.median)} ms) = ${String(ck.cliFilesPerSecond)} files/s; in-process core ${fmt(ck.coreInProcessMs)} ms = ${String(ck.coreFilesPerSecond)} files/s; parse floor ${fmt(ck.parseFloorMs)} ms (core/floor ${fmt(ck.coreOverFloor, 2)}×)`);
    out.push('', 'In-process, the edit of `edit → diagnostics` (re-parse incremental when it can be) against a full parse (medians, ms):');
    for (const c of cases) {
      const pc = perCase[c.id] as { coreInProcessMs: { parse?: Summary; validate?: Summary }; coreEditMs: { parse?: Summary; validate?: Summary; incremental: number; full: number } };
      const e = pc.coreEditMs;
      out.push(`${c.id}: re-parse ${fmt(e.parse?.median, 2)} (incremental ${e.incremental}/${e.incremental + e.full}) + validate ${fmt(e.validate?.median)}; full parse ${fmt(pc.coreInProcessMs.parse?.median)} + validate ${fmt(pc.coreInProcessMs.validate?.median)}`);
    }
    out.push('', `In-process hover and completion, the work of a request without the transport (medians, ms; a request that does no work takes ${fmt(startup.ours.roundTrip?.median, 2)} ms over LSP):`);
    for (const c of cases) {
      const f = (perCase[c.id] as { coreFeaturesMs: { hover?: Summary; completion?: Summary } }).coreFeaturesMs;
      out.push(`${c.id}: hover ${fmt(f.hover?.median, 3)} (p95 ${fmt(f.hover?.p95, 3)}); completion ${fmt(f.completion?.median, 3)} (p95 ${fmt(f.completion?.p95, 3)})`);
    }
    out.push('');
    for (const c of cases) {
      const r = results.get(c.id);
      if (!r) continue;
      out.push(`${c.id}: diagnostics ours ${r.ours.diagnostics.total} (${r.ours.diagnostics.errors} errors), theirs ${r.theirs.diagnostics.total} (${r.theirs.diagnostics.errors} errors); completion items ours [${r.ours.completionItems.join(',')}] theirs [${r.theirs.completionItems.join(',')}]; non-empty hovers ours ${r.ours.hoverNonEmpty}, theirs ${r.theirs.hoverNonEmpty}${r.ours.error ? `; OURS FAILED: ${r.ours.error}` : ''}${r.theirs.error ? `; THEIRS FAILED: ${r.theirs.error}` : ''}`);
    }
    out.push('', `JSON: ${path.relative(process.cwd(), OUT)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
