import { LineCounter, parseAllDocuments, isMap, type Document, type YAMLMap, type YAMLError } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { SOURCE, type FileKind } from './types';

/** One parse of one version of a file; every feature reuses it. */
export interface ParsedFile {
  /** The document URI (or a file path when there is no editor). */
  uri: string;
  /** Absolute file system path with forward slashes. */
  path: string;
  kind: FileKind;
  version: number;
  text: string;
  /** Offset ↔ position conversion (UTF-16 columns, as LSP wants). */
  lines: TextDocument;
  /** Every YAML document in the stream; the tools read only the first. */
  docs: Document.Parsed[];
  /** The first document's top-level mapping, when it is one. */
  root: YAMLMap | undefined;
  /** YAML syntax problems and file-shape problems found while parsing. */
  syntax: Diagnostic[];
  /** Set when the file is over the size limit and was not parsed. */
  skipped?: string;
}

export interface ParseOptions {
  uri: string;
  path: string;
  kind: FileKind;
  version?: number;
  maxFileSize?: number;
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate-key',
};

export function rangeOfOffsets(lines: TextDocument, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) };
}

/**
 * Parses text the way the craft tools read it: YAML 1.1 (PyYAML), first document only,
 * duplicate keys rejected (craft-application's loader refuses them). A half-typed file still
 * yields a tree, so completion and hover keep working while the user types.
 */
export function parseFile(text: string, opts: ParseOptions): ParsedFile {
  const lines = TextDocument.create(opts.uri, 'yaml', opts.version ?? 0, text);
  const base = { uri: opts.uri, path: opts.path, kind: opts.kind, version: opts.version ?? 0, text, lines };
  const limit = opts.maxFileSize ?? Number.POSITIVE_INFINITY;
  if (text.length > limit) {
    const why = `This file is ${Math.round(text.length / 1024)} KiB, over the ${Math.round(limit / 1024)} KiB limit for analysis; it was not checked.`;
    return {
      ...base,
      docs: [],
      root: undefined,
      skipped: why,
      syntax: [diag(lines, 0, 0, DiagnosticSeverity.Information, 'file-too-large', why)],
    };
  }

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    uniqueKeys: true,
    strict: false,
    prettyErrors: false,
    lineCounter,
  });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const syntax: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (e: YAMLError, severity: DiagnosticSeverity): void => {
    const [start, end] = e.pos;
    const key = `${start}:${e.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    const code = YAML_CODES[e.code] ?? 'yaml-syntax';
    const message = code === 'duplicate-key' ? duplicateMessage(text, start, end) : syntaxMessage(e);
    syntax.push(diag(lines, start, end, severity, code, message));
  };
  for (const d of list) {
    for (const e of d.errors) push(e, DiagnosticSeverity.Error);
    for (const w of d.warnings) push(w, DiagnosticSeverity.Warning);
  }

  const first = list[0];
  let root: YAMLMap | undefined;
  if (first && isMap(first.contents)) {
    root = first.contents;
  } else if (first && first.contents !== null && !syntax.some((d) => d.severity === DiagnosticSeverity.Error)) {
    const [s, , e] = first.contents.range;
    syntax.push(
      diag(lines, s, e, DiagnosticSeverity.Error, 'not-a-mapping',
        `The file must be a YAML mapping of keys to values (like \`name: my-app\`), not a ${describeNode(first.contents)}.`),
    );
  }
  if (list.length > 1) {
    const [s] = list[1].range;
    syntax.push(
      diag(lines, s, s + 3, DiagnosticSeverity.Warning, 'multiple-documents',
        'Only the first YAML document is read by the tools; everything after this `---` is ignored. Remove it or merge it into the first document.'),
    );
  }
  return { ...base, docs: list, root, syntax };
}

function describeNode(node: unknown): string {
  if (node && typeof node === 'object' && 'items' in node) return 'list';
  return 'single value';
}

function diag(lines: TextDocument, start: number, end: number, severity: DiagnosticSeverity, code: string, message: string): Diagnostic {
  return { range: rangeOfOffsets(lines, start, end), severity, code, source: SOURCE, message };
}

function duplicateMessage(text: string, start: number, end: number): string {
  const key = text.slice(start, end).split(/[:\n]/)[0].trim();
  return `The key \`${key}\` appears more than once in this mapping. The tools refuse duplicate keys: keep one and merge the values.`;
}

/** Turns the `yaml` package's terse messages into a sentence that says how to fix it. */
function syntaxMessage(e: YAMLError): string {
  const msg = e.message.replace(/ at line \d+, column \d+.*$/s, '').trim();
  switch (e.code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return `YAML syntax error: ${msg}. Check the indentation of this line against the lines above it.`;
    case 'TAB_AS_INDENT':
      return 'YAML syntax error: tabs are not allowed for indentation. Indent with spaces.';
    case 'MULTILINE_IMPLICIT_KEY':
      return `YAML syntax error: ${msg}. A key must fit on one line and be followed by \`:\`; check for a missing \`:\` or a stray line break.`;
    case 'UNEXPECTED_TOKEN':
      return `YAML syntax error: ${msg}. Check for a missing \`:\` after a key, or an unquoted value that starts with a special character (quote it).`;
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `YAML syntax error: ${msg}. Add a space after the \`:\` or put the value on its own indented line.`;
    case 'BAD_ALIAS':
      return `YAML syntax error: ${msg}. An alias \`*name\` must refer to an anchor \`&name\` defined earlier in the file.`;
    default:
      return `YAML syntax error: ${msg}.`;
  }
}
