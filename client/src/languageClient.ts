/**
 * The language client: starts dist/server.js, shares the extension's log channel, tells the
 * server about the non-YAML files it reads (requirements.txt, go.mod, …), and restarts the
 * server when it crashes (a few times, then gives up and says so).
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_NODE_ENV, SERVER_NODE_FLAGS } from '../../server/src/nodeFlags';


export const DOCUMENT_PATTERN = '**/{rockcraft,charmcraft,metadata,config,actions,paas-config}.yaml';
/** Files the server reads besides the open YAML documents (project checks, sibling files, artifacts). */
export const WATCHED_FILES =
  '**/{requirements.txt,pyproject.toml,go.mod,package.json,pom.xml,build.gradle,app.py,main.py,metadata.yaml,config.yaml,actions.yaml,rockcraft.yaml,charmcraft.yaml,*.rock,*.charm}';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class LanguageClientHost implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private restarts: number[] = [];
  private current: ServerState = 'stopped';
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(
    private readonly serverModule: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  }

  get state(): ServerState {
    return this.current;
  }

  private setState(s: ServerState): void {
    if (s === this.current) return;
    this.current = s;
    this.changed.fire(s);
  }

  private create(): LanguageClient {
    const serverOptions: ServerOptions = {
      // A small young generation keeps the server's memory down with no measurable slowdown
      // (bench/README.md); V8 only takes this flag at startup.
      run: { module: this.serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...process.env, ...SERVER_NODE_ENV } } },
      debug: { module: this.serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'yaml', pattern: DOCUMENT_PATTERN }],
      outputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { fileEvents: this.watcher },
      initializationFailedHandler: (error) => {
        this.log.error(`The 12-factor language server failed to initialise: ${error instanceof Error ? error.message : String(error)}`);
        this.setState('failed');
        return false;
      },
      errorHandler: {
        error: (error, _message, count) => {
          this.log.error(`Language server connection error: ${error.message}`);
          return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
        },
        closed: () => {
          const now = Date.now();
          this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
          if (this.restarts.length < MAX_RESTARTS) {
            this.restarts.push(now);
            this.log.warn(`The 12-factor language server stopped unexpectedly; restarting it (${this.restarts.length}/${MAX_RESTARTS}).`);
            return { action: CloseAction.Restart, handled: true };
          }
          this.log.error(`The 12-factor language server crashed ${MAX_RESTARTS} times in 3 minutes and will not be restarted. Use "12-Factor: Restart Language Server" after fixing the cause.`);
          this.setState('failed');
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient('twelveFactor', '12-Factor Charms', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Starting) this.setState('starting');
      else if (this.current !== 'failed') this.setState('stopped');
    });
    return client;
  }

  async start(): Promise<void> {
    this.client ??= this.create();
    this.setState('starting');
    try {
      await this.client.start();
    } catch (e) {
      this.log.error(`Could not start the 12-factor language server: ${e instanceof Error ? e.message : String(e)}`);
      this.setState('failed');
    }
  }

  async restart(): Promise<void> {
    this.restarts = [];
    this.log.info('Restarting the 12-factor language server.');
    if (this.client) {
      try {
        await this.client.stop();
      } catch (e) {
        this.log.warn(`Stopping the language server failed: ${String(e)}`);
      }
      this.client = undefined;
    }
    this.current = 'stopped';
    await this.start();
  }

  async sendRequest<R>(method: string, params: unknown): Promise<R> {
    if (!this.client || this.current !== 'running') throw new Error('The 12-factor language server is not running.');
    return this.client.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
    this.watcher.dispose();
    this.changed.dispose();
  }
}
