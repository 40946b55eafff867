import { isMap, isPair, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { keyText, type AnyPair, type YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import { resolve, typesOf, type JsonSchema } from '../schema';
import { isArraySchema, isObjectSchema, schemasAt } from './schemaPath';
import { yamlScalar } from './snippets';

/* Text-level helpers for code actions: where pairs start and end, where to add a key. */

/** Offsets covering a pair's whole lines: from its key's line start to after its last line. */
export function pairLines(parsed: ParsedFile, pair: AnyPair): [number, number] {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  let end = Math.max(key?.range?.[1] ?? start, value?.range?.[1] ?? start);
  while (end > start && /\s/.test(parsed.text[end - 1])) end--;
  const { line } = parsed.lines.positionAt(start);
  const last = parsed.lines.positionAt(end).line;
  return [parsed.lines.offsetAt({ line, character: 0 }), parsed.lines.offsetAt({ line: last + 1, character: 0 })];
}

/** The end of a node's last line of text (before its newline). */
export function lastTextOffset(parsed: ParsedFile, node: Node): number {
  let end = node.range ? node.range[1] : 0;
  while (end > 0 && /\s/.test(parsed.text[end - 1])) end--;
  // The end of that line, before its line break (whatever the line-end style).
  return parsed.lines.offsetAt({ line: parsed.lines.positionAt(end).line, character: Number.MAX_SAFE_INTEGER });
}

export function columnOf(parsed: ParsedFile, offset: number): number {
  return parsed.lines.positionAt(offset).character;
}

export interface Located {
  map: YAMLMap;
  path: YamlPath;
}

/** Every mapping of the first document with its path (no aliases followed). */
export function allMaps(parsed: ParsedFile): (Located & { pairs: { pair: AnyPair; path: YamlPath }[] })[] {
  const out: (Located & { pairs: { pair: AnyPair; path: YamlPath }[] })[] = [];
  const rec = (node: unknown, path: YamlPath, depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      const pairs = (node.items as AnyPair[]).filter(isPair).map((p) => ({ pair: p, path: [...path, keyText(p)] }));
      out.push({ map: node, path, pairs });
      for (const { pair, path: p } of pairs) rec(pair.value, p, depth + 1);
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => rec(it, [...path, i], depth + 1));
    }
  };
  rec(parsed.docs[0]?.contents, [], 0);
  return out;
}

/**
 * The mapping a diagnostic's `missing` keys go into: the value of the pair whose key the
 * diagnostic marks (or the mapping that holds that pair when its value is a scalar), a
 * mapping that starts where the diagnostic does, or the top level.
 */
export function missingTarget(parsed: ParsedFile, range: Range): { map?: YAMLMap; path: YamlPath; keyPair?: AnyPair } {
  const start = parsed.lines.offsetAt(range.start);
  const end = parsed.lines.offsetAt(range.end);
  const maps = allMaps(parsed);
  for (const m of maps) {
    for (const { pair, path } of m.pairs) {
      const k = pair.key as Node | null;
      if (!k?.range || k.range[0] !== start || k.range[1] !== end) continue;
      const v = pair.value as Node | null;
      if (isMap(v)) return { map: v, path };
      if (!v || (v as { value?: unknown }).value === null) return { path, keyPair: pair };
      return { map: m.map, path: m.path };
    }
  }
  const starting = maps.filter((m) => m.map.range && m.map.range[0] === start && m.path.length > 0);
  if (starting.length) {
    const deepest = starting[starting.length - 1];
    return { map: deepest.map, path: deepest.path };
  }
  return { map: parsed.root, path: [] };
}

// Values picked for placeholders when an enum offers several (the usual choice first).
const PREFERRED = ['replace', 'enabled', 'ubuntu@24.04', 'amd64', 'charm', 'string', 'oci-image', 'filesystem', 'apt'];

