import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Position } from 'vscode-languageserver-types';
import type { YamlPath } from '../ast';
import type { ParsedFile } from '../parse';

/*
 * Cursor → YAML path. Two views of the same text:
 * - the AST (`hitAt`), exact for well-formed files and used by hover and navigation;
 * - an indentation outline of the lines (`outline`, `cursorContext`), used by completion because
 *   a half-typed line (`    plu`, `base:`, `  - `) often parses as something else than what the
 *   user is writing (`foo:\n    plu` is the scalar "plu", not a key being typed).
 */

// ---------------------------------------------------------------------------------------------
// Line outline

/** One structural element found on a line: a list dash, a `key:` or a bare word. */
export interface LineEntry {
  kind: 'item' | 'key' | 'text';
  /** Column of the dash, the key or the word. */
  column: number;
  /** The key (unquoted) for `key`, the word for `text`. */
  key?: string;
  /** Column just after the key text (before the colon). */
  keyEnd?: number;
  /** Column of the value after `key: ` or `- ` (when there is one on this line). */
  valueColumn?: number;
  /** The inline value text with any trailing comment removed. */
  value?: string;
  /** Full path of the element: container path + key or index. */
  path: YamlPath;
}

export interface OutlineLine {
  line: number;
  text: string;
  indent: number;
  /** Blank or comment-only. */
  empty: boolean;
  /** Inside a block scalar or the continuation of a multi-line value. */
  continuation: boolean;
  entries: readonly LineEntry[];
  /** Path of the mapping or list that holds the line's first entry. */
  container: YamlPath;
  /** The innermost open element after this line (its parents follow `parent`). */
  top: Frame | undefined;
}

export interface Frame {
  readonly indent: number;
  readonly step: string | number;
  readonly kind: 'key' | 'item';
  readonly parent: Frame | undefined;
  /** Nesting depth (1 for a top-level key). */
  readonly depth: number;
  path?: YamlPath;
}

// Deeper nesting than this is not followed (paths and frames stay small on hostile input).
const MAX_DEPTH = 128;

