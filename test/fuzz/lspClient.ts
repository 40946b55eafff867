import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';

/**
 * A minimal stdio LSP client (Content-Length framing, JSON-RPC 2.0) for the benchmark, the
 * fuzzer and the protocol-fault tests. It has no dependency on vscode-jsonrpc so that it can
 * also send malformed frames, and so timings include nothing but the wire.
 */

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export class ResponseError extends Error {
  constructor(readonly method: string, readonly error: RpcError) {
    super(`${method}: ${error.code} ${error.message}`);
  }
}

export class RequestTimeout extends Error {
  constructor(readonly method: string, readonly ms: number) {
    super(`${method}: no answer within ${ms} ms`);
  }
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

export interface Notification {
  method: string;
  params: unknown;
  at: number;
}

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string | number; message: string; source?: string }[];
}

type ServerRequestHandler = (method: string, params: unknown) => unknown;

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Answers requests the server sends (workspace/configuration...); null by default. */
  onServerRequest?: ServerRequestHandler;
}

export class LspClient {
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  stderr = '';
  /** Every notification received, in order (bounded: the oldest are dropped past 10,000). */
  readonly notifications: Notification[] = [];
  /** Server → client requests seen, by method. */
  readonly serverRequests = new Map<string, number>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number | string, Pending>();
  private readonly diagWaiters = new Map<string, ((p: PublishDiagnosticsParams, at: number) => void)[]>();
  private readonly notifyListeners: ((n: Notification) => void)[] = [];
  onServerRequest: ServerRequestHandler;
  /** Protocol violations by the server (bad frames, unknown response ids). */
  readonly violations: string[] = [];

  constructor(command: string, args: string[], opts: SpawnOptions = {}) {
    this.spawnedAt = now();
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.onServerRequest = opts.onServerRequest ?? (() => null);
    this.child.stdout?.on('data', (d: Buffer) => this.onData(d));
    this.child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString('utf8');
      if (this.stderr.length > 200_000) this.stderr = this.stderr.slice(-100_000);
    });
    // Writes to a dead server fail with EPIPE; the exit promise reports that instead.
    this.child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        for (const [, p] of this.pending) {
          if (p.timer) clearTimeout(p.timer);
          p.reject(new Error(`server exited (code ${String(code)}, signal ${String(signal)}) before answering ${p.method}`));
        }
        this.pending.clear();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exitInfo;
  }

  /** Number of requests still waiting for an answer. */
  get outstanding(): number {
    return this.pending.size;
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        this.violations.push(`frame without Content-Length: ${header.slice(0, 200)}`);
        this.buf = this.buf.subarray(headerEnd + 4);
        continue;
      }
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(body) as Record<string, unknown>;
      } catch {
        this.violations.push(`unparsable frame: ${body.slice(0, 200)}`);
        continue;
      }
      this.dispatch(msg);
    }
  }

  private dispatch(msg: Record<string, unknown>): void {
    const at = now();
    if (typeof msg.method === 'string' && msg.id !== undefined) {
      this.serverRequests.set(msg.method, (this.serverRequests.get(msg.method) ?? 0) + 1);
      let result: unknown = null;
      try {
        result = this.onServerRequest(msg.method, msg.params);
      } catch {
        result = null;
      }
      this.write({ jsonrpc: '2.0', id: msg.id, result: result ?? null });
      return;
    }
    if (typeof msg.method === 'string') {
      const n: Notification = { method: msg.method, params: msg.params, at };
      this.notifications.push(n);
      if (this.notifications.length > 10_000) this.notifications.splice(0, 5_000);
      for (const l of this.notifyListeners) l(n);
      if (msg.method === 'textDocument/publishDiagnostics') {
        const p = msg.params as PublishDiagnosticsParams;
        const list = this.diagWaiters.get(p.uri);
        const w = list?.shift();
        if (w) w(p, at);
      }
      return;
    }
    const id = msg.id as number | string | undefined;
    const p = id === undefined || id === null ? undefined : this.pending.get(id);
    if (!p) {
      this.violations.push(`response to unknown id ${JSON.stringify(msg.id)}`);
      return;
    }
    this.pending.delete(id as number | string);
    if (p.timer) clearTimeout(p.timer);
    if (msg.error) p.reject(new ResponseError(p.method, msg.error as RpcError));
    else p.resolve(msg.result);
  }

  write(msg: unknown): void {
    this.writeRaw(JSON.stringify(msg));
  }

  /** Sends one frame with an arbitrary body (for malformed-message tests). */
  writeRaw(body: string): void {
    if (!this.alive || !this.child.stdin || this.child.stdin.destroyed) return;
    const bytes = Buffer.from(body, 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
  }

  /** Writes bytes as they are, no framing. */
  writeBytes(bytes: Buffer | string): void {
    if (!this.alive || !this.child.stdin || this.child.stdin.destroyed) return;
    this.child.stdin.write(bytes);
  }

  notify(method: string, params?: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The id the next request will get (to cancel it). */
  peekId(): number {
    return this.nextId;
  }

  request<T = unknown>(method: string, params?: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.alive) {
        reject(new Error(`server has exited; cannot send ${method}`));
        return;
      }
      const entry: Pending = { method, resolve: resolve as (v: unknown) => void, reject };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new RequestTimeout(method, timeoutMs));
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Resolves with the next publishDiagnostics for `uri` (register before sending the change). */
  nextDiagnostics(uri: string, timeoutMs = 30_000): Promise<{ params: PublishDiagnosticsParams; at: number }> {
    return new Promise((resolve, reject) => {
      const list = this.diagWaiters.get(uri) ?? [];
      this.diagWaiters.set(uri, list);
      const waiter = (params: PublishDiagnosticsParams, at: number): void => {
        clearTimeout(timer);
        resolve({ params, at });
      };
      const timer = setTimeout(() => {
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      list.push(waiter);
    });
  }

  /** Calls `listener` for every notification; returns a function that stops it. */
  onNotification(listener: (n: Notification) => void): () => void {
    this.notifyListeners.push(listener);
    return () => {
      const i = this.notifyListeners.indexOf(listener);
      if (i >= 0) this.notifyListeners.splice(i, 1);
    };
  }

  /** Resident set size and its peak, in KiB, from /proc (Linux); undefined elsewhere. */
  memory(): { rssKb: number; hwmKb: number } | undefined {
    if (!this.child.pid) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (!rss || !hwm) return undefined;
      return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then waits for the process; kills it if it lingers. */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (!this.alive) return;
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit');
    } catch {
      // fall through to the kill
    }
    const t = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(t);
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }
}

/** Client capabilities of a typical editor (VS Code-like). */
export const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    synchronization: { didSave: true, dynamicRegistration: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    definition: { linkSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
};

/** Answers `workspace/configuration` from a settings object (section `a.b` → settings.a.b). */
export function configurationAnswerer(settings: Record<string, unknown>, folders: { uri: string; name: string }[] = []): ServerRequestHandler {
  const section = (name: string | undefined): unknown => {
    if (!name) return settings;
    let cur: unknown = settings;
    for (const k of name.split('.')) {
      if (cur === null || typeof cur !== 'object') return null;
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur ?? null;
  };
  return (method, params) => {
    if (method === 'workspace/configuration') {
      const items = ((params as { items?: { section?: string }[] } | undefined)?.items ?? []);
      return items.map((it) => section(it.section));
    }
    if (method === 'workspace/workspaceFolders') return folders;
    return null;
  };
}
