/**
 * Runs programs with an argument array (never through a shell), streams their output line by
 * line, and kills the whole process tree on cancellation. Each child is started in its own
 * process group (`detached`) so that one signal to the group also reaches the LXD/helper
 * processes that rockcraft and charmcraft start.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import { ToolNotFoundError, type ToolId } from './tools';

export type StreamName = 'stdout' | 'stderr';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the process group (SIGTERM, then SIGKILL after `killGraceMs`). */
  signal?: AbortSignal;
  /** Called for every complete line of output, in arrival order. */
  onLine?: (line: string, stream: StreamName) => void;
  /** Turns ENOENT into a ToolNotFoundError that names the install command. */
  tool?: ToolId;
  killGraceMs?: number;
}

export interface RunResult {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr lines interleaved as they arrived (the most recent MAX_LINES). */
  lines: string[];
  pid?: number;
}

const MAX_CAPTURE = 4 * 1024 * 1024;
const MAX_LINES = 20000;

/** Splits a byte stream into lines; `\r` alone also ends a line (progress redraws). */
class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split(/\r\n|\n|\r/);
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.emit(p);
  }
  flush(): void {
    if (this.rest) this.emit(this.rest);
    this.rest = '';
  }
}

function appendCapped(buf: string, chunk: string): string {
  const s = buf + chunk;
  return s.length > MAX_CAPTURE ? s.slice(s.length - MAX_CAPTURE) : s;
}

/** Sends `signal` to the process group led by `pid` (the child was spawned detached). */
export function killProcessTree(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (process.platform === 'win32') {
    // No process groups: taskkill walks the tree itself.
    try {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { shell: false, stdio: 'ignore' }).on('error', () => undefined);
    } catch {
      // already gone
    }
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** True while `pid` names a live (non-zombie) process. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The state letter follows the parenthesised command name; Z = zombie, X = dead.
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  return true;
}

export class ProcessRunner {
  private readonly running = new Map<number, ChildProcess>();

  /** Number of children still running (for tests and the deactivate path). */
  get activeCount(): number {
    return this.running.size;
  }

  run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      if (options.signal?.aborted) {
        resolve({ code: null, signal: null, cancelled: true, stdout: '', stderr: '', lines: [] });
        return;
      }
      // spawn reports a missing cwd as ENOENT too, which would be mistaken for a missing tool.
      if (!fs.existsSync(options.cwd)) {
        reject(new Error(`Folder not found: ${options.cwd}`));
        return;
      }
      let child: ChildProcess;
      try {
        child = spawn(file, [...args], {
          cwd: options.cwd,
          env: options.env ?? process.env,
          shell: false,
          detached: process.platform !== 'win32',
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true,
        });
      } catch (e) {
        reject(this.translateError(e, file, options.tool));
        return;
      }
      let stdout = '';
      let stderr = '';
      const lines: string[] = [];
      let cancelled = false;
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const pushLine = (stream: StreamName) => (line: string) => {
        lines.push(line);
        if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
        try {
          options.onLine?.(line, stream);
        } catch {
          // a failing sink must not break the run
        }
      };
      const outSplit = new LineSplitter(pushLine('stdout'));
      const errSplit = new LineSplitter(pushLine('stderr'));
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (d: string) => {
        stdout = appendCapped(stdout, d);
        outSplit.push(d);
      });
      child.stderr?.on('data', (d: string) => {
        stderr = appendCapped(stderr, d);
        errSplit.push(d);
      });

      const onAbort = (): void => {
        if (settled || child.pid === undefined) return;
        cancelled = true;
        const pid = child.pid;
        killProcessTree(pid, 'SIGTERM');
        killTimer = setTimeout(() => killProcessTree(pid, 'SIGKILL'), options.killGraceMs ?? 3000);
        killTimer.unref();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      if (child.pid !== undefined) this.running.set(child.pid, child);
      const pid = child.pid;

      child.on('error', (e) => {
        if (settled) return;
        settled = true;
        if (pid !== undefined) this.running.delete(pid);
        options.signal?.removeEventListener('abort', onAbort);
        reject(this.translateError(e, file, options.tool));
      });
      child.on('close', (code, signal) => {
        if (settled) return;
        settled = true;
        if (pid !== undefined) this.running.delete(pid);
        options.signal?.removeEventListener('abort', onAbort);
        outSplit.flush();
        errSplit.flush();
        if (cancelled && pid !== undefined) {
          // The leader is gone; make sure nothing it started outlives it.
          killProcessTree(pid, 'SIGKILL');
          if (killTimer) clearTimeout(killTimer);
        }
        resolve({ code, signal, cancelled, stdout, stderr, lines, pid });
      });
    });
  }

  /** Kills every running child's process tree; resolves once all have exited or after `graceMs`. */
  async killAll(graceMs = 1500): Promise<void> {
    const children = [...this.running.entries()];
    if (!children.length) return;
    for (const [pid] of children) killProcessTree(pid, 'SIGTERM');
    const exited = Promise.all(
      children.map(([, c]) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('close', () => r())))),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => {
      timer = setTimeout(r, graceMs);
    });
    await Promise.race([exited, timeout]);
    if (timer) clearTimeout(timer);
    for (const [pid] of children) killProcessTree(pid, 'SIGKILL');
    this.running.clear();
  }

  private translateError(e: unknown, file: string, tool: ToolId | undefined): Error {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT' && tool) return new ToolNotFoundError(tool, file);
    if (err?.code === 'EACCES') return new Error(`'${file}' is not executable (EACCES). Check the path setting or its permissions.`);
    return err instanceof Error ? err : new Error(String(e));
  }
}

/** A command line for display only (echoed into the output panel); never executed. */
export function formatCommandLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}

function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