const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?=\s|$)/;
// A plain key ends at the first `:` followed by a space or the end of the line (so
// `ubuntu@22.04:amd64:` is one key); it may not start with a flow or block indicator.
const PLAIN_KEY = /^([^\s#'"[\]{},&*!|>%@`?-][^#]*?|[-?][^\s#][^#]*?)\s*:(?=\s|$)/;
/** Line ends as LSP counts them (and TextDocument): CRLF, LF or a lone CR. */
export const EOL = /\r\n|\r|\n/;
const BLOCK_SCALAR = /^(?:[&!][^\s]*\s+)*[|>][-+0-9]*\s*(?:#.*)?$/;

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** The value text without a trailing ` # comment` (quotes respected). */
export function stripComment(value: string): string {
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:]/.test(value[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(value[i - 1]))) {
      return value.slice(0, i).trimEnd();
    }
  }
  return value.trimEnd();
}

/*
 * Outline objects are built with one fixed shape each (no spreads, no optional fields left out):
 * a 100,000-line file has as many of them, and objects of one shape share their hidden class.
 */
class Entry implements LineEntry {
  /** The open element this entry made (its path is that element's, built when first asked). */
  frame: Frame | undefined = undefined;
  constructor(
    readonly kind: LineEntry['kind'], readonly column: number, readonly key?: string, readonly keyEnd?: number,
    readonly valueColumn?: number, readonly value?: string,
  ) {}
  get path(): YamlPath {
    return pathOf(this.frame);
  }
}

class Line implements OutlineLine {
  constructor(
    readonly line: number, readonly text: string, readonly indent: number, readonly empty: boolean, readonly continuation: boolean,
    readonly entries: readonly LineEntry[], private readonly containerFrame: Frame | undefined, readonly top: Frame | undefined,
  ) {}
  /** Built when first asked: most lines' paths are never read. */
  get container(): YamlPath {
    return pathOf(this.containerFrame);
  }
}

function frame(indent: number, step: string | number, kind: Frame['kind'], parent: Frame | undefined): Frame {
  return { indent, step, kind, parent, depth: (parent?.depth ?? 0) + 1, path: undefined };
}

const NO_ENTRIES: readonly LineEntry[] = Object.freeze([]);

/** Splits the content of a line (from `column`) into dashes, a key and its value. */
function lineEntries(text: string, column: number): Entry[] {
  const out: Entry[] = [];
  let c = column;
  for (;;) {
    const rest = text.slice(c);
    // `- - - ...` thousands deep: the rest of the line is taken as text.
    if (out.length >= MAX_DEPTH) {
      out.push(new Entry('text', c, rest.slice(0, 200)));
      return out;
    }
    if (rest === '-' || rest.startsWith('- ') || rest.startsWith('-\t')) {
      const after = rest.slice(1);
      const skip = after.length - after.trimStart().length;
      const valueColumn = c + 1 + skip;
      const value = stripComment(text.slice(valueColumn));
      out.push(new Entry('item', c, undefined, undefined, value ? valueColumn : undefined, value || undefined));
      if (!value) return out;
      c = valueColumn;
      continue;
    }
    if (!rest || rest.startsWith('#')) return out;
    const m = QUOTED_KEY.exec(rest) ?? PLAIN_KEY.exec(rest);
    if (m) {
      const rawKey = m[1].trimEnd();
      const afterColon = c + m[0].length;
      const tail = text.slice(afterColon);
      const skip = tail.length - tail.trimStart().length;
      const value = stripComment(tail.trimStart());
      out.push(new Entry('key', c, unquote(rawKey), c + rawKey.length, value ? afterColon + skip : undefined, value || undefined));
      return out;
    }
    out.push(new Entry('text', c, stripComment(rest)));
    return out;
  }
}

/** A value that carries on over the next, more indented lines. */
function opensContinuation(value: string | undefined): boolean {
  if (!value) return false;
  if (BLOCK_SCALAR.test(value)) return true;
  // An anchor or a tag alone leaves the children to the next lines.
  if (/^([&!][^\s]*\s*)+$/.test(value)) return false;
  const v = value.replace(/^([&!][^\s]*\s+)+/, '');
  if (v.startsWith('[') || v.startsWith('{')) return !flowClosed(v);
  if (v.startsWith('"') || v.startsWith("'")) return !quoteClosed(v);
  // A plain scalar may continue on more indented lines.
  return true;
}

function flowClosed(v: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth <= 0;
}

function quoteClosed(v: string): boolean {
  const q = v[0];
  for (let i = 1; i < v.length; i++) {
    if (v[i] === '\\' && q === '"') i++;
    else if (v[i] === q) {
      if (q === "'" && v[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

/** The path of an open element, computed once and shared (callers must not mutate it). */
function pathOf(frame: Frame | undefined): YamlPath {
  if (!frame) return ROOT;
  // concat: an exact-size array (a spread literal keeps spare room, and there is one per key)
  return (frame.path ??= pathOf(frame.parent).concat([frame.step]));
}
const ROOT: YamlPath = [];

let cache: { text: string; lines: OutlineLine[] } | undefined;

/**
 * The indentation outline of a document: for every line, the elements on it and the path of
 * the mapping or list they belong to. Works on any text, valid YAML or not. A bare word is
 * taken as a key being typed. The last outline is cached: every request on the same text
 * version shares it.
 */
export function outline(text: string): OutlineLine[] {
  if (cache && cache.text === text) return cache.lines;
  const lines = text.split(EOL);
  const out: OutlineLine[] = [];
  // The open elements, innermost first; frames are immutable, so a line keeps its snapshot.
  let top: Frame | undefined;
  // Lines indented deeper than this belong to the previous value (block scalar, long string).
  let continuationIndent = Number.POSITIVE_INFINITY;
  const popWhile = (test: (f: Frame) => boolean): void => {
    while (top && test(top)) top = top.parent;
  };

  lines.forEach((lineText, line) => {
    const content = lineText.trimStart();
    const indent = lineText.length - content.length;
    const empty = content === '' || content.startsWith('#');
    if (empty) {
      out.push(new Line(line, lineText, indent, true, false, NO_ENTRIES, top, top));
      return;
    }
    if (indent > continuationIndent) {
      out.push(new Line(line, lineText, indent, false, true, NO_ENTRIES, top, top));
      return;
    }
    continuationIndent = Number.POSITIVE_INFINITY;
    if (content.startsWith('---') || content.startsWith('...')) {
      top = undefined;
      out.push(new Line(line, lineText, indent, false, false, NO_ENTRIES, undefined, top));
      return;
    }
    const entries = lineEntries(lineText, indent);
    // the element holding the line's first entry (undefined: the root); null until known
    let container: Frame | undefined | null = null;
    entries.forEach((e, i) => {
      const first = i === 0;
      if (e.kind === 'item') {
        let index = 0;
        if (first) {
          popWhile((f) => f.indent > e.column);
          if (top && top.kind === 'item' && top.indent === e.column) {
            index = (top.step as number) + 1;
            top = top.parent;
          }
        }
        if (container === null) container = top;
        if ((top?.depth ?? 0) < MAX_DEPTH) top = frame(e.column, index, 'item', top);
        e.frame = top;
        return;
      }
      // A key, or a bare word (a key being typed, or text that does not parse).
      if (first) popWhile((f) => f.indent >= e.column);
      if (container === null) container = top;
      if ((top?.depth ?? 0) < MAX_DEPTH) top = frame(e.column, e.key ?? '', 'key', top);
      e.frame = top;
    });
    const last = entries[entries.length - 1];
    if (last && last.kind !== 'text' && opensContinuation(last.value)) continuationIndent = last.column;
    // slice(): an exact-size copy (a pushed-to array keeps room for 16 more)
    out.push(new Line(line, lineText, indent, false, false, entries.length ? entries.slice() : NO_ENTRIES, container === null ? top : container, top));
  });
  cache = { text, lines: out };
  return out;
}

// ---------------------------------------------------------------------------------------------
// Completion context

export interface CursorContext {
  /**
   * `key`: a key of the mapping at `path` is being typed; `value`: the value at `path`;
   * `none`: inside a comment or a block of text.
   */
  mode: 'key' | 'value' | 'none';
  /** The mapping (key mode) or the value (value mode) the cursor is in. */
  path: YamlPath;
  /** What is typed so far of the word at the cursor. */
  prefix: string;
  /** Offsets of the word at the cursor (what a completion replaces). */
  replaceStart: number;
  replaceEnd: number;
  /** Key mode: the line already has `key: value` after the word, so insert the name only. */
  hasColon: boolean;
  /** Value mode: the cursor is right after a colon (`base:|`): insert a space first. */
  needsSpace: boolean;
  /** Value mode: a list item (`- |` or inside `[...]`), so values, not key snippets. */
  inList: boolean;
  /** Value mode inside a flow list `[a, |]`. */
  inFlow: boolean;
  /** Key mode: the column where the key starts (for indenting multi-line snippets). */
  column: number;
  /** Key mode: keys already present in the mapping (the one being typed excluded). */
  siblings: string[];
  /** Value mode: values already in the list (for `after: [a, |]`). */
  listValues: string[];
  /** The outline of the text (computed once per request, shared by the features). */
  lines: OutlineLine[];
}

const WORD = /[^\s:,[\]{}#"']/;

/** Where the cursor is, in YAML terms, for completion. Works on broken and half-typed files. */
export function cursorContext(text: string, offset: number): CursorContext {
  const { line, lineStart } = lineAt(text, offset);
  const col = offset - lineStart;
  const lines = outline(text);
  const info = lines[line] ?? { line, text: '', indent: 0, empty: true, continuation: false, entries: [], container: [] };
  const lineText = info.text;
  let start = col;
  while (start > 0 && WORD.test(lineText[start - 1])) start--;
  let end = col;
  while (end < lineText.length && WORD.test(lineText[end])) end++;
  const prefix = lineText.slice(start, col);
  const ctx: CursorContext = {
    mode: 'key', path: [], prefix, replaceStart: lineStart + start, replaceEnd: lineStart + end, hasColon: false,
    needsSpace: false, inList: false, inFlow: false, column: col, siblings: [], listValues: [], lines,
  };

  if (info.continuation) return { ...ctx, mode: 'none' };
  const hash = commentStart(lineText);
  if (hash >= 0 && hash < col) return { ...ctx, mode: 'none' };

  if (info.empty || info.entries.length === 0) {
    // A blank line: the indentation of the cursor decides which mapping it is in.
    const path = containerAtColumn(lines, line, col);
    return { ...ctx, path, column: col, siblings: siblingKeys(lines, path, line) };
  }

  // The element on this line that the cursor is in or after.
  const entries = info.entries;
  let entry = entries[0];
  for (const e of entries) if (e.column <= col) entry = e;

  if (col < entry.column) {
    // Cursor in the indentation before the content: a new key at the cursor's column.
    const path = containerAtColumn(lines, line, col);
    return { ...ctx, path, column: col, siblings: siblingKeys(lines, path, line) };
  }

  if (entry.kind === 'key') {
    const keyEnd = entry.keyEnd ?? entry.column;
    if (col <= keyEnd) {
      const container = entry.path.slice(0, -1);
      return {
        ...ctx, path: container, column: entry.column, hasColon: true,
        siblings: siblingKeys(lines, container, line).filter((k) => k !== entry.key),
      };
    }
    // After the colon: the value of this key.
    const colon = lineText.indexOf(':', keyEnd);
    const needsSpace = colon >= 0 && col === colon + 1 && (lineText[col] === undefined || lineText[col] !== ' ');
    const valueText = lineText.slice(colon + 1, col);
    const flow = flowListContext(valueText);
    if (flow) {
      return { ...ctx, mode: 'value', path: [...entry.path, flow.index], inList: true, inFlow: true, listValues: flow.values };
    }
    if (/^\s*[{|>]/.test(valueText)) return { ...ctx, mode: 'none' };
    return { ...ctx, mode: 'value', path: entry.path, needsSpace };
  }

  if (entry.kind === 'item') {
    const valueText = lineText.slice(entry.column + 1, col);
    const flow = flowListContext(valueText);
    if (flow) {
      return { ...ctx, mode: 'value', path: [...entry.path, flow.index], inList: true, inFlow: true, listValues: flow.values };
    }
    // `- |` or `- wor|`: a list value, or the first key of a mapping item.
    return {
      ...ctx, mode: 'value', path: entry.path, inList: true, column: entry.valueColumn ?? col,
      listValues: listItemValues(lines, entry.path.slice(0, -1), line),
      siblings: siblingKeys(lines, entry.path, line),
    };
  }

  // A bare word being typed: a list value after `- `, else a key of the mapping it is under.
  const previous = entries[entries.indexOf(entry) - 1];
  if (previous?.kind === 'item') {
    return {
      ...ctx, mode: 'value', path: previous.path, inList: true, column: entry.column,
      listValues: listItemValues(lines, previous.path.slice(0, -1), line),
      siblings: siblingKeys(lines, previous.path, line),
    };
  }
  const container = entry.path.slice(0, -1);
  return { ...ctx, path: container, column: entry.column, siblings: siblingKeys(lines, container, line) };
}

/** The line of an offset and where it starts, counting line ends as LSP does (no copies of the text). */
function lineAt(text: string, offset: number): { line: number; lineStart: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, lineStart };
}

/** Column of a `#` that starts a comment on the line, or -1. */
function commentStart(lineText: string): number {
  const content = lineText.trimStart();
  if (content.startsWith('#')) return lineText.length - content.length;
  const stripped = stripComment(lineText);
  return stripped.length < lineText.trimEnd().length ? lineText.indexOf('#', stripped.length) : -1;
}

/** Inside an unclosed `[` on the line: the item index and the values before the cursor. */
function flowListContext(valueText: string): { index: number; values: string[] } | undefined {
  const t = valueText.trimStart();
  if (!t.startsWith('[') || flowClosed(t)) return undefined;
  const inner = t.slice(1);
  if (/[[{]/.test(inner)) return undefined;
  const parts = inner.split(',');
  return { index: parts.length - 1, values: parts.slice(0, -1).map((p) => p.trim().replace(/^["']|["']$/g, '')).filter(Boolean) };
}

/** The path of the mapping a new key typed at `column` on `line` would belong to. */
function containerAtColumn(lines: OutlineLine[], line: number, column: number): YamlPath {
  for (let i = line - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.empty || l.continuation) continue;
    let f = l.top;
    while (f && f.indent >= column) f = f.parent;
    return pathOf(f);
  }
  return [];
}

function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Keys present in the mapping at `path` (from the whole text), except on `skipLine`. */
export function siblingKeys(lines: OutlineLine[], path: YamlPath, skipLine = -1): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l.line === skipLine) continue;
    for (const e of l.entries) {
      if (e.kind === 'key' && e.path.length === path.length + 1 && samePath(e.path.slice(0, -1), path)) out.push(e.key ?? '');
    }
  }
  return out;
}

/** Scalar items of the list at `path`, except on `skipLine`. */
function listItemValues(lines: OutlineLine[], path: YamlPath, skipLine: number): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l.line === skipLine) continue;
    for (const e of l.entries) {
      if (e.kind === 'item' && e.value && e.path.length === path.length + 1 && samePath(e.path.slice(0, -1), path)) {
        const v = e.value.replace(/^["']|["']$/g, '');
        if (!/^[[{]/.test(v) && !/:(\s|$)/.test(v)) out.push(v);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// AST hits (hover, navigation)

export interface Hit {
  /** `key`: on a mapping key; `value`: on a scalar value (or an alias); */
  on: 'key' | 'value';
  /** Path of the key's value, or of the scalar. */
  path: YamlPath;
  node: Node;
  /** The pair the key belongs to, or the pair whose value is the scalar. */
  pair?: Pair<unknown, unknown>;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  return !!node && !!node.range && node.range[0] <= offset && offset <= node.range[1];
}

/** The key or scalar under the cursor in the parsed tree (undefined off any node). */
export function hitAt(parsed: ParsedFile, offset: number): Hit | undefined {
  const doc = parsed.docs[0];
  if (!doc || !doc.contents) return undefined;
  let node: Node | null = doc.contents as Node;
  const path: YamlPath = [];
  let pair: Pair<unknown, unknown> | undefined;
  for (let depth = 0; node && depth < 200; depth++) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const key = p.key as Node | null;
        const value = p.value as Node | null;
        const name = keyString(key);
        if (contains(key, offset) && key) return { on: 'key', path: [...path, name], node: key, pair: p };
        if (contains(value, offset)) {
          path.push(name);
          pair = p;
          next = value;
          break;
        }
      }
      if (!next) return undefined;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => contains(it as Node, offset));
      if (i < 0) return undefined;
      path.push(i);
      pair = undefined;
      node = node.items[i] as Node;
    } else {
      return { on: 'value', path, node, pair };
    }
  }
  return undefined;
}

function keyString(key: Node | null): string {
  if (isScalar(key)) return key.value === null ? '' : typeof key.value === 'string' ? key.value : key.source ?? String(key.value);
  return key ? String(key) : '';
}

/** The hit from the AST, or — on broken YAML — what the outline says is under the cursor. */
export function hitOrOutlineAt(parsed: ParsedFile, offset: number): { on: 'key' | 'value'; path: YamlPath; start: number; end: number; text: string } | undefined {
  const hit = hitAt(parsed, offset);
  if (hit && hit.node.range) {
    const text = isScalar(hit.node) ? String(hit.node.source ?? hit.node.value ?? '') : '';
    return { on: hit.on, path: hit.path, start: hit.node.range[0], end: hit.node.range[1], text };
  }
  const pos: Position = parsed.lines.positionAt(offset);
  const lines = outline(parsed.text);
  const l = lines[pos.line];
  if (!l || l.empty || l.continuation) return undefined;
  const lineStart = offset - pos.character;
  for (const e of [...l.entries].reverse()) {
    if (e.kind === 'key' && e.column <= pos.character && pos.character <= (e.keyEnd ?? e.column)) {
      return { on: 'key', path: e.path, start: lineStart + e.column, end: lineStart + (e.keyEnd ?? e.column), text: e.key ?? '' };
    }
    if (e.value && e.valueColumn !== undefined && e.valueColumn <= pos.character && pos.character <= e.valueColumn + e.value.length) {
      return { on: 'value', path: e.path, start: lineStart + e.valueColumn, end: lineStart + e.valueColumn + e.value.length, text: e.value };
    }
  }
  return undefined;
}
