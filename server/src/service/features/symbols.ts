import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { deref, getString, keyText, type AnyPair, type YamlPath } from '../ast';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { propertySchema, resolve, rootSchema, type JsonSchema } from '../schema';
import { expand, isObjectSchema } from './schemaPath';

/*
 * The outline: every top-level key, and under the maps whose schema has `x-symbol` (parts,
 * services, checks, config options, relations, containers...), one symbol per entry.
 */

// Used only when a schema has no `x-symbol` for one of these maps yet.
const FALLBACK_KINDS: Record<string, string> = {
  platforms: 'Struct',
};

const DETAIL_KEYS = ['plugin', 'interface', 'type', 'command', 'resource', 'override', 'build-for', 'location'];

export function documentSymbols(parsed: ParsedFile): DocumentSymbol[] {
  const root = parsed.root;
  if (!root || parsed.skipped) return [];
  return entries(parsed, root, [rootSchema(parsed.kind)], [], 0);
}

function entries(parsed: ParsedFile, map: Node, schemas: JsonSchema[], path: YamlPath, depth: number): DocumentSymbol[] {
  if (!isMap(map) || depth > 6) return [];
  const alts = expand(schemas, map).filter(isObjectSchema);
  const own = alts.map((s) => resolve(s)['x-symbol']).find((k) => k) ?? (depth === 1 ? FALLBACK_KINDS[String(path[0])] : undefined);
  const out: DocumentSymbol[] = [];
  for (const pair of map.items as AnyPair[]) {
    const key = pair.key as Node | null;
    if (!key || !key.range) continue;
    const name = keyText(pair);
    if (!name || name === '<<') continue;
    const value = deref(pair.value, parsed.docs[0]) ?? null;
    const subs = alts.map((s) => propertySchema(s, name)).filter((s): s is JsonSchema => !!s);
    const childPath = [...path, name];
    const children = isMap(value) && (pair.value as Node | null) === value ? entries(parsed, value, subs, childPath, depth + 1) : [];
    const isEntry = own !== undefined;
    if (depth > 0 && !isEntry && children.length === 0) continue;
    const kind = isEntry ? symbolKind(own) : kindOfValue(value);
    out.push({
      name,
      kind,
      detail: detailOf(parsed, value),
      range: pairRange(parsed, pair),
      selectionRange: rangeOfOffsets(parsed.lines, key.range[0], key.range[1]),
      children: children.length ? children : undefined,
    });
  }
  return out;
}

function symbolKind(name: string | undefined): SymbolKind {
  const table = SymbolKind as unknown as Record<string, number>;
  const k = name ? table[name] : undefined;
  return (typeof k === 'number' ? k : SymbolKind.Object) as SymbolKind;
}

function kindOfValue(value: Node | null): SymbolKind {
  if (isMap(value)) return SymbolKind.Namespace;
  if (isSeq(value)) return SymbolKind.Array;
  return SymbolKind.Property;
}

function detailOf(parsed: ParsedFile, value: Node | null): string | undefined {
  if (isScalar(value)) {
    const v = value.value;
    if (v === null || v === undefined) return undefined;
    const s = String(value.source ?? v).split('\n')[0];
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  }
  if (isMap(value)) {
    for (const k of DETAIL_KEYS) {
      const s = getString(value, k, parsed.docs[0]);
      if (s) return `${k}: ${s.length > 50 ? `${s.slice(0, 47)}…` : s}`;
    }
  }
  if (isSeq(value)) return `${value.items.length} item${value.items.length === 1 ? '' : 's'}`;
  return undefined;
}

/** From the key to the end of the value (the key alone when the value is empty). */
export function pairRange(parsed: ParsedFile, pair: AnyPair): Range {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  let end = key?.range?.[1] ?? start;
  if (value && value.range && value.range[1] > end) end = value.range[1];
  return rangeOfOffsets(parsed.lines, start, trimEnd(parsed.text, end));
}

/** Block values end after their last newline; the range should end on the last line with text. */
function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
