/**
 * The operations behind the commands — init, pack, push and the Juju calls — written against
 * a ProcessRunner and output sinks, so they run the same in VS Code and in unit tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cl from './commandLines';
import { classifyJujuError, parseJujuStatus, type ClassifyContext, type JujuError, type JujuStatus } from './juju';
import { initNameProblem, type Profile } from './names';
import { errorLines, fieldProblems, fullLogPath, parsePackedFiles, reportedNoPackages, type FieldProblem, type ProjectFileName } from './packOutput';
import { findArtifacts } from './project';
import { formatCommandLine, type ProcessRunner, type RunResult } from './process';
import type { ToolId, ToolPaths } from './tools';

/** Where a run's output goes: one panel per tool family. */
export type OutputTool = 'rockcraft' | 'charmcraft' | 'juju';

export interface OutputSink {
  append(line: string): void;
}

export const OUTPUT_OF: Record<ToolId, OutputTool> = { rockcraft: 'rockcraft', charmcraft: 'charmcraft', skopeo: 'rockcraft', juju: 'juju' };

/** One pack per folder: a second pack of the same folder is refused while the first runs. */
export class PackLocks {
  private readonly held = new Map<string, string>();

  tryAcquire(dir: string, what: string): (() => void) | undefined {
    const key = path.resolve(dir);
    if (this.held.has(key)) return undefined;
    this.held.set(key, what);
    let released = false;
    return () => {
      if (!released) this.held.delete(key);
      released = true;
    };
  }

  holder(dir: string): string | undefined {
    return this.held.get(path.resolve(dir));
  }

  get busyFolders(): string[] {
    return [...this.held.keys()];
  }
}

export interface CraftContext {
  runner: ProcessRunner;
  /** Resolved commands for each tool. */
  tools: ToolPaths;
  env?: NodeJS.ProcessEnv;
  output(tool: OutputTool): OutputSink;
  locks: PackLocks;
}

/** Runs a tool with its command line echoed first and every output line streamed to its panel. */
export async function runTool(ctx: CraftContext, tool: ToolId, args: readonly string[], cwd: string, signal?: AbortSignal, echo = true): Promise<RunResult> {
  const sink = ctx.output(OUTPUT_OF[tool]);
  const file = ctx.tools[tool];
  if (echo) sink.append(`$ ${formatCommandLine(file, args)}   (in ${cwd})`);
  const result = await ctx.runner.run(file, args, { cwd, env: ctx.env, signal, tool, onLine: echo ? (l) => sink.append(l) : undefined });
  if (echo) sink.append(result.cancelled ? '[cancelled]' : `[exit code ${result.code ?? result.signal}]`);
  return result;
}

export interface PackResult {
  ok: boolean;
  /** Another pack of this folder is running; nothing was started. */
  busy?: boolean;
  cancelled: boolean;
  code: number | null;
  /** Absolute paths of the packed files. */
  artifacts: string[];
  errorLines: string[];
  problems: FieldProblem[];
  logPath?: string;
  /** The project file problems refer to. */
  projectFile: string;
}

export interface PackOptions {
  signal?: AbortSignal;
  extraArgs?: readonly string[];
  /** For the file-name fallback when no `Packed` line was printed. */
  name?: string;
  version?: string;
}

