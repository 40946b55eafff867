import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { rangeOfOffsets, type ParsedFile } from './parse';

/** A path into a document: mapping keys and list indexes. */
export type YamlPath = (string | number)[];

export type AnyPair = Pair<unknown, unknown>;

/** The text of a mapping key (keys are scalars in all our files). */
export function keyText(pair: AnyPair): string {
  const k = pair.key;
  // YAML 1.1 reads `on:` or `yes:` as booleans; the key the user wrote is its source text.
  if (isScalar(k)) return k.value === null ? '' : typeof k.value === 'string' ? k.value : k.source ?? (typeof k.value === 'symbol' ? '<<' : String(k.value));
  if (k === null || k === undefined) return '';
  return String(k);
}

/** Follows an alias to the node it names; gives up (undefined) on a dangling alias. */
export function deref(node: unknown, doc: Document | undefined): Node | undefined {
  let n = node as Node | undefined;
  for (let hops = 0; n && isAlias(n) && hops < 32; hops++) {
    n = (doc ? n.resolve(doc) : undefined) as Node | undefined;
  }
  return n && isAlias(n) ? undefined : n ?? undefined;
}

/**
 * The pairs of a mapping as the tools see them: `<<` merge keys (YAML 1.1) are replaced by
 * the pairs they bring in, and explicit keys win over merged ones.
 */
export function mapPairs(map: YAMLMap, doc: Document | undefined): AnyPair[] {
  let hasMerge = false;
  for (const p of map.items) if (isMergeKey(p)) hasMerge = true;
  if (!hasMerge) return map.items as AnyPair[];
  const own = (map.items as AnyPair[]).filter((p) => !isMergeKey(p));
  const names = new Set(own.map(keyText));
  const merged: AnyPair[] = [];
  for (const p of map.items as AnyPair[]) {
    if (!isMergeKey(p)) continue;
    const v = deref(p.value, doc);
    const sources = isSeq(v) ? v.items.map((i) => deref(i, doc)) : [v];
    for (const src of sources) {
      if (!isMap(src) || src === map) continue;
      for (const sp of src.items as AnyPair[]) {
        const name = keyText(sp);
        if (!names.has(name)) {
          names.add(name);
          merged.push(sp);
        }
      }
    }
  }
  return [...own, ...merged];
}

/** The yaml package gives a merge key the value Symbol(<<); its source is still `<<`. */
export function isMergeKey(p: unknown): boolean {
  if (!isPair(p) || !isScalar(p.key)) return false;
  const v = p.key.value;
  return v === '<<' || (typeof v === 'symbol' && p.key.source === '<<');
}

/**
 * Key → pair of each mapping looked up, built on the first lookup: rules ask a part or an
 * option for a dozen keys each, and a scan per key was most of their time on large files. The
 * tree of a parse is never changed afterwards (an incremental re-parse copies what it changes),
 * so an index stays true for its mapping.
 */
const PAIR_INDEX = new WeakMap<YAMLMap, Map<string, AnyPair>>();

export function getPair(map: YAMLMap | undefined, key: string, doc?: Document): AnyPair | undefined {
  if (!map) return undefined;
  let index = PAIR_INDEX.get(map);
  if (!index) {
    index = new Map();
    // The first pair of a key wins, as a scan would find it.
    for (const p of mapPairs(map, doc)) {
      const k = keyText(p);
      if (!index.has(k)) index.set(k, p);
    }
    PAIR_INDEX.set(map, index);
  }
  return index.get(key);
}

/** The value node at `key` of a mapping, aliases followed. */
export function getNode(map: YAMLMap | undefined, key: string, doc?: Document): Node | undefined {
  const p = getPair(map, key, doc);
  return p ? deref(p.value, doc) : undefined;
}

export function getMap(map: YAMLMap | undefined, key: string, doc?: Document): YAMLMap | undefined {
  const n = getNode(map, key, doc);
  return isMap(n) ? n : undefined;
}

/** A scalar's value as a string (numbers and booleans included), or undefined. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

export function getString(map: YAMLMap | undefined, key: string, doc?: Document): string | undefined {
  return scalarString(getNode(map, key, doc));
}

/** The strings of a list value (or of a single string value), ignoring non-strings. */
export function stringList(node: unknown): string[] {
  if (isSeq(node)) return node.items.map(scalarString).filter((s): s is string => s !== undefined);
  const s = scalarString(node);
  return s === undefined ? [] : [s];
}

/** True when the node is a scalar holding null (`key:` with nothing after it). */
export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** Range of a node's value (without trailing comments). */
export function nodeRange(parsed: ParsedFile, node: Node | null | undefined): Range {
  if (!node || !node.range) return rangeOfOffsets(parsed.lines, 0, 0);
  const [start, valueEnd] = node.range;
  return rangeOfOffsets(parsed.lines, start, valueEnd);
}

/** Range of a pair's key; for a null key, the position of its value. */
export function keyRange(parsed: ParsedFile, pair: AnyPair): Range {
  const k = pair.key as Node | null;
  if (k && k.range) return nodeRange(parsed, k);
  return nodeRange(parsed, pair.value as Node);
}

/**
 * Where to put a diagnostic about a pair's value: the value itself, or the key when the value
 * is empty (`base:` with nothing after it).
 */
export function valueRange(parsed: ParsedFile, pair: AnyPair): Range {
  const v = pair.value as Node | null;
  if (v && v.range && !(isScalar(v) && v.value === null && v.range[0] === v.range[1])) return nodeRange(parsed, v);
  return keyRange(parsed, pair);
}

/** The first line of a file, for problems that belong to the whole file. */
export function fileStartRange(parsed: ParsedFile): Range {
  const firstLineEnd = parsed.text.indexOf('\n');
  const end = firstLineEnd < 0 ? parsed.text.length : firstLineEnd;
  return rangeOfOffsets(parsed.lines, 0, Math.max(0, end));
}

/** Walks to the node at a path; undefined when any step is missing. */
export function nodeAtPath(parsed: ParsedFile, path: YamlPath): Node | undefined {
  const doc = parsed.docs[0];
  let node: Node | undefined = parsed.root;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      node = isSeq(node) ? deref(node.items[step], doc) : undefined;
    } else {
      node = isMap(node) ? getNode(node, step, doc) : undefined;
    }
  }
  return node;
}

/** The pair that holds the value at `path` (its last step must be a key). */
export function pairAtPath(parsed: ParsedFile, path: YamlPath): AnyPair | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAtPath(parsed, path.slice(0, -1));
  const last = path[path.length - 1];
  return isMap(parent) && typeof last === 'string' ? getPair(parent, last, parsed.docs[0]) : undefined;
}

export { isMap, isSeq, isScalar, isPair, isAlias };
