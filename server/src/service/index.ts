import type { Diagnostic } from 'vscode-languageserver-types';
import type {
  CodeAction, CodeActionContext, CompletionList, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, Position, Range,
  SelectionRange, WorkspaceEdit,
} from 'vscode-languageserver-types';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { documentSymbols } from './features/symbols';
import { foldingRanges } from './features/folding';
import { selectionRanges } from './features/selectionRanges';
import { definition, prepareRename, references, rename } from './features/navigation';
import { codeActions } from './features/codeActions';
import { documentLinks } from './features/links';
import { expandExtensions, type ExpandResult } from './twelveFactor/expand';
import { projectInfo, type ProjectInfo } from './twelveFactor/projectInfo';
import { parseFile, type ParsedFile } from './parse';
import { reparse } from './incremental';
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
    const opts = { uri: input.uri, path: input.path, kind, version: input.version, maxFileSize: this.workspace.settings.maxFileSize };
    // An edit of the same document: re-parse only the entry it touched when that is safe.
    const parsed = (hit && reparse(hit, input.text, opts)) ?? parseFile(input.text, opts);
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

  // ---- editing features (one module each under features/)

  complete(parsed: ParsedFile, position: Position): CompletionList {
    return complete(parsed, position, this.workspace);
  }

  hover(parsed: ParsedFile, position: Position): Hover | undefined {
    return hover(parsed, position, this.workspace);
  }

  documentSymbols(parsed: ParsedFile): DocumentSymbol[] {
    return documentSymbols(parsed);
  }

  foldingRanges(parsed: ParsedFile): FoldingRange[] {
    return foldingRanges(parsed);
  }

  selectionRanges(parsed: ParsedFile, positions: Position[]): SelectionRange[] {
    return selectionRanges(parsed, positions);
  }

  definition(parsed: ParsedFile, position: Position): Location[] {
    return definition(parsed, position, this.workspace);
  }

  references(parsed: ParsedFile, position: Position, includeDeclaration: boolean): Location[] {
    return references(parsed, position, includeDeclaration, this.workspace);
  }

  /** Throws a `RenameError` (features/navigation) with a message for the user when the position is not a name. */
  prepareRename(parsed: ParsedFile, position: Position): { range: Range; placeholder: string } {
    return prepareRename(parsed, position, this.workspace);
  }

  rename(parsed: ParsedFile, position: Position, newName: string): WorkspaceEdit {
    return rename(parsed, position, newName, this.workspace);
  }

  codeActions(parsed: ParsedFile, range: Range, context: CodeActionContext): CodeAction[] {
    return codeActions(parsed, range, context, this.workspace);
  }

  documentLinks(parsed: ParsedFile): DocumentLink[] {
    return documentLinks(parsed, this.workspace);
  }

  // ---- 12-factor (twelveFactor/)

  /** What `rockcraft|charmcraft expand-extensions` would print for this file. */
  expandExtensions(parsed: ParsedFile): ExpandResult {
    return expandExtensions(parsed, this.workspace);
  }

  /** Rock and charm facts of the project around a path (folder, project file or file inside). */
  projectInfo(path: string): ProjectInfo {
    return projectInfo(this.workspace, path);
  }
}

export { fileKindOf } from './fileKind';
export { RenameError } from './features/navigation';
export { CONVERT_BASES_KIND } from './features/codeActions';
export type { ParsedFile } from './parse';
export type { FileKind, ProjectFs, ServiceSettings } from './types';