export async function packProject(ctx: CraftContext, kind: 'rock' | 'charm', dir: string, opts: PackOptions = {}): Promise<PackResult> {
  const tool: ToolId = kind === 'rock' ? 'rockcraft' : 'charmcraft';
  const fileName: ProjectFileName = kind === 'rock' ? 'rockcraft.yaml' : 'charmcraft.yaml';
  const projectFile = path.join(dir, fileName);
  const release = ctx.locks.tryAcquire(dir, `${tool} pack`);
  if (!release) {
    return { ok: false, busy: true, cancelled: false, code: null, artifacts: [], errorLines: [`A pack is already running in ${dir}.`], problems: [], projectFile };
  }
  const started = Date.now();
  try {
    const r = await runTool(ctx, tool, cl.pack(opts.extraArgs), dir, opts.signal);
    const base: Omit<PackResult, 'ok' | 'artifacts' | 'errorLines'> = {
      cancelled: r.cancelled,
      code: r.code,
      problems: [],
      logPath: fullLogPath(r.lines),
      projectFile,
    };
    if (r.cancelled) return { ...base, ok: false, artifacts: [], errorLines: ['Cancelled.'] };
    if (r.code !== 0) return { ...base, ok: false, artifacts: [], errorLines: errorLines(r.lines), problems: fieldProblems(r.lines, fileName) };
    let artifacts = parsePackedFiles(r.lines).map((f) => path.resolve(dir, f));
    if (!artifacts.length && opts.name) {
      // No `Packed` line (older tool, or quiet output): take files of the expected name written by this run.
      artifacts = findArtifacts(dir, kind, opts.name, opts.version).filter((f) => (fs.statSync(f).mtimeMs ?? 0) >= started - 2000);
    }
    if (!artifacts.length) {
      const why = reportedNoPackages(r.lines)
        ? 'No packages created: no platform in the project file builds on this machine.'
        : `The ${kind} was packed but its file could not be found.`;
      return { ...base, ok: false, artifacts: [], errorLines: [why] };
    }
    return { ...base, ok: true, artifacts, errorLines: [] };
  } finally {
    release();
  }
}

export interface PushResult {
  ok: boolean;
  cancelled: boolean;
  image: string;
  errorLines: string[];
}

export async function pushRock(ctx: CraftContext, rockPath: string, image: string, registry: string, signal?: AbortSignal): Promise<PushResult> {
  const r = await runTool(ctx, 'skopeo', cl.skopeoCopy(rockPath, image, !cl.isLocalRegistry(registry)), path.dirname(rockPath), signal);
  if (r.cancelled) return { ok: false, cancelled: true, image, errorLines: ['Cancelled.'] };
  return { ok: r.code === 0, cancelled: false, image, errorLines: r.code === 0 ? [] : errorLines(r.lines) };
}

export interface JujuRun {
  ok: boolean;
  cancelled: boolean;
  result: RunResult;
  error?: JujuError;
}

export async function runJuju(ctx: CraftContext, args: readonly string[], cwd: string, signal?: AbortSignal, classify: ClassifyContext = {}, echo = true): Promise<JujuRun> {
  const r = await runTool(ctx, 'juju', args, cwd, signal, echo);
  if (r.cancelled) return { ok: false, cancelled: true, result: r };
  if (r.code === 0) return { ok: true, cancelled: false, result: r };
  return { ok: false, cancelled: false, result: r, error: classifyJujuError(`${r.stderr}\n${r.stdout}`, classify) };
}

export interface StatusQuery {
  ok: boolean;
  cancelled?: boolean;
  status?: JujuStatus;
  error?: JujuError;
}

