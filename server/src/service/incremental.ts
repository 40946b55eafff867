/**
 * Incremental re-parse. When an edit stays inside one entry of a block mapping (a part, a
 * config option, a key of either), only that entry's lines are parsed again and spliced into a
 * copy of the previous tree; the entries after it are copied with their offsets shifted.
 *
 * parseFile stays the reference: the result must be exactly what it would give. The `yaml`
 * package reads a block entry the same way on its own as inside the file as long as the text
 * around it cannot change how its lines are read, and every check below is there to make sure
 * of that; anything unusual (anchors, tags, documents markers, tabs in indentation, an entry
 * that does not end where its next sibling starts...) falls back to a full parse.
 */
import {
  Composer, Lexer, Pair, Parser, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq,
  type CST, type Document, type Node, type YAMLError, type YAMLParseError, type YAMLWarning,
} from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import {
  MAX_DEPTH, YAML_OPTIONS, checkCharacters, diag, duplicateMessage, isMergeKeyNode, keySource, normalizeTree, yamlDiagnostics,
  type ParseOptions, type ParsedFile,
} from './parse';

/** Off switch: false makes every edit a full parse. */
export const INCREMENTAL_PARSE = true;

/**
 * How many re-parses took the fast path and how many fell back, by the reason the last try
 * gave up (tests and the benchmark read it).
 */
export const incrementalStats = { hits: 0, misses: 0, reasons: {} as Record<string, number> };

let reason = '';
function fail(why: string): undefined {
  reason = why;
  return undefined;
}

/**
 * A problem normalizeTree reported: a duplicate key or a complex key. It reports them in one
 * walk of the tree, a mapping's duplicate keys when it reaches the mapping, a complex key when
 * it reaches its entry; sorting by (`at`, `rank`, `start`) gives the same order: `at` is the
 * start of the mapping with the duplicate (rank 0), or the start of the complex key (rank 1).
 */
interface Problem {
  at: number;
  rank: 0 | 1;
  start: number;
  end: number;
  code: 'duplicate-key' | 'complex-key';
  message: string;
}

/** What the fast path needs to know about a parse besides its tree; null when it cannot be the base of one. */
interface Facts {
  problems: Problem[];
  /** The text has a character checkCharacters reports (then it is re-checked in full). */
  badChars: boolean;
}

const FACTS = new WeakMap<ParsedFile, Facts | null>();

const STABLE = new WeakMap<object, object>();

/**
 * A key a node shares with its shifted copies in the parses of later versions (same subtree,
 * moved by whole lines): what depends only on a subtree can be remembered by it.
 */
export function stableKey(node: object): object {
  let key = STABLE.get(node);
  if (!key) STABLE.set(node, (key = {}));
  return key;
}

const NODE_TYPE = Symbol.for('yaml.node.type');
const SPACE = 32;

/** One block mapping on the way from the root to the edit, and the entry of it that holds the edit. */
interface Level {
  map: YAMLMap;
  index: number;
  /** Column of the mapping's keys. */
  col: number;
  /** The entry's lines: from the start of its key's line to the start of the line after it. */
  start: number;
  end: number;
  /** The entry runs to the end of the file. */
  eof: boolean;
  /** Nesting depth of `map` as normalizeTree counts it (the root mapping is 1). */
  depth: number;
}

/**
 * The parse of `text` built from `prev` (the parse of the previous version of the same
 * document), or undefined when only a full parse can be trusted.
 */
export function reparse(prev: ParsedFile, text: string, opts: ParseOptions): ParsedFile | undefined {
  if (!INCREMENTAL_PARSE) return undefined;
  reason = 'no entry holds the edit';
  const out = tryReparse(prev, text, opts);
  if (out) {
    incrementalStats.hits++;
  } else {
    incrementalStats.misses++;
    incrementalStats.reasons[reason] = (incrementalStats.reasons[reason] ?? 0) + 1;
  }
  return out;
}

