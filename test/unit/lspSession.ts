import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { REPO } from './helpers';

/*
 * The built language server (`node dist/server.js --stdio`) driven over vscode-jsonrpc like an
 * editor, for the unit tests that exercise the real protocol. (test/fuzz/lspClient.ts is the
 * dependency-free client for malformed traffic and timings; this one is for well-behaved use.)
 */

const DIAGNOSTICS_MS = 10_000;

let built: Promise<void> | undefined;
const copies = new Map<string, Promise<string>>();

/**
 * `npm run build` (once per process), then dist/<name> copied out once it looks complete: other
 * test files run the build at the same time, and a half-written bundle must not be what a test
 * starts. The copies go when the process exits.
 */
export function builtBundle(name: 'server.js' | 'cli.js'): Promise<string> {
  built ??= Promise.resolve().then(() => {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  });
  let copy = copies.get(name);
  if (!copy) {
    copy = built.then(async () => {
      const dist = path.join(REPO, 'dist', name);
      assert.ok(fs.existsSync(dist), `npm run build wrote dist/${name}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-session-'));
      process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
      const to = path.join(dir, name);
      const map = new RegExp(`//# sourceMappingURL=${name.replace('.', '\\.')}\\.map\\s*$`);
      for (let attempt = 0; attempt < 50; attempt++) {
        const text = fs.readFileSync(dist, 'utf8');
        if (map.test(text) || /\nmain\(\);?\s*$/.test(text)) {
          fs.writeFileSync(to, text);
          return to;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`dist/${name} never looked complete`);
    });
    copies.set(name, copy);
  }
  return copy;
}

/** The language server bundle, freshly built (see builtBundle). */
export function builtServer(): Promise<string> {
  return builtBundle('server.js');
}

export interface SessionOptions {
  /** The workspace folder (rootUri and the only workspace folder). */
  root: string;
  /** The workspace folder's name. */
  name: string;
  /** The server's working directory; the workspace folder by default. */
  cwd?: string;
  capabilities?: Record<string, unknown>;
}

interface Watcher {
  uri: string;
  ok: (d: Diagnostic[]) => boolean;
  resolve: (d: Diagnostic[]) => void;
}

export class LspSession {
  private stderrText = '';
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly watchers: Watcher[] = [];
  private readonly versions = new Map<string, number>();

  private constructor(private readonly server: ChildProcess, readonly conn: MessageConnection) {
    server.stderr?.on('data', (d: Buffer) => { this.stderrText += d.toString(); });
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      this.latest.set(p.uri, p.diagnostics);
      for (let i = this.watchers.length - 1; i >= 0; i--) {
        const w = this.watchers[i];
        if (w.uri === p.uri && w.ok(p.diagnostics)) {
          this.watchers.splice(i, 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    // What an editor answers when it has nothing to say.
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    conn.listen();
  }

  /** Builds, spawns and initializes the server; the initialize result is for capability checks. */
  static async start(opts: SessionOptions): Promise<{ session: LspSession; init: { capabilities: Record<string, unknown> } }> {
    const server = spawn(process.execPath, [await builtServer(), '--stdio'], { cwd: opts.cwd ?? opts.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new LspSession(server, createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!)));
    const rootUri = pathToFileURL(opts.root).href;
    try {
      const init = await session.conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: opts.name }], capabilities: opts.capabilities ?? {},
      });
      await session.conn.sendNotification('initialized', {});
      return { session, init };
    } catch (e) {
      // No session reaches the caller's `after`, so nothing else would stop this server.
      await session.stop();
      throw e;
    }
  }

  /** Everything the server wrote to stderr so far. */
  get stderr(): string {
    return this.stderrText;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Replaces the whole text of an open document with the next version, as an editor does on an unsaved edit. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The diagnostics last published for `uri` if they satisfy `ok`, else the next ones that do;
   * fails after 10 s naming `what` was awaited.
   */
  diagnostics(uri: string, ok: (d: Diagnostic[]) => boolean = () => true, what = 'any were published'): Promise<Diagnostic[]> {
    const have = this.latest.get(uri);
    if (have && ok(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const watcher: Watcher = { uri, ok, resolve: (d) => { clearTimeout(timer); resolve(d); } };
      const timer = setTimeout(() => {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        const last = (this.latest.get(uri) ?? []).map((d) => `${String(d.code)}@${d.range.start.line + 1}`).join(', ');
        reject(new Error(`${uri}: no diagnostics where ${what} within ${DIAGNOSTICS_MS / 1000} s; last: ${last}\n${this.stderrText}`));
      }, DIAGNOSTICS_MS);
      this.watchers.push(watcher);
    });
  }

  /** shutdown + exit; kills the server if it is still there. */
  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    this.conn.dispose();
    if (this.server.exitCode === null) this.server.kill();
  }
}
