// Reading what the fake CLIs (test/fake-cli) were called with: each run appends a JSON line
// {tool, argv, cwd, pid} to the file in FAKE_CLI_LOG. Waiting watches the file's folder.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_TIMEOUT_MS, withTimeout } from './helpers';

export interface CliCall {
  tool: 'rockcraft' | 'charmcraft' | 'rockcraft.skopeo' | 'juju';
  argv: string[];
  cwd: string;
  pid: number;
}

export function cliLogPath(): string {
  const file = process.env.FAKE_CLI_LOG;
  if (!file) throw new Error('FAKE_CLI_LOG is not set: run the suite through test/e2e/runTests.ts');
  return file;
}

/** Every call so far, oldest first. */
export function cliCalls(): CliCall[] {
  let text = '';
  try {
    text = fs.readFileSync(cliLogPath(), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CliCall);
}

export function describeCalls(calls: CliCall[]): string {
  return calls.length ? calls.map((c) => `${c.tool} ${c.argv.join(' ')}`).join('\n    ') : '(none)';
}

/**
 * Calls `listener` for each call recorded from now on, as soon as the file changes. Returns a
 * function that stops listening.
 */
export function onCliCall(listener: (call: CliCall) => void): () => void {
  const file = cliLogPath();
  let seen = cliCalls().length;
  const check = (): void => {
    const calls = cliCalls();
    for (const call of calls.slice(seen)) listener(call);
    seen = calls.length;
  };
  const watcher = fs.watch(path.dirname(file), (_event, name) => {
    if (!name || name.toString() === path.basename(file)) check();
  });
  return () => {
    check();
    watcher.close();
  };
}

/** Resolves with the first call (recorded after `from`, an index into cliCalls()) that matches. */
export function waitForCliCall(matches: (c: CliCall) => boolean, what: string, from = 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CliCall> {
  const already = cliCalls().slice(from).find(matches);
  if (already) return Promise.resolve(already);
  let stop: (() => void) | undefined;
  const found = new Promise<CliCall>((resolve) => {
    stop = onCliCall((c) => {
      if (matches(c)) resolve(c);
    });
  });
  return withTimeout(found, timeoutMs, () => `no ${what}; calls:\n    ${describeCalls(cliCalls().slice(from))}`).finally(() => stop?.());
}

/** True when `argv` holds `items` in this order, one after the other. */
export function hasSequence(argv: string[], ...items: string[]): boolean {
  for (let i = 0; i + items.length <= argv.length; i++) if (items.every((x, j) => argv[i + j] === x)) return true;
  return false;
}