function tryReparse(prev: ParsedFile, text: string, opts: ParseOptions): ParsedFile | undefined {
  if (prev.uri !== opts.uri || prev.path !== opts.path || prev.kind !== opts.kind) return fail('another document');
  if (text.length > (opts.maxFileSize ?? Number.POSITIVE_INFINITY)) return fail('over the size limit');
  const facts = factsOf(prev);
  if (!facts || !prev.root) return fail('previous parse not eligible');
  const version = opts.version ?? 0;
  const old = prev.text;
  if (old === text) {
    const same: ParsedFile = { ...prev, version, lines: linesAfterEdit(prev.lines, opts, text, text.length, text.length, 0), incremental: true };
    FACTS.set(same, facts);
    return same;
  }

  // The changed span: old [p, oe) became new [p, oe + delta).
  const min = Math.min(old.length, text.length);
  const p = commonPrefix(old, text, min);
  const oe = old.length - commonSuffix(old, text, min - p);
  const delta = text.length - old.length;

  const chain = enclosingEntries(prev.root, old, p, oe);
  // The innermost entry first: the fewer lines, the cheaper. An outer one can still work when
  // the edit added a line at the inner entry's indentation.
  for (let i = chain.length - 1, tries = 0; i >= 0 && tries < 4; i--, tries++) {
    const out = spliceEntry(prev, facts, text, opts, chain, i, delta, () => linesAfterEdit(prev.lines, opts, text, p, oe, delta));
    if (out) return out;
  }
  return undefined;
}

/** Block by block first: comparing two slices runs in native code, many times faster than a loop. */
const BLOCK = 2048;

function commonPrefix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(n, n + BLOCK) === b.slice(n, n + BLOCK)) n += BLOCK;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function factsOf(f: ParsedFile): Facts | null {
  let facts = FACTS.get(f);
  if (facts === undefined) {
    facts = computeFacts(f);
    FACTS.set(f, facts);
  }
  return facts;
}

