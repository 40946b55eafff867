import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { deref, isMergeKey, keyText, nodeAtPath, type AnyPair, type YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import { branches, fittingBranches, isGrammarKey, propertySchema, resolve, rootSchema, typesOf, type JsonSchema } from '../schema';
import type { FileKind } from '../types';

/**
 * The schemas that may describe the value at `path`: every `oneOf`/`anyOf` branch that fits
 * the document (by the node there, when the tree has one), `$ref`s resolved. Grammar steps
 * (`- on amd64: [...]`) are transparent: their content is described by the keyed schema.
 */
export function schemasAt(kind: FileKind, path: YamlPath, parsed?: ParsedFile): JsonSchema[] {
  let current: JsonSchema[] = [rootSchema(kind)];
  for (let i = 0; i < path.length && current.length; i++) {
    const node = parsed ? nodeAtPath(parsed, path.slice(0, i)) : undefined;
    const alts = expand(current, node);
    const step = path[i];
    const next: JsonSchema[] = [];
    if (typeof step === 'number') {
      const grammarStep = typeof path[i + 1] === 'string' && isGrammarKey(path[i + 1] as string);
      for (const s of alts) {
        if (s['x-grammar'] && grammarStep) next.push(s);
        else if (s.items) next.push(s.items);
        else if (s['x-grammar'] && !typesOf(s).includes('array')) next.push(s);
      }
      if (grammarStep) i++;
    } else {
      for (const s of alts) {
        if (!isObjectSchema(s)) continue;
        const sub = propertySchema(s, step);
        if (sub) next.push(sub);
      }
    }
    current = next;
  }
  return unique(current.map((s) => resolve(s)));
}

/** Branches of the schemas that fit `node` (all branches when there is no node). */
export function expand(schemas: JsonSchema[], node: Node | null | undefined): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const s of schemas) {
    const alts = node === undefined ? branches(s) : fittingBranches(s, node);
    for (const b of alts) out.push(inherit(resolve(b), resolve(s)));
  }
  return unique(out);
}

/** A branch keeps the documentation of the `oneOf` it came from when it has none. */
function inherit(branch: JsonSchema, parent: JsonSchema): JsonSchema {
  if (branch === parent) return branch;
  if (branch.markdownDescription || branch.description || !(parent.markdownDescription || parent.description)) return branch;
  return { ...branch, markdownDescription: parent.markdownDescription, description: parent.description };
}

export function isObjectSchema(s: JsonSchema): boolean {
  const types = typesOf(s);
  return types.includes('object') || (types.length === 0 && (!!s.properties || !!s.patternProperties || s.additionalProperties !== undefined));
}

export function isArraySchema(s: JsonSchema): boolean {
  return typesOf(s).includes('array') || (typesOf(s).length === 0 && !!s.items);
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// Walking a document with its schema

export interface Visit {
  node: Node;
  path: YamlPath;
  /** Schemas of the node (branches that fit, resolved). */
  schemas: JsonSchema[];
  /** The pair whose value the node is. */
  pair?: AnyPair;
}

/**
 * Calls `visit` for every node of the first document with the schemas that describe it. Each
 * node is visited once where it is written: aliases and `<<` merges are not followed, so a
 * shared anchor is not walked twice and alias bombs cost nothing.
 */
export function walkWithSchema(parsed: ParsedFile, visit: (v: Visit) => void): void {
  const root = parsed.docs[0]?.contents as Node | null | undefined;
  if (!root) return;
  let budget = 200_000;
  const rec = (node: Node, schemas: JsonSchema[], path: YamlPath, pair?: AnyPair): void => {
    if (budget-- <= 0) return;
    const alts = expand(schemas, node);
    visit({ node, path, schemas: alts, pair });
    if (isMap(node)) {
      for (const p of node.items as AnyPair[]) {
        if (isMergeKey(p)) continue;
        const value = p.value as Node | null;
        if (!value || !value.range) continue;
        const key = keyText(p);
        const subs = alts.filter(isObjectSchema).map((s) => propertySchema(s, key)).filter((s): s is JsonSchema => !!s);
        rec(value, subs, [...path, key], p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node | null;
        if (!n || !n.range) return;
        const grammar = grammarStatement(n);
        if (grammar && alts.some((s) => s['x-grammar'])) {
          // `- on amd64: value`: the statement's value is described by the keyed schema itself.
          const inner = grammar.value as Node | null;
          const keyed = alts.filter((s) => s['x-grammar']);
          if (inner && inner.range) {
            const isList = isSeq(inner);
            const subs = keyed.map((s) => (!isList && s.items ? s.items : s));
            rec(inner, subs, [...path, i, keyText(grammar)], grammar);
          }
          return;
        }
        const subs = alts.map((s) => s.items ?? (s['x-grammar'] ? s : undefined)).filter((s): s is JsonSchema => !!s);
        rec(n, subs, [...path, i]);
      });
    }
  };
  rec(root, [rootSchema(parsed.kind)], []);
}

function grammarStatement(node: Node): AnyPair | undefined {
  if (!isMap(node) || node.items.length !== 1) return undefined;
  const p = node.items[0] as AnyPair;
  return isScalar(p.key) && isGrammarKey(keyText(p)) ? p : undefined;
}

/** The node at a path, aliases followed (a re-export for features). */
export function valueAt(parsed: ParsedFile, path: YamlPath): Node | undefined {
  return deref(nodeAtPath(parsed, path), parsed.docs[0]);
}
