import { LineCounter, parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Document, type Node, type ScalarTag, type Tags, type YAMLMap, type YAMLError } from 'yaml';
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
  /** Set when the file was not analysed (over the size limit, or nested too deeply); `docs` is then empty. */
  skipped?: string;
  /** Set when incremental.ts built this from the previous version instead of a full parse. */
  incremental?: boolean;
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

/**
 * Deeper than this, a file is not analysed: real rockcraft.yaml / charmcraft.yaml files nest
 * about ten levels, PyYAML gives up long before a few hundred, and every tree walk downstream
 * (validation, rules, features) is recursive.
 */
export const MAX_DEPTH = 256;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 as Python's `binascii.a2b_base64` reads it (what PyYAML uses for `!!binary`): other
 * characters are skipped, the data ends at complete padding, and a last group of one character,
 * or an unpadded one of two or three, is refused. Undefined when refused.
 */
export function decodeBase64(src: string): Uint8Array | undefined {
  const out: number[] = [];
  let quad = 0;
  let acc = 0;
  let pads = 0;
  const flush = (): Uint8Array => {
    if (quad === 2) out.push((acc >> 4) & 255);
    else if (quad === 3) out.push((acc >> 10) & 255, (acc >> 2) & 255);
    return Uint8Array.from(out);
  };
  for (const ch of src) {
    if (ch === '=') {
      if (quad >= 2 && quad + ++pads >= 4) return flush();
      continue;
    }
    const v = BASE64.indexOf(ch);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    if (++quad === 4) {
      out.push((acc >> 16) & 255, (acc >> 8) & 255, acc & 255);
      quad = 0;
      acc = 0;
    }
  }
  return quad === 0 ? Uint8Array.from(out) : undefined;
}

/**
 * `!!binary` read the same way whichever build of the yaml package runs (its Node build decodes
 * anything, its ES module build, in our bundles, refuses any stray character), as PyYAML does.
 */
const BINARY_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:binary',
  default: false,
  identify: (value) => value instanceof Uint8Array,
  resolve(src, onError) {
    const bytes = decodeBase64(src);
    if (bytes) return bytes;
    onError('failed to decode base64 data in a `!!binary` value');
    return src;
  },
};

/** The yaml package options of every parse (incremental.ts re-parses parts of a file with the same). */
export const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  // checked in normalizeTree, in linear time
  uniqueKeys: false,
  strict: false,
  prettyErrors: false,
  // In every schema (a `%YAML 1.2` document gets the core one, where the yaml package would fall back to its own)
  customTags: (tags: Tags): Tags => [...tags.filter((t) => !(typeof t === 'object' && t.tag === BINARY_TAG.tag)), BINARY_TAG],
} as const;

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
  // A lone CR ends a line for PyYAML and for LSP positions, not for the yaml package: make it a
  // LF (same length, so every offset stays the same).
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const docs = parseAllDocuments(source, { ...YAML_OPTIONS, lineCounter });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const { syntax, exhausted } = yamlDiagnostics(text, lines, list);

  checkCharacters(text, (start, end, severity, code, message) => syntax.push(diag(lines, start, end, severity, code, message)));

  let deepest: { depth: number; offset: number } | undefined;
  for (const d of list) {
    const facts = normalizeTree(d, text, (start, end, code, message) => syntax.push(diag(lines, start, end, DiagnosticSeverity.Error, code, message)));
    if (!deepest || facts.depth > deepest.depth) deepest = facts;
  }
  if (exhausted || (deepest && deepest.depth > MAX_DEPTH)) {
    const at = deepest && deepest.depth > MAX_DEPTH ? deepest.offset : exhausted?.pos[0] ?? 0;
    const why = `This file nests values more than ${MAX_DEPTH} levels deep; it was not checked. Real rockcraft.yaml and charmcraft.yaml files nest a few levels: look for unbalanced brackets or runaway indentation.`;
    return { ...base, docs: [], root: undefined, skipped: why, syntax: [diag(lines, at, at, DiagnosticSeverity.Error, 'too-deep', why)] };
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
    // The tools load one document (PyYAML's `safe_load`), which refuses a stream with a second.
    syntax.push(
      diag(lines, s, s + 3, DiagnosticSeverity.Error, 'multiple-documents',
        'The tools read a single YAML document and refuse this file ("expected a single document in the stream"): this `---` starts a second one. Remove it, or merge what follows into the first document.'),
    );
  }
  return { ...base, docs: list, root, syntax };
}

/**
 * The yaml package's errors, then its warnings, as diagnostics: one per position and code.
 * RESOURCE_EXHAUSTION is returned instead (the file is then not analysed).
 */