function computeFacts(f: ParsedFile): Facts | null {
  const root = f.root;
  if (f.skipped || f.docs.length !== 1 || !root || root.flow || !root.range) return null;
  // A lone CR is a line break the yaml package does not see (parseFile rewrites it).
  if (/\r(?!\n)/.test(f.text)) return null;
  // Before the first key only blank and comment lines, and a `---` (a directive would change
  // how the rest reads).
  if (!/^(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?:---[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*)?$/.test(f.text.slice(0, root.range[0]))) return null;
  // Only problems the fast path knows how to carry over (no aliases, complex keys, ...).
  const known = new Set(['yaml-syntax', 'duplicate-key', 'complex-key', 'invalid-character', 'replacement-character']);
  if (f.syntax.some((d) => !known.has(String(d.code)))) return null;
  if (!isClean(root)) return null;
  const problems: Problem[] = [];
  for (const d of f.syntax) {
    if (d.code !== 'duplicate-key' && d.code !== 'complex-key') continue;
    const start = f.lines.offsetAt(d.range.start);
    const end = f.lines.offsetAt(d.range.end);
    const at = d.code === 'complex-key' ? start : mapStartOfKey(root, start);
    if (at === undefined) return null;
    problems.push({ at, rank: d.code === 'complex-key' ? 1 : 0, start, end, code: d.code, message: d.message as string });
  }
  return { problems, badChars: f.syntax.some((d) => d.code === 'invalid-character' || d.code === 'replacement-character') };
}

/**
 * No aliases, anchors, tags, merge keys or non-scalar keys: those make one part of a file
 * depend on another (and normalizeTree rewrites some of them).
 */
function isClean(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (isAlias(node)) return false;
  const n = node as Node;
  if (n.anchor || n.tag || !n.range) return false;
  if (isScalar(n)) return true;
  if (isMap(n)) {
    for (const pair of n.items) {
      const key = pair.key;
      if (!isScalar(key) || key.anchor || key.tag || !key.range || isMergeKeyNode(key)) return false;
      if (!isClean(pair.value)) return false;
    }
    return true;
  }
  return isSeq(n) && n.items.every(isClean);
}

/** The start of the mapping that has a key starting at `at`. */
function mapStartOfKey(node: unknown, at: number): number | undefined {
  const contains = (n: unknown): boolean => {
    const r = (n as Node | null)?.range;
    return !!r && r[0] <= at && at < r[2];
  };
  for (let n: unknown = node; n;) {
    let next: unknown;
    if (isMap(n)) {
      for (const pair of n.items) {
        if ((pair.key as Node).range?.[0] === at) return n.range?.[0];
        if (contains(pair.value)) next = pair.value;
      }
    } else if (isSeq(n)) {
      next = n.items.find(contains);
    }
    n = next;
  }
  return undefined;
}

/**
 * Whether a key is the first thing on a line starting at `lineStart`, and has text (an empty
 * key, as in `: value`, starts wherever the blank lines before it do).
 */
function startsLine(text: string, lineStart: number, pair: Pair): boolean {
  const [key, end] = (pair.key as Node).range!;
  if (end <= key || lineStart < 0 || (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10)) return false;
  for (let i = lineStart; i < key; i++) if (text.charCodeAt(i) !== SPACE) return false;
  const c = text.charCodeAt(key);
  return c !== SPACE && c !== 9 && c !== 10 && c !== 13 && c !== 35;
}

function keyStart(pair: Pair): number {
  return (pair.key as Node).range![0];
}

/**
 * The block-mapping entries that hold the old span [p, oe), outermost first. The edit must
 * leave the first character of the entry's key and the line break before the next entry alone.
 */
function enclosingEntries(root: YAMLMap, old: string, p: number, oe: number): Level[] {
  const chain: Level[] = [];
  let map = root;
  let col = 0;
  let end = old.length;
  let eof = true;
  let depth = 1;
  for (;;) {
    const items = map.items as Pair[];
    let lo = 0;
    let hi = items.length - 1;
    let j = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keyStart(items[mid]) < p) {
        j = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (j < 0) break;
    const ks = keyStart(items[j]);
    if (!startsLine(old, ks - col, items[j])) break;
    let rEnd: number = end;
    let rEof: boolean = eof;
    if (j + 1 < items.length) {
      const next = keyStart(items[j + 1]);
      if (!startsLine(old, next - col, items[j + 1])) break;
      rEnd = next - col;
      rEof = false;
    }
    if (!(p > ks && (rEof ? oe <= rEnd : oe < rEnd))) break;
    chain.push({ map, index: j, col, start: ks - col, end: rEnd, eof: rEof, depth });
    const v = items[j].value;
    if (!isMap(v) || v.flow || v.items.length === 0) break;
    const first = keyStart(v.items[0] as Pair);
    const c = first - (old.lastIndexOf('\n', first - 1) + 1);
    if (c <= col || !startsLine(old, first - c, v.items[0] as Pair)) break;
    map = v;
    col = c;
    end = rEnd;
    eof = rEof;
    depth++;
  }
  return chain;
}

/**
 * Every line after the entry's key line is blank, a comment, or indented past `col` with
 * spaces. For the last entry of a nested mapping, a comment indented between `lower` and `col`
 * would end up in an enclosing mapping (whose range it extends): refused.
 */
function cleanLines(region: string, col: number, lower: number): boolean {
  if (region.includes('\r') && /\r(?!\n)/.test(region)) return false;
  let i = region.indexOf('\n');
  if (i < 0) return true;
  i++;
  while (i < region.length) {
    let k = 0;
    while (region.charCodeAt(i + k) === SPACE) k++;
    const nl = region.indexOf('\n', i);
    const lineEnd = nl < 0 ? region.length : nl;
    const c = region.charCodeAt(i + k);
    const blank = i + k === lineEnd || (c === 13 && i + k + 1 === lineEnd);
    if (!blank) {
      if (c === 35) {
        if (k > lower && k < col) return false;
      } else if (c === 9 || k <= col) {
        return false;
      }
    }
    i = lineEnd + 1;
  }
  return true;
}

/**
 * Whether text[from, to) holds a quote that the yaml lexer would take as the end of a quoted
 * scalar opened before it (`\"` and `''` are escapes). A quoted scalar left open before an
 * entry looks that far ahead, so the answer must not change.
 */
function hasClosingQuote(text: string, from: number, to: number, q: string): boolean {
  let i = text.indexOf(q, from);
  if (q === '"') {
    while (i !== -1 && i < to) {
      let n = 0;
      while (text.charCodeAt(i - 1 - n) === 92) n++;
      if (n % 2 === 0) return true;
      i = text.indexOf(q, i + 1);
    }
    return false;
  }
  while (i !== -1 && i < to && text[i + 1] === "'") i = text.indexOf(q, i + 2);
  return i !== -1 && i < to;
}

/**
 * Whether the yaml lexer, reading `src`, is at the start of a fresh line outside any flow
 * collection or scalar when it reaches `at`, and reads the sentinel key there (`z` after
 * `indent` spaces) as a new plain scalar. Then the text from `at` on cannot have changed how
 * anything before it was read, nor the other way round.
 */
function lexesCleanlyTo(src: string, at: number, indent: number): boolean {
  let off = 0;
  let flow = 0;
  let scalarNext = false;
  // 0: before `at`; 1: expecting the sentinel's indentation; 2: its scalar marker; 3: its text
  let phase = 0;
  for (const tok of new Lexer().lex(src, false)) {
    if (phase === 0 && off === at) {
      if (flow > 0) return false;
      phase = indent > 0 ? 1 : 2;
    }
    if (scalarNext) {
      scalarNext = false;
      if (phase === 3) return tok === 'z';
      if (off < at && off + tok.length > at) return false;
      off += tok.length;
      continue;
    }
    switch (tok) {
      case '\x1f': // scalar marker
        if (phase === 1) return false;
        if (phase === 2) phase = 3;
        scalarNext = true;
        continue;
      case '\x02': // document marker
        if (phase > 0) return false;
        continue;
      case '\x18': // flow collection ended by indentation
        if (phase > 0) return false;
        flow = 0;
        continue;
      case '{':
      case '[':
        flow++;
        break;
      case '}':
      case ']':
        flow = Math.max(0, flow - 1);
        break;
    }
    if (phase === 1) {
      if (tok !== ' '.repeat(indent)) return false;
      phase = 2;
    } else if (phase > 1) {
      return false;
    } else if (off + tok.length > at) {
      return false;
    }
    off += tok.length;
  }
  return false;
}

/**
 * Whether the entry's text (before `cut`) all went into the document's mapping, as it goes
 * into the enclosing mapping in the file. Something the parser read at a smaller indentation
 * (after a stray block scalar header, say) would land in an enclosing mapping in the file,
 * but outside the mapping here.
 */
function staysInside(tokens: CST.Token[], cut: number): boolean {
  const blank = (t: CST.SourceToken): boolean => t.offset >= cut || t.type === 'space' || t.type === 'newline' || t.type === 'comment';
  let docs = 0;
  for (const t of tokens) {
    if (t.offset >= cut) continue;
    if (t.type !== 'document') return false;
    docs++;
    if (t.value?.type !== 'block-map' || !t.start.every((st) => st.type === 'space') || !(t.end ?? []).every(blank)) return false;
  }
  return docs === 1;
}

/**
 * The TextDocument of the new text, with the line starts of the previous one carried over
 * (those after the edit shifted) when it has them: recomputing them means reading the whole
 * text. Left to be computed when a CR sits next to the edit (CR LF is one line break).
 */
function linesAfterEdit(prev: TextDocument, opts: ParseOptions, text: string, p: number, oe: number, delta: number): TextDocument {
  const doc = TextDocument.create(opts.uri, 'yaml', opts.version ?? 0, text);
  const inner = doc as unknown as { _lineOffsets?: number[] };
  const old = (prev as unknown as { _lineOffsets?: number[] })._lineOffsets;
  const ne = oe + delta;
  const cr = (t: string, i: number): boolean => t.charCodeAt(i) === 13;
  if (!Array.isArray(old) || !('_lineOffsets' in inner) || inner._lineOffsets !== undefined) return doc;
  const before = prev.getText();
  if (cr(before, p - 1) || cr(text, p - 1) || cr(before, oe - 1) || cr(text, ne - 1) || cr(before, p) || cr(text, p)) return doc;
  // Line starts whose line break lies before the edit, in it, and after it.
  let k = 0;
  while (k < old.length && old[k] <= p) k++;
  const starts = old.slice(0, k);
  for (let i = p; i < ne; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  while (k < old.length && old[k] - 1 < oe) k++;
  for (; k < old.length; k++) starts.push(old[k] + delta);
  inner._lineOffsets = starts;
  return doc;
}

function shiftInPlace(node: unknown, by: number): void {
  if (!node || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftInPlace(node.key, by);
    shiftInPlace(node.value, by);
    return;
  }
  const n = node as Node;
  if (n.range) n.range = [n.range[0] + by, n.range[1] + by, n.range[2] + by];
  if (isMap(n) || isSeq(n)) for (const it of n.items) shiftInPlace(it, by);
}

/**
 * A copy of a node or pair with the same own properties (the previous parse stays untouched).
 * Made with the class's own constructor when it is one of the usual four, so the copy has the
 * same shape as a parsed node (and property lookups stay as fast on it).
 */
function shallowCopy<T extends object>(node: T): T {
  const proto = Object.getPrototypeOf(node) as object;
  let made: object | undefined;
  if (proto === Scalar.prototype) made = new Scalar((node as unknown as Scalar).value);
  else if (proto === Pair.prototype) made = new Pair(null);
  else if (proto === YAMLMap.prototype) made = new YAMLMap((node as unknown as YAMLMap).schema);
  else if (proto === YAMLSeq.prototype) made = new YAMLSeq((node as unknown as YAMLSeq).schema);
  if (made) return Object.assign(made, node) as T;
  const src = node as unknown as Record<PropertyKey, unknown>;
  const copy = Object.create(proto) as Record<PropertyKey, unknown>;
  Object.defineProperty(copy, NODE_TYPE, { value: src[NODE_TYPE] });
  if (isMap(node) || isSeq(node)) Object.defineProperty(copy, 'schema', { value: node.schema, configurable: true, enumerable: false, writable: true });
  Object.assign(copy, node);
  return copy as unknown as T;
}

/** A deep copy with every offset moved by `delta` (the entries after the edit). */
function cloneShifted(node: unknown, delta: number): unknown {
  if (!node || typeof node !== 'object') return node;
  const copy = shallowCopy(node);
  if (isPair(copy)) {
    copy.key = cloneShifted(copy.key, delta);
    copy.value = cloneShifted(copy.value, delta);
    return copy;
  }
  const n = copy as Node;
  if (n.range) n.range = [n.range[0] + delta, n.range[1] + delta, n.range[2] + delta];
  if (isMap(n) || isSeq(n)) {
    (n as { items: unknown[] }).items = n.items.map((it) => cloneShifted(it, delta));
    const key = STABLE.get(node);
    if (key) STABLE.set(copy, key);
  }
  return copy;
}

function copyLeadingTrivia(from: Scalar, to: Scalar): void {
  if (from.spaceBefore) to.spaceBefore = true;
  else delete to.spaceBefore;
  if (from.commentBefore !== undefined) to.commentBefore = from.commentBefore;
  else delete to.commentBefore;
}

/** A copy of a problem of the yaml package at another offset (same class, code and message). */
function shiftError(e: YAMLError, by: number): YAMLError {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(e) as object) as YAMLError, e);
  copy.pos = [e.pos[0] + by, e.pos[1] + by];
  return copy;
}