/** `juju status --format json`, parsed; the JSON itself is not echoed into the panel (errors are). */
export async function queryStatus(ctx: CraftContext, cwd: string, model?: string, signal?: AbortSignal, echo = true): Promise<StatusQuery> {
  const sink = ctx.output('juju');
  const args = cl.jujuStatus(model);
  if (echo) sink.append(`$ ${formatCommandLine(ctx.tools.juju, args)}`);
  const r = await ctx.runner.run(ctx.tools.juju, args, { cwd, env: ctx.env, signal, tool: 'juju' });
  if (r.cancelled) return { ok: false, cancelled: true };
  if (r.code !== 0) {
    for (const l of r.stderr.split(/\r?\n/)) if (l.trim()) sink.append(l);
    return { ok: false, error: classifyJujuError(`${r.stderr}\n${r.stdout}`, { model }) };
  }
  try {
    return { ok: true, status: parseJujuStatus(r.stdout) };
  } catch (e) {
    return { ok: false, error: { kind: 'unknown', detail: String(e), message: `Could not read juju status: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

export type CharmDirState = 'absent' | 'empty' | 'nonEmpty';

export interface InitPlan {
  rockFile: string;
  rockExists: boolean;
  charmDir: string;
  charmState: CharmDirState;
}

/** What already exists where Init would write. */
export function planInit(folder: string): InitPlan {
  const rockFile = path.join(folder, 'rockcraft.yaml');
  const charmDir = path.join(folder, 'charm');
  let charmState: CharmDirState = 'absent';
  try {
    charmState = fs.readdirSync(charmDir).length ? 'nonEmpty' : 'empty';
  } catch {
    charmState = fs.existsSync(charmDir) ? 'nonEmpty' : 'absent';
  }
  return { rockFile, rockExists: fs.existsSync(rockFile), charmDir, charmState };
}

export interface InitOptions {
  profile: Profile;
  name: string;
  author?: string;
  /** Which halves to create (both by default). */
  rock?: boolean;
  charm?: boolean;
  signal?: AbortSignal;
  /** Asked when charmcraft cannot work out the author from the system. */
  askAuthor?: () => Promise<string | undefined>;
}

export interface InitResult {
  ok: boolean;
  cancelled?: boolean;
  /** Files written, to open in editors. */
  created: string[];
  /** Why a half was not created (existing files). */
  skipped: string[];
  error?: string;
  errorLines?: string[];
}

/**
 * `rockcraft init` in the folder and `charmcraft init` in `charm/`. Never overwrites: a half
 * whose files exist is skipped (and reported), and both tools refuse to overwrite as well.
 */
export async function runInit(ctx: CraftContext, folder: string, opts: InitOptions): Promise<InitResult> {
  const nameProblem = initNameProblem(opts.name);
  if (nameProblem) return { ok: false, created: [], skipped: [], error: nameProblem };
  const plan = planInit(folder);
  const skipped: string[] = [];
  let doRock = opts.rock !== false;
  let doCharm = opts.charm !== false;
  if (doRock && plan.rockExists) {
    skipped.push(`${plan.rockFile} already exists; rockcraft init was not run.`);
    doRock = false;
  }
  if (doCharm && plan.charmState === 'nonEmpty') {
    skipped.push(`${plan.charmDir} is not empty; charmcraft init was not run.`);
    doCharm = false;
  }
  if (!doRock && !doCharm) return { ok: false, created: [], skipped, error: 'Nothing to initialise: the project files already exist.' };

  const created: string[] = [];
  if (doRock) {
    const r = await runTool(ctx, 'rockcraft', cl.rockcraftInit(opts.profile, opts.name), folder, opts.signal);
    if (r.cancelled) return { ok: false, cancelled: true, created, skipped };
    if (r.code !== 0) return { ok: false, created, skipped, error: `rockcraft init failed (exit code ${r.code}).`, errorLines: errorLines(r.lines) };
    if (fs.existsSync(plan.rockFile)) created.push(plan.rockFile);
  }
  if (doCharm) {
    const madeDir = plan.charmState === 'absent';
    fs.mkdirSync(plan.charmDir, { recursive: true });
    let author = opts.author;
    let r = await runTool(ctx, 'charmcraft', cl.charmcraftInit(opts.profile, opts.name, author), plan.charmDir, opts.signal);
    if (!r.cancelled && r.code !== 0 && !author && /specify it with --author/.test(r.lines.join('\n')) && opts.askAuthor) {
      author = await opts.askAuthor();
      if (author) r = await runTool(ctx, 'charmcraft', cl.charmcraftInit(opts.profile, opts.name, author), plan.charmDir, opts.signal);
    }
    if (r.cancelled || r.code !== 0) {
      // Leave no empty charm/ behind that would make the next attempt look "not empty".
      if (madeDir && fs.existsSync(plan.charmDir) && fs.readdirSync(plan.charmDir).length === 0) fs.rmdirSync(plan.charmDir);
      if (r.cancelled) return { ok: false, cancelled: true, created, skipped };
      return { ok: false, created, skipped, error: `charmcraft init failed (exit code ${r.code}).`, errorLines: errorLines(r.lines) };
    }
    for (const f of ['charmcraft.yaml', path.join('src', 'charm.py')]) {
      const full = path.join(plan.charmDir, f);
      if (fs.existsSync(full)) created.push(full);
    }
  }
  return { ok: true, created, skipped };
}