export function yamlDiagnostics(
  text: string,
  lines: TextDocument,
  docs: readonly { errors: readonly YAMLError[]; warnings: readonly YAMLError[] }[],
): { syntax: Diagnostic[]; exhausted?: YAMLError } {
  const syntax: Diagnostic[] = [];
  const seen = new Set<string>();
  let exhausted: YAMLError | undefined;
  const push = (e: YAMLError, severity: DiagnosticSeverity): void => {
    if (e.code === 'RESOURCE_EXHAUSTION') {
      exhausted ??= e;
      return;
    }
    const [start, end] = e.pos;
    const key = `${start}:${e.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    const code = YAML_CODES[e.code] ?? 'yaml-syntax';
    if (code === 'duplicate-key') {
      // The yaml package points at the key's first character only: cover (and name) the whole key.
      const raw = keySource(text, start);
      syntax.push(diag(lines, start, start + Math.max(raw.length, end - start), severity, code, duplicateMessage(raw)));
      return;
    }
    syntax.push(diag(lines, start, end, severity, code, syntaxMessage(e)));
  };
  for (const d of docs) {
    for (const e of d.errors) push(e, DiagnosticSeverity.Error);
    // An unknown tag (`!weird`) is only a warning for the yaml package, but PyYAML cannot
    // construct it and refuses the file.
    for (const w of d.warnings) push(w, w.code === 'TAG_RESOLVE_FAILED' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);
  }
  return { syntax, exhausted };
}

/**
 * One iterative pass over a parsed document (no recursion, so any depth is safe):
 * - measures how deep it nests;
 * - resolves every alias once. The `yaml` package's `Alias.resolve(doc)` walks the whole document
 *   recursively on every call (O(size) per alias, and a stack overflow on deep documents); each
 *   alias gets its target pinned instead, so `deref` and everything built on it is O(1);
 * - an alias inside the node it names (`a: &x {b: *x}`) would make every tree walk loop forever:
 *   it is reported (`alias-cycle`; PyYAML builds a recursive value the tools then cannot read) and
 *   pinned to nothing;
 * - a mapping key that is a list or mapping (`[a, b]: 1`, `? {a: 1}`) is refused by the tools
 *   (PyYAML: "found unhashable key"): it is reported (`complex-key`) and replaced by a plain key
 *   holding its source text, so features and rules see only scalar keys.
 */
export function normalizeTree(doc: Document.Parsed, text: string, report: (start: number, end: number, code: string, message: string) => void): { depth: number; offset: number } {
  const anchors = new Map<string, Node>();
  let depth = 0;
  let offset = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length) {
    const { node, depth: d } = stack.pop() as { node: unknown; depth: number };
    if (!node || typeof node !== 'object') continue;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const cyclic = !!target && contains(target, node);
      pinAlias(node, cyclic ? undefined : target);
      if (!target && node.range) {
        report(node.range[0], node.range[1], 'undefined-alias',
          `The alias \`*${node.source}\` refers to no anchor: define \`&${node.source}\` on a value before this line, or fix the name.`);
      }
      if (cyclic && node.range) {
        report(node.range[0], node.range[1], 'alias-cycle',
          `The alias \`*${node.source}\` is inside the value its anchor \`&${node.source}\` names, so the value would contain itself. The tools cannot read that: point the alias at another anchor or copy the value.`);
      }
      continue;
    }
    if (isPair(node)) {
      const key = node.key;
      if ((isMap(key) || isSeq(key)) && key.range) {
        const [ks, ke] = key.range;
        report(ks, ke, 'complex-key', 'A key must be a plain name, not a list or mapping; the tools refuse this file. Quote it or write a name.');
        const plain = new Scalar(text.slice(ks, ke));
        plain.range = [ks, ke, ke];
        node.key = plain;
      } else {
        if (isMergeKeyNode(key)) checkMerge(node.value, anchors, report);
        stack.push({ node: node.value, depth: d });
        stack.push({ node: key, depth: d });
        continue;
      }
      stack.push({ node: node.value, depth: d });
      continue;
    }
    const n = node as Node;
    if (isScalar(n)) readAsPyYaml(n);
    if (n.anchor) anchors.set(n.anchor, n);
    if (isMap(n)) checkDuplicateKeys(n, text, report);
    if (isMap(n) || isSeq(n)) {
      if (d > depth) {
        depth = d;
        offset = n.range?.[0] ?? offset;
      }
      const items = n.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i], depth: d + 1 });
    }
  }
  return { depth, offset };
}

// PyYAML's YAML 1.1 resolvers. The yaml package's 1.1 schema is looser (it reads `y`, `n`,
// `1e3` and `.` as booleans and numbers); where PyYAML sees a string, so must we.
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function readAsPyYaml(n: Scalar): void {
  if (n.type !== 'PLAIN' || n.tag || typeof n.source !== 'string') return;
  const v = n.value;
  if (typeof v === 'boolean' && !PY_BOOL.test(n.source)) n.value = n.source;
  else if ((typeof v === 'number' || typeof v === 'bigint') && !PY_INT.test(n.source) && !PY_FLOAT.test(n.source)) n.value = n.source;
}

/**
 * Duplicate keys, in one pass with a set. (The yaml package's own `uniqueKeys` check compares
 * each key with every earlier one: quadratic, a third of the parse time of a charm with a
 * few thousand config options.) Keys are equal when their values are, as for the yaml package
 * and PyYAML: `on` and `true` are both true in YAML 1.1, `1` and `1.0` both 1. Merge keys `<<`
 * may repeat.
 */
