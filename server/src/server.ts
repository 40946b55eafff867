import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DidChangeConfigurationNotification, ErrorCodes, ResponseError,
  type InitializeParams, type InitializeResult, type Connection, type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { LanguageService, type ParsedFile } from './service';
import { NodeFs } from './nodeFs';
import { registerHandlers } from './handlers';
import { DEFAULT_SETTINGS, type ServiceSettings } from './service/types';

/** Path of a document URI with forward slashes; non-file URIs stay as they are. */
export function uriToPath(uri: string): string {
  try {
    const u = URI.parse(uri);
    if (u.scheme === 'file') return u.fsPath.split('\\').join('/');
  } catch {
    // fall through
  }
  return uri;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  /** Revalidates one document now (coalesced per tick). */
  schedule(uri: string): void;
  /** Revalidates every open document we handle (a file they may depend on changed). */
  scheduleAll(): void;
  log(message: string): void;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openByPath = new Map<string, string>();
  const fs = new NodeFs((path) => {
    const uri = openByPath.get(path);
    return uri ? documents.get(uri)?.getText() : undefined;
  });
  const log = (m: string): void => connection.console.error(m);
  const service = new LanguageService({ fs, log });
  let hasConfiguration = false;

  const pending = new Set<string>();
  let timer: NodeJS.Immediate | undefined;
  const flush = (): void => {
    timer = undefined;
    const uris = [...pending];
    pending.clear();
    for (const uri of uris) publish(uri);
  };
  const schedule = (uri: string): void => {
    pending.add(uri);
    // setImmediate coalesces a burst of changes into one validation without a fixed delay.
    timer ??= setImmediate(flush);
  };
  /** Open documents the service validates, but `except`. */
  const handledUris = (except?: string): string[] =>
    documents.all().filter((d) => d.uri !== except && (service.kindOf(uriToPath(d.uri)) ?? service.kindOf(d.uri))).map((d) => d.uri);
  const scheduleAll = (): void => {
    for (const uri of handledUris()) schedule(uri);
  };
  // While the user types, the edited document is validated at once; the other open files
  // that may depend on it wait for a pause in typing, so they never delay the keystroke.
  let othersTimer: NodeJS.Timeout | undefined;
  const scheduleOthers = (except: string): void => {
    if (othersTimer) clearTimeout(othersTimer);
    othersTimer = setTimeout(() => {
      othersTimer = undefined;
      for (const uri of handledUris(except)) schedule(uri);
    }, 150);
  };

  const publish = (uri: string): void => {
    const doc = documents.get(uri);
    if (!doc) return;
    let parsed: ParsedFile | undefined;
    let diagnostics: Diagnostic[];
    try {
      parsed = service.parse({ uri, path: uriToPath(uri), text: doc.getText(), version: doc.version });
      if (!parsed) {
        void connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      diagnostics = service.validate(parsed);
    } catch (e) {
      log(`validation failed for ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      // Still answer for this version: the syntax problems if the parse got that far, so the
      // editor never keeps diagnostics that point into an older text.
      diagnostics = parsed?.syntax ?? [];
    }
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  };

  const ctx: ServerContext = { connection, documents, service, schedule, scheduleAll, log };

  // Requests with no handler: before `initialize` the protocol wants ServerNotInitialized (the
  // feature handlers are registered by `initialize`), after it MethodNotFound.
  let initializeSeen = false;
  connection.onRequest((method: string) => initializeSeen
    ? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`)
    : new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized yet: send initialize before ${method}.`));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initializeSeen = true;
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as Partial<ServiceSettings> | undefined;
    if (init) service.configure(init);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...registerHandlers(ctx).capabilities,
      },
      serverInfo: { name: 'twelve-factor-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined);
      void pullSettings();
    }
  });

  const pullSettings = async (): Promise<void> => {
    try {
      const [cfg] = (await connection.workspace.getConfiguration([{ section: 'twelveFactor' }])) as [Record<string, unknown> | null];
      const validation = (cfg?.validation ?? {}) as Record<string, unknown>;
      service.configure({
        projectChecks: typeof validation.projectChecks === 'boolean' ? validation.projectChecks : DEFAULT_SETTINGS.projectChecks,
        maxFileSize: typeof validation.maxFileSize === 'number' ? validation.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
      });
      service.workspace.clear();
      scheduleAll();
    } catch (e) {
      log(`could not read settings: ${String(e)}`);
    }
  };
  connection.onDidChangeConfiguration(() => void pullSettings());

  documents.onDidOpen((e) => {
    openByPath.set(uriToPath(e.document.uri), e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    openByPath.set(uriToPath(e.document.uri), e.document.uri);
    service.fileChanged(uriToPath(e.document.uri));
    schedule(e.document.uri);
    // A change may affect the other files of the project (charm ↔ metadata.yaml, rock ↔ charm).
    scheduleOthers(e.document.uri);
  });
  documents.onDidClose((e) => {
    const path = uriToPath(e.document.uri);
    openByPath.delete(path);
    service.forget(e.document.uri);
    service.fileChanged(path);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    scheduleAll();
  });
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) service.fileChanged(uriToPath(c.uri));
    scheduleAll();
  });

  documents.listen(connection);
  connection.listen();
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--version')) {
    process.stdout.write('0.1.0\n');
    return;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: twelve-factor-language-server --stdio\n\nA language server for rockcraft.yaml and charmcraft.yaml over the Language Server Protocol.\n');
    return;
  }
  if (!args.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    process.argv.push('--stdio');
  }
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));
  startServer(connection);
}

main();
