import type { Diagnostic } from 'vscode-languageserver-types';
import { parseFile, type ParsedFile } from './parse';
import { validate } from './validation';
import { Workspace } from './workspace';
import { dirName, fileKindOf, joinPath } from './fileKind';

const SPLIT_KINDS = new Set<FileKind>(['metadata', 'config', 'actions', 'paas-config']);
import type { FileKind, ProjectFs, ServiceSettings } from './types';

export interface DocumentInput {
  uri: string;
  /** File system path (forward slashes); the URI when the document is not a file. */
  path: string;
  text: string;
  version: number;
  kind?: FileKind;
}

export interface LanguageServiceOptions {
  fs?: ProjectFs;
  settings?: Partial<ServiceSettings>;
  /** Internal failures are reported here; the service answers with a safe default. */
  log?: (message: string) => void;
}

/**
 * The language-service facade: everything the LSP server and the CLI need, with no editor or
 * connection in sight. One parse per document version, shared by every feature.
 */
export class LanguageService {
  readonly workspace: Workspace;
  private readonly parses = new Map<string, ParsedFile>();
  private readonly log: (message: string) => void;

  constructor(opts: LanguageServiceOptions = {}) {
    this.workspace = new Workspace(opts.fs, opts.settings);
    this.log = opts.log ?? (() => undefined);
  }

  configure(settings: Partial<ServiceSettings>): void {
    this.workspace.settings = { ...this.workspace.settings, ...settings };
  }

  /** The file kind for a path, or undefined if the service does not handle it. */
  kindOf(path: string): FileKind | undefined {
    return fileKindOf(path);
  }

  parse(input: DocumentInput): ParsedFile | undefined {
    const kind = input.kind ?? fileKindOf(input.path) ?? fileKindOf(input.uri);
    if (!kind) return undefined;
    // config.yaml, metadata.yaml... are common names: they are charm files only beside a charmcraft.yaml.
    if (!input.kind && SPLIT_KINDS.has(kind) && !this.workspace.exists(joinPath(dirName(input.path), 'charmcraft.yaml'))) return undefined;
    const hit = this.parses.get(input.uri);
    if (hit && hit.version === input.version && hit.text === input.text) return hit;
    const parsed = parseFile(input.text, { uri: input.uri, path: input.path, kind, version: input.version, maxFileSize: this.workspace.settings.maxFileSize });
    this.parses.set(input.uri, parsed);
    return parsed;
  }

  validate(parsed: ParsedFile): Diagnostic[] {
    return validate(parsed, this.workspace, {
      onRuleError: (id, e) => this.log(`rule ${id} failed on ${parsed.uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
    });
  }

  /** Drops what is cached for a document (it was closed) or a file (it changed on disk). */
  forget(uriOrPath: string): void {
    this.parses.delete(uriOrPath);
    this.workspace.forget(uriOrPath);
  }

  fileChanged(path: string): void {
    this.workspace.forget(path);
  }
}

export { fileKindOf } from './fileKind';
export type { ParsedFile } from './parse';
export type { FileKind, ProjectFs, ServiceSettings } from './types';
