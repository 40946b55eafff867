/**
 * Shared pieces of the fake rockcraft / charmcraft / rockcraft.skopeo / juju used by the tests
 * (never shipped). Each fake records its argv, prints what the real tool prints (per
 * /work/shared/reference), writes real artifact files and exits with the real codes.
 *
 * Environment:
 *   FAKE_CLI_LOG=<file>            append {"tool","argv","cwd","pid"} as a JSON line per run
 *   FAKE_CLI_DELAY_MS=<n>          pause between progress lines (default 0)
 *   FAKE_CLI_HANG=1                long commands (pack, copy, deploy, refresh) hang until killed
 *   FAKE_CLI_SPAWN_CHILD=<file>    start a child in the same process group and write
 *                                  {"pid":..,"child":..} to <file> (tree-kill tests)
 *   FAKE_CLI_ARCH=<arch>           host architecture (default: from process.arch)
 *   FAKE_CLI_LOG_DIR=<dir>         where "Full execution log" files go (default: tmpdir)
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type Tool = 'rockcraft' | 'charmcraft' | 'rockcraft.skopeo' | 'juju';

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function err(line = ''): void {
  process.stderr.write(`${line}\n`);
}

export function recordArgv(tool: Tool, argv: string[]): void {
  const file = process.env.FAKE_CLI_LOG;
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ tool, argv, cwd: process.cwd(), pid: process.pid })}\n`);
}

export async function progress(line: string): Promise<void> {
  err(line);
  const ms = Number(process.env.FAKE_CLI_DELAY_MS ?? 0);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** Starts the tree-kill helper child (if asked) and hangs (if asked). */
export async function maybeHang(): Promise<void> {
  const pidFile = process.env.FAKE_CLI_SPAWN_CHILD;
  if (pidFile) {
    // Same process group as us (no `detached`): killing our group must take it down too.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    fs.writeFileSync(pidFile, JSON.stringify({ pid: process.pid, child: child.pid }));
  }
  if (process.env.FAKE_CLI_HANG === '1') {
    err('(fake: hanging until killed)');
    await new Promise<never>(() => {
      setInterval(() => undefined, 1000);
    });
  }
}

export function hostArch(): string {
  if (process.env.FAKE_CLI_ARCH) return process.env.FAKE_CLI_ARCH;
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };
  return map[process.arch] ?? process.arch;
}

/** Writes a craft-style log file and prints the closing line craft-cli prints on failure. */
export function fullLog(tool: 'rockcraft' | 'charmcraft', lines: string[]): void {
  const dir = process.env.FAKE_CLI_LOG_DIR ?? os.tmpdir();
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const file = path.join(dir, `${tool}-${stamp}-${process.pid}.log`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  err(`Full execution log: '${file}'`);
}

/** Parses `--opt value`, `--opt=value`, `-o value` and flags into options + positionals. */
export function parseArgs(argv: string[], withValue: string[]): { opts: Map<string, string[]>; pos: string[] } {
  const opts = new Map<string, string[]>();
  const pos: string[] = [];
  const add = (k: string, v: string): void => {
    opts.set(k, [...(opts.get(k) ?? []), v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      if (eq > 0) add(a.slice(0, eq), a.slice(eq + 1));
      else if (withValue.includes(a)) add(a, argv[++i] ?? '');
      else add(a, '');
    } else {
      pos.push(a);
    }
  }
  return { opts, pos };
}

export function opt(o: Map<string, string[]>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = o.get(n);
    if (v?.length) return v[v.length - 1];
  }
  return undefined;
}

/** The craft name rule (1–40 chars, a-z0-9 and single inner hyphens, at least one letter). */
export function validCraftName(n: string): boolean {
  return n.length >= 1 && n.length <= 40 && /^[a-z0-9-]+$/.test(n) && /[a-z]/.test(n) && !n.startsWith('-') && !n.endsWith('-') && !n.includes('--');
}

export const NAME_MESSAGE =
  'invalid name: Names can only use ASCII lowercase letters, numbers, and hyphens. They must have at least one letter, may not start or end with a hyphen, and may not have two hyphens in a row.';

/** Platforms of a craft project that build on this host, as names. */
export function platformsForHost(platforms: Record<string, unknown>, only?: string): string[] {
  const arch = hostArch();
  const names: string[] = [];
  for (const [name, spec] of Object.entries(platforms ?? {})) {
    if (only && name !== only) continue;
    if (spec === null || spec === undefined) {
      if (name === arch || name.endsWith(`:${arch}`)) names.push(name);
      continue;
    }
    const s = spec as Record<string, unknown>;
    const on = Array.isArray(s['build-on']) ? s['build-on'].map(String) : [String(s['build-on'])];
    if (on.some((x) => x === arch || x.endsWith(`:${arch}`))) names.push(name);
  }
  return names;
}

/** Runs a fake's main and turns the result into the exit code. */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      err(`fake CLI crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 70;
    },
  );
}

export type Craft = 'rockcraft' | 'charmcraft';

/** `<tool>.yaml` in `dir`, or undefined once craft's not-found error is printed (the caller exits 66). */
export function projectFile(tool: Craft, dir: string): string | undefined {
  const file = path.join(dir, `${tool}.yaml`);
  if (fs.existsSync(file)) return file;
  err(`Project file '${tool}.yaml' not found in '${dir}'.`);
  return undefined;
}

/** One `pack` run: progress goes to stderr and into the log that a failure writes out. */
export class PackRun {
  private readonly log: string[] = [];

  constructor(private readonly tool: Craft) {}

  async say(line: string): Promise<void> {
    this.log.push(line);
    await progress(line);
  }

  /** The managed instance and the part lifecycle; FAKE_CLI_HANG stops it after pulling. */
  async lifecycle(parts: string[]): Promise<void> {
    await this.say('Launching managed ubuntu 24.04 instance...');
    for (const step of ['Pulling', 'Building', 'Staging', 'Priming']) {
      for (const p of parts) await this.say(`${step} ${p}`);
      if (step === 'Pulling') await maybeHang();
    }
  }

  /** Prints the error lines, then the full log's path last, as craft-cli does; gives the exit code. */
  fail(lines: string[], code = 1): number {
    for (const l of lines) err(l);
    fullLog(this.tool, this.log);
    return code;
  }

  /** The closing line naming what was packed (exit 0 even when nothing was). */
  packed(files: string[]): number {
    if (!files.length) err('No packages created.');
    else if (files.length === 1) err(`Packed ${files[0]}`);
    else err(`Packed: ${files.join(', ')}`);
    return 0;
  }
}

/** The command dispatch both craft fakes share: version, clean and the usage error are the same. */
export async function craftMain(tool: Craft, version: string, argv: string[], commands: Record<string, (args: string[]) => number | Promise<number>>): Promise<number> {
  recordArgv(tool, argv);
  const [cmd, ...rest] = argv;
  if (cmd === 'version' || cmd === '--version') {
    out(`${tool} ${version}`);
    return 0;
  }
  if (cmd === 'clean') {
    err('Cleaning build instance(s)');
    return 0;
  }
  // Own keys only: `constructor` and the like are unknown commands, not Object.prototype members.
  if (cmd !== undefined && Object.hasOwn(commands, cmd)) return commands[cmd](rest);
  err(`Usage: ${tool} [options] command [args]...`);
  err(`Error: no such command '${cmd ?? ''}'`);
  return 64;
}