/**
 * Re-parses the entry chain[i] of the new text on its own and builds the new parse around it,
 * or gives up (undefined).
 */
function spliceEntry(
  prev: ParsedFile, facts: Facts, text: string, opts: ParseOptions, chain: Level[], i: number, delta: number, newLines: () => TextDocument,
): ParsedFile | undefined {
  const old = prev.text;
  const at = chain[i];
  const col = at.col;
  const r0 = at.start;
  const r1 = at.end;
  const last = at.index === at.map.items.length - 1;
  const region = text.slice(r0, r1 + delta);

  // The line after the entry (unchanged text): its next sibling's key, or a key of an
  // enclosing mapping, indented `next` columns.
  let next = -1;
  if (!at.eof) {
    next = 0;
    while (old.charCodeAt(r1 + next) === SPACE) next++;
    if (last ? next >= col : next !== col) return fail('next line');
  }
  if (!cleanLines(region, col, last ? Math.max(next, 0) : col)) return fail('lines');

  // A problem reported at the entry's key or at the next one may come from the neighbouring
  // entry (a flow collection left open before a key is closed there, and the lexer then reads
  // the key's line differently): only a full parse knows.
  const oldDoc = prev.docs[0];
  // So may one that starts before the entry and ends in or after it. And the yaml package
  // reports "Map comment with trailing content" (IMPOSSIBLE) after the mapping's entries, out of
  // position order: where it goes among the entry's problems is for a full parse to say.
  const atBoundary = (e: YAMLError): boolean =>
    e.code === 'IMPOSSIBLE' || e.pos[0] === r0 + col || (!at.eof && e.pos[0] === r1 + next) || (e.pos[0] < r0 && e.pos[1] > r0);
  if (oldDoc.errors.some(atBoundary) || oldDoc.warnings.some(atBoundary)) return fail('problem at a boundary');

  let quotes = '';
  for (const q of ['"', "'"]) {
    if (hasClosingQuote(text, r1 + delta, text.length, q)) quotes += q;
    else if (hasClosingQuote(old, r0, r1, q) !== hasClosingQuote(text, r0, r1 + delta, q)) return fail('quotes');
  }
  // Stand-ins for the lines around the entry. After it, a key with the indentation of the
  // real next line and the same answer to "is there a closing quote further on"; when that key
  // belongs to an enclosing mapping, a parent key before the entry too, so that what trails
  // the entry moves to the stand-in as it moves to the real next key.
  const outer = !at.eof && next < col;
  const prefix = outer ? `${' '.repeat(next)}y:\n` : '';
  const sentinel = at.eof ? '' : `${' '.repeat(next)}z: x${quotes}\n`;
  const src = prefix + region + sentinel;
  const base = prefix.length;
  const cut = base + region.length;
  if (!at.eof && !lexesCleanlyTo(src, cut, next)) return fail('lexer state');

  // What parseAllDocuments does, with a look at the syntax tree in between.
  const tokens = Array.from(new Parser().parse(src));
  if (!staysInside(tokens, cut)) return fail('syntax tree');
  const docs = Array.from(new Composer(YAML_OPTIONS).compose(tokens));
  if (docs.length !== 1) return fail('documents');
  const doc = docs[0];
  const isoRoot = doc.contents;
  if (!isMap(isoRoot) || isoRoot.flow || isoRoot.items.length !== (at.eof ? 1 : 2)) return fail('shape');
  let stand: Scalar | undefined;
  if (!at.eof) {
    const z = isoRoot.items[1].key;
    if (!isScalar(z) || z.value !== 'z' || z.range?.[0] !== cut + next) return fail('shape');
    stand = z;
  }
  const top = outer ? isoRoot.items[0].value : isoRoot;
  if (!isMap(top) || top.flow || !top.range || top.items.length !== (outer || at.eof ? 1 : 2)) return fail('shape');
  const pair = top.items[0] as Pair;
  const key = pair.key;
  if (!isScalar(key) || !key.range || key.range[0] !== base + col || (key.type !== 'PLAIN' && key.type !== 'QUOTE_DOUBLE' && key.type !== 'QUOTE_SINGLE')) return fail('key');
  const firstBreak = src.indexOf('\n', base);
  if (firstBreak >= 0 && key.range[1] > firstBreak) return fail('key');
  // Problems outside the entry would come from the stand-ins.
  const keep = (list: YAMLError[]): YAMLError[] | undefined => {
    for (const e of list) if (e.code === 'RESOURCE_EXHAUSTION' || e.code === 'IMPOSSIBLE' || e.pos[0] < base || (!at.eof && e.pos[1] > cut)) return undefined;
    return list;
  };
  const regionErrors = keep(doc.errors);
  const regionWarnings = keep(doc.warnings);
  if (!regionErrors || !regionWarnings) return fail('problem outside the entry');

  // The key itself must not change: the duplicate keys of the mapping that holds the entry
  // then stay as they were (parseFile compares keys before normalizeTree rewrites them).
  const oldKey = (at.map.items[at.index].key as Node).range!;
  if (old.slice(oldKey[0], oldKey[1]) !== src.slice(key.range[0], key.range[1])) return fail('key changed');

  const shift = r0 - base;
  shiftInPlace(top, shift);
  // Comments and blank lines before a key belong to it; those before this entry's key are
  // outside the entry, and those at its end go to the key after it.
  const oldKeyNode = at.map.items[at.index].key as Scalar;
  copyLeadingTrivia(oldKeyNode, key);
  // normalizeTree does to the entry what parseFile does to it, and reports its problems.
  const found: Problem[] = [];
  let other = false;
  const entryEnd = r0 + region.length;
  // (normalizeTree only reads the document's contents)
  const { depth } = normalizeTree({ contents: top } as unknown as Document.Parsed, text, (start, end, code, message) => {
    if (start >= entryEnd) return;
    if (code === 'duplicate-key' || code === 'complex-key') found.push({ at: start, rank: code === 'complex-key' ? 1 : 0, start, end, code, message });
    else other = true;
  });
  if (other || at.depth - 1 + depth > MAX_DEPTH) return fail('normalizeTree');
  if (!isClean(pair.key) || !isClean(pair.value)) return fail('anchors, aliases or tags');

  // The new tree: copies of the mappings on the way down, the new entry, shifted copies of
  // everything after it. Ranges of the copied mappings follow resolveBlockMap: [first key,
  // end of the last value, end of trailing comments].
  // An old offset outside the entry, in the new text (NaN inside the entry: unknown).
  const moved = (x: number): number => (x <= r0 ? x : x >= r1 ? x + delta : Number.NaN);
  let child: Pair = pair;
  let newMap: YAMLMap | undefined;
  let owner: YAMLMap | undefined;
  let childEnd = 0;
  for (let k = i; k >= 0; k--) {
    const lv = chain[k];
    const m = lv.map;
    const items: unknown[] = m.items.slice(0, lv.index);
    items.push(child);
    for (let j = lv.index + 1; j < m.items.length; j++) items.push(cloneShifted(m.items[j], delta));
    if (stand && lv.index + 1 < m.items.length) {
      copyLeadingTrivia(stand, (items[lv.index + 1] as Pair).key as Scalar);
      stand = undefined;
    }
    const r = m.range!;
    let end1: number;
    let end2: number;
    if (lv.index < m.items.length - 1) {
      // (the end of trailing comments can even come before the last entry, when the yaml
      // package complains about "Map comment with trailing content")
      end1 = moved(r[1]);
      end2 = moved(r[2]);
      if (Number.isNaN(end1) || Number.isNaN(end2)) return fail('range');
    } else if (k === i) {
      end1 = top.range[1];
      end2 = top.range[2];
    } else {
      // Trailing comments of the entry stay in it or go past this mapping (cleanLines).
      if (r[2] !== r[1]) return fail('trailing comments');
      end1 = childEnd;
      end2 = childEnd;
    }
    newMap = shallowCopy(m);
    newMap.items = items as Pair[];
    newMap.range = [r[0], end1, end2];
    if (k === i && lv.index === m.items.length - 1) {
      // (comments after the last entry, as indented as it, are the mapping's)
      if (top.comment !== undefined) newMap.comment = top.comment;
      else delete newMap.comment;
    }
    if (k === i) owner = newMap;
    childEnd = end2;
    if (k > 0) {
      const up = chain[k - 1];
      child = shallowCopy(up.map.items[up.index] as Pair);
      child.value = newMap;
    }
  }
  const root = newMap!;

  const newDoc = shallowCopy(oldDoc);
  const dr = oldDoc.range;
  newDoc.contents = root as unknown as typeof newDoc.contents;
  newDoc.range = at.eof ? [dr[0], root.range![2], doc.range[2] + shift] : [dr[0], moved(dr[1]), moved(dr[2])];
  if (newDoc.range.some(Number.isNaN)) return fail('range');
  if (at.eof) newDoc.comment = doc.comment;
  const merge = (before: YAMLError[], mid: YAMLError[]): YAMLError[] => [
    ...before.filter((e) => e.pos[0] < r0),
    ...mid.map((e) => shiftError(e, shift)),
    // (at the end of the file, a problem at the very end is the entry's)
    ...(at.eof ? [] : before.filter((e) => e.pos[0] >= r1).map((e) => shiftError(e, delta))),
  ];
  newDoc.errors = merge(oldDoc.errors, regionErrors) as YAMLParseError[];
  newDoc.warnings = merge(oldDoc.warnings, regionWarnings) as YAMLWarning[];

  const version = opts.version ?? 0;
  const lines = newLines();
  const { syntax, exhausted } = yamlDiagnostics(text, lines, [newDoc]);
  if (exhausted) return fail('normalizeTree');

  const chars: Diagnostic[] = [];
  if (facts.badChars) {
    checkCharacters(text, (s, e, severity, code, message) => chars.push(diag(lines, s, e, severity, code, message)));
  } else {
    checkCharacters(region, (s, e, severity, code, message) => chars.push(diag(lines, s + r0, e + r0, severity, code, message)));
  }

  // Duplicate keys: those inside the entry come from normalizeTree above, the others are kept
  // (shifted when after the entry). The entry's own key may be a duplicate: its message quotes
  // the key's line, which may have changed.
  const keyAt = oldKey[0];
  const problems: Problem[] = [];
  for (const d of facts.problems) {
    if (d.start === keyAt && d.code === 'duplicate-key') {
      const raw = keySource(text, keyAt);
      problems.push({ ...d, end: keyAt + Math.max(raw.length, 1), message: duplicateMessage(raw) });
    } else if (d.start < r0) {
      problems.push(d);
    } else if (d.start >= r1) {
      problems.push({ ...d, at: d.at < r0 ? d.at : d.at + delta, start: d.start + delta, end: d.end + delta });
    }
  }
  for (const d of found) {
    if (d.code === 'duplicate-key') {
      const mapStart = mapStartOfKey(owner, d.start);
      if (mapStart === undefined) return fail('duplicate key');
      d.at = mapStart;
    }
    problems.push(d);
  }
  problems.sort((a, b) => a.at - b.at || a.rank - b.rank || a.start - b.start);

  for (const d of chars) syntax.push(d);
  for (const d of problems) syntax.push(diag(lines, d.start, d.end, DiagnosticSeverity.Error, d.code, d.message));

  const out: ParsedFile = {
    uri: opts.uri,
    path: opts.path,
    kind: opts.kind,
    version,
    text,
    lines,
    docs: [newDoc as Document.Parsed],
    root,
    syntax,
    incremental: true,
  };
  FACTS.set(out, { problems, badChars: facts.badChars || chars.length > 0 });
  return out;
}