/** YAML text for a placeholder value: `inline` after `key: `, or indented lines below it. */
export function placeholder(schemas: JsonSchema[], indent: string, unit: string, depth = 0): { inline: string } | { lines: string[] } {
  const flat = schemas.flatMap((s) => {
    const r = resolve(s);
    return (r.oneOf ?? r.anyOf ?? [r]).map((b) => resolve(b));
  });
  const first = flat[0] ?? {};
  const snippet = flat.flatMap((s) => s.defaultSnippets ?? []).find((d) => d.body !== undefined);
  if (snippet && depth < 3) return plain(snippet.body, indent, unit);
  if (first.const !== undefined) return { inline: yamlScalar(String(first.const)) };
  if (first.default !== undefined && first.default !== null && typeof first.default !== 'object') return { inline: yamlScalar(String(first.default)) };
  const example = flat.flatMap((s) => s.examples ?? []).find((e) => typeof e === 'string' || typeof e === 'number');
  if (example !== undefined) return { inline: yamlScalar(String(example)) };
  const values = flat.flatMap((s) => (s.enum ?? []).map(String));
  if (values.length) return { inline: yamlScalar(PREFERRED.find((p) => values.includes(p)) ?? values[0]) };
  const object = flat.find(isObjectSchema);
  if (object && depth < 3) {
    const lines: string[] = [];
    for (const k of object.required ?? []) {
      const v = placeholder([object.properties?.[k] ?? {}], indent + unit, unit, depth + 1);
      if ('inline' in v) lines.push(`${indent}${k}: ${v.inline}`);
      else lines.push(`${indent}${k}:`, ...v.lines);
    }
    return lines.length ? { lines } : { inline: '{}' };
  }
  if (flat.some(isArraySchema) && !flat.some((s) => typesOf(s).includes('string'))) return { inline: '[]' };
  if (typesOf(first).includes('boolean')) return { inline: 'false' };
  if (typesOf(first).includes('integer') || typesOf(first).includes('number')) return { inline: '0' };
  return { inline: '""' };
}

/** Renders a snippet body as plain YAML: tab stops become their default text. */
function plain(body: unknown, indent: string, unit: string): { inline: string } | { lines: string[] } {
  const strip = (s: string): string => s.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1').replace(/\$\{?\d+\}?/g, '');
  if (body === null || body === undefined) return { inline: '' };
  if (typeof body === 'string') return { inline: strip(body) || '""' };
  if (typeof body !== 'object') return { inline: String(body) };
  if (Array.isArray(body)) {
    if (!body.length) return { inline: '[]' };
    const lines: string[] = [];
    for (const item of body) {
      const r = plain(item, `${indent}  `, unit);
      if ('inline' in r) lines.push(`${indent}- ${r.inline}`);
      else lines.push(`${indent}- ${r.lines[0].trimStart()}`, ...r.lines.slice(1));
    }
    return { lines };
  }
  const entries = Object.entries(body as Record<string, unknown>);
  if (!entries.length) return { inline: '{}' };
  const lines: string[] = [];
  for (const [k, v] of entries) {
    const r = plain(v, indent + unit, unit);
    const key = strip(k);
    if ('inline' in r) lines.push(r.inline === '' ? `${indent}${key}:` : `${indent}${key}: ${r.inline}`);
    else lines.push(`${indent}${key}:`, ...r.lines);
  }
  return { lines };
}

/** `key: value` lines for keys to add to the mapping at `path`, indented by `indent`. */
export function keyLines(parsed: ParsedFile, path: YamlPath, keys: readonly string[], indent: string, unit: string): string[] {
  const lines: string[] = [];
  for (const key of keys) {
    const v = placeholder(schemasAt(parsed.kind, [...path, key], parsed), indent + unit, unit);
    if ('inline' in v) lines.push(v.inline === '' ? `${indent}${key}:` : `${indent}${key}: ${v.inline}`);
    else lines.push(`${indent}${key}:`, ...v.lines);
  }
  return lines;
}