function checkDuplicateKeys(map: YAMLMap, text: string, report: (start: number, end: number, code: string, message: string) => void): void {
  if (map.items.length < 2) return;
  const seen = new Set<string>();
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key) || isMergeKeyNode(key)) continue;
    const v = key.value;
    const id = `${typeof v}:${String(v)}`;
    if (!seen.has(id)) {
      seen.add(id);
      continue;
    }
    const start = key.range?.[0];
    if (start === undefined) continue;
    const raw = keySource(text, start);
    report(start, start + Math.max(raw.length, 1), 'duplicate-key', duplicateMessage(raw));
  }
}

/** A `<<` key (the yaml package gives it the value Symbol('<<') when merge keys are on). */
export function isMergeKeyNode(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/** PyYAML merges only a mapping or a list of mappings; anything else stops the tools. */
function checkMerge(value: unknown, anchors: Map<string, Node>, report: (start: number, end: number, code: string, message: string) => void): void {
  const target = (n: unknown): unknown => (isAlias(n) ? anchors.get(n.source) : n);
  const v = target(value);
  const sources = isSeq(v) ? v.items.map(target) : [v];
  // An undefined alias is reported on its own.
  if (sources.every((src) => isMap(src) || (isAlias(src) && !anchors.has(src.source)) || src === undefined)) return;
  const n = value as Node | null;
  if (!n || !n.range) return;
  report(n.range[0], n.range[1], 'bad-merge',
    'A `<<` merge key takes a mapping, an alias to one (`<<: *defaults`) or a list of those; the tools refuse anything else.');
}

/**
 * Characters PyYAML refuses to read ("special characters are not allowed"): C0 and C1 controls
 * other than tab, line feed, carriage return and NEL, DEL, lone surrogates, U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const CHAR_NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'backspace', 0x1b: 'escape', 0x7f: 'DEL' };

export function checkCharacters(text: string, report: (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string) => void): void {
  const bad = NON_PRINTABLE.exec(text);
  if (bad) {
    const cp = bad[0].codePointAt(0) ?? 0;
    const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const name = CHAR_NAMES[cp] ? ` (${CHAR_NAMES[cp]})` : cp >= 0xd800 && cp <= 0xdfff ? ' (half of a surrogate pair)' : '';
    report(bad.index, bad.index + bad[0].length, DiagnosticSeverity.Error, 'invalid-character',
      `The character ${hex}${name} is not allowed in YAML files the tools read; remove it${cp === 0 ? ' (is this a binary file?)' : ''}.`);
  }
  const replacement = text.indexOf('\uFFFD');
  if (replacement >= 0) {
    report(replacement, replacement + 1, DiagnosticSeverity.Warning, 'replacement-character',
      'This file contains U+FFFD, the character that stands in for bytes that are not valid UTF-8. The tools read files as UTF-8 and refuse invalid bytes: save the file as UTF-8.');
  }
}

function contains(outer: Node, inner: Node): boolean {
  return !!outer.range && !!inner.range && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[2];
}

function pinAlias(alias: Alias, target: Node | undefined): void {
  Object.defineProperty(alias, 'resolve', { value: () => target, enumerable: false, configurable: true, writable: true });
}

function describeNode(node: unknown): string {
  if (node && typeof node === 'object' && 'items' in node) return 'list';
  return 'single value';
}

export function diag(lines: TextDocument, start: number, end: number, severity: DiagnosticSeverity, code: string, message: string): Diagnostic {
  return { range: rangeOfOffsets(lines, start, end), severity, code, source: SOURCE, message };
}

/** The source of a mapping key starting at `start`: up to the `:` that ends it, or the line end. */
export function keySource(text: string, start: number): string {
  const line = text.slice(start, start + 1024).split(/\r?\n|\r/)[0];
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(line);
  if (quoted) return quoted[1];
  const m = /^(.*?)(?::(?:\s|$)|\s+#|$)/.exec(line);
  return (m ? m[1] : line).trimEnd();
}

export function duplicateMessage(raw: string): string {
  const key = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  return `The key \`${key}\` appears more than once in this mapping. The tools refuse duplicate keys: keep one and merge the values.`;
}

/** Turns the `yaml` package's terse messages into a sentence that says how to fix it. */
function syntaxMessage(e: YAMLError): string {
  // The yaml package quotes the offending source, which can be many lines of it: keep the start.
  const msg = e.message.replace(/ at line \d+, column \d+.*$/s, '').trim()
    .replace(/"([^]*)"/, (all, inner: string) => (inner.length > 60 || /[\r\n]|\\n/.test(inner) ? `"${inner.split(/\r?\n|\\n/)[0].trim().slice(0, 60)}…"` : all));
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
    case 'TAG_RESOLVE_FAILED':
      return `YAML error: ${msg}. The tools cannot read values with this tag; remove the tag (write the value plainly or quote it).`;
    case 'BAD_ALIAS':
      return `YAML syntax error: ${msg}. An alias \`*name\` must refer to an anchor \`&name\` defined earlier in the file.`;
    default:
      return `YAML syntax error: ${msg}.`;
  }
}
