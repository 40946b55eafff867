import type { Node } from 'yaml';
import type { FileKind } from './types';
import rockcraft from '../../../schemas/rockcraft.schema.json';
import charmcraft from '../../../schemas/charmcraft.schema.json';
import metadata from '../../../schemas/metadata.schema.json';
import config from '../../../schemas/config.schema.json';
import actions from '../../../schemas/actions.schema.json';
import paasConfig from '../../../schemas/paas-config.schema.json';
import { isMap, isScalar, isSeq, scalarString } from './ast';

/** The JSON-schema dialect described in schemas/README.md. */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  default?: unknown;
  title?: string;
  description?: string;
  markdownDescription?: string;
  markdownEnumDescriptions?: string[];
  deprecated?: boolean;
  deprecationMessage?: string;
  defaultSnippets?: { label?: string; description?: string; markdownDescription?: string; body?: unknown; bodyText?: string }[];
  examples?: unknown[];
  'x-grammar'?: boolean;
  'x-plugin'?: string | string[];
  'x-build-bases'?: string[];
  'x-deprecated-values'?: Record<string, string>;
  'x-removed'?: string;
  'x-alias-of'?: string;
  'x-severity'?: 'warning' | 'error' | 'information';
  'x-pattern-message'?: string;
  'x-ref'?: string;
  'x-ref-keys'?: string;
  'x-symbol'?: string;
  'x-conditionally-required'?: string[];
}

const FILES: Record<string, JsonSchema> = {
  'rockcraft.schema.json': rockcraft as unknown as JsonSchema,
  'charmcraft.schema.json': charmcraft as unknown as JsonSchema,
  'metadata.schema.json': metadata as unknown as JsonSchema,
  'config.schema.json': config as unknown as JsonSchema,
  'actions.schema.json': actions as unknown as JsonSchema,
  'paas-config.schema.json': paasConfig as unknown as JsonSchema,
};

const ROOTS: Record<FileKind, JsonSchema> = {
  rockcraft: FILES['rockcraft.schema.json'],
  charmcraft: FILES['charmcraft.schema.json'],
  metadata: FILES['metadata.schema.json'],
  config: FILES['config.schema.json'],
  actions: FILES['actions.schema.json'],
  'paas-config': FILES['paas-config.schema.json'],
};

export function rootSchema(kind: FileKind): JsonSchema {
  return ROOTS[kind];
}

/** The schema documents by file name, for tools that want the raw JSON (benchmark, tests). */
export function schemaFiles(): Readonly<Record<string, JsonSchema>> {
  return FILES;
}

const refCache = new Map<string, JsonSchema>();

/** Follows `$ref`s (within a file, or to a sibling schema file) until a concrete schema. */
export function resolve(schema: JsonSchema, owner?: JsonSchema): JsonSchema {
  let s = schema;
  let file = owner;
  for (let i = 0; s.$ref && i < 16; i++) {
    const ref = s.$ref;
    const [filePart, pointer = ''] = ref.split('#');
    const doc = filePart ? FILES[filePart] : file ?? findOwner(s);
    if (!doc) throw new Error(`Schema reference ${ref} does not resolve`);
    const cacheKey = `${filePart || doc.$id}#${pointer}`;
    let target = refCache.get(cacheKey);
    if (!target) {
      target = pointer.split('/').filter(Boolean).reduce<unknown>((acc, part) => (acc as Record<string, unknown>)?.[decodeURIComponent(part)], doc) as JsonSchema;
      if (!target) throw new Error(`Schema reference ${ref} does not resolve`);
      ownerOf.set(target, doc);
      refCache.set(cacheKey, target);
    }
    file = doc;
    s = mergeAnnotations(s, target);
  }
  return s;
}

/** A `$ref` may carry its own description; that wins over the target's. */
function mergeAnnotations(ref: JsonSchema, target: JsonSchema): JsonSchema {
  const keys = Object.keys(ref).filter((k) => k !== '$ref');
  if (keys.length === 0) return target;
  const merged: JsonSchema = { ...target };
  for (const k of keys) (merged as Record<string, unknown>)[k] = (ref as Record<string, unknown>)[k];
  ownerOf.set(merged, ownerOf.get(target) ?? target);
  return merged;
}

// Schemas know which file they came from, so that `#/definitions/x` resolves in the right one.
const ownerOf = new WeakMap<JsonSchema, JsonSchema>();
function indexOwners(): void {
  const walk = (node: unknown, doc: JsonSchema): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, doc);
      return;
    }
    ownerOf.set(node as JsonSchema, doc);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'default' || k === 'examples' || k === 'defaultSnippets' || k === 'enum' || k === 'const') continue;
      walk(v, doc);
    }
  };
  for (const doc of Object.values(FILES)) walk(doc, doc);
}
indexOwners();
function findOwner(s: JsonSchema): JsonSchema | undefined {
  return ownerOf.get(s);
}

export function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The branches of a `oneOf`/`anyOf`, resolved; or the schema itself. */
export function branches(schema: JsonSchema): JsonSchema[] {
  const s = resolve(schema);
  const alts = s.oneOf ?? s.anyOf;
  if (!alts) return [s];
  return alts.flatMap((a) => branches(a));
}

/** The YAML node's JSON type as the schema sees it. */
export function nodeType(node: Node | null | undefined): 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'object' | 'array' | 'unknown' {
  if (node === null || node === undefined) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return 'boolean';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
    if (typeof v === 'bigint') return 'integer';
    if (typeof v === 'string') return 'string';
    return 'unknown';
  }
  return 'unknown';
}

/** The description to show for a schema (markdown preferred). */
export function describe(schema: JsonSchema): string | undefined {
  const s = resolve(schema);
  return s.markdownDescription ?? s.description;
}

/**
 * Picks the branches of a `oneOf`/`anyOf` that fit a node: by YAML type first, then, among
 * mapping branches, by a key only that branch requires.
 */
export function fittingBranches(schema: JsonSchema, node: Node | null | undefined): JsonSchema[] {
  const all = branches(schema);
  if (all.length <= 1) return all;
  const t = nodeType(node);
  const byType = all.filter((b) => typeFits(b, t, node));
  const candidates = byType.length ? byType : all;
  if (candidates.length > 1 && t === 'object' && isMap(node)) {
    const keys = new Set(node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    const withRequired = candidates.filter((b) => (b.required ?? []).some((r) => keys.has(r)) && (b.required ?? []).every((r) => keys.has(r) || !discriminates(r, candidates)));
    if (withRequired.length >= 1) return withRequired;
    // No branch's required keys are all there: prefer the branch that declares most of the
    // keys the user wrote (a long-form `bases` entry missing `run-on` is still long form).
    const score = (b: JsonSchema): number => [...keys].filter((k) => Object.prototype.hasOwnProperty.call(resolve(b).properties ?? {}, k)).length;
    const best = Math.max(...candidates.map(score));
    if (best > 0) {
      const top = candidates.filter((b) => score(b) === best);
      if (top.length < candidates.length) return top;
    }
    const withoutAny = candidates.filter((b) => !(b.required ?? []).some((r) => discriminates(r, candidates)));
    if (withoutAny.length >= 1) return withoutAny;
  }
  if (candidates.length > 1 && t === 'string' && isScalar(node)) {
    const v = scalarString(node);
    const byEnum = candidates.filter((b) => (b.enum ? b.enum.map(String).includes(v ?? '') : b.const !== undefined ? String(b.const) === v : true));
    if (byEnum.length) return byEnum;
  }
  return candidates;
}

function discriminates(key: string, branchesList: JsonSchema[]): boolean {
  return branchesList.filter((b) => (b.required ?? []).includes(key)).length < branchesList.length;
}

/** Whether a node of type `t` is acceptable for the schema's `type`, with the tools' coercions. */
export function typeFits(schema: JsonSchema, t: ReturnType<typeof nodeType>, node?: Node | null): boolean {
  const types = typesOf(resolve(schema));
  if (types.length === 0) return true;
  for (const want of types) {
    if (want === t) return true;
    if (want === 'number' && t === 'integer') return true;
    if (want === 'string' && (t === 'integer' || t === 'number')) return true;
    // PyYAML reads y/n as strings; the yaml package's 1.1 schema reads them as booleans.
    if (want === 'string' && t === 'boolean' && isScalar(node) && /^[yYnN]$/.test(node.source ?? '')) return true;
    if (want === 'boolean' && t === 'string' && isScalar(node) && /^(true|false|yes|no|on|off)$/i.test(String(node.value))) return true;
    if ((want === 'integer' || want === 'number') && t === 'string' && isScalar(node) && /^-?\d+$/.test(String(node.value))) return true;
  }
  return false;
}

/** Keys a mapping schema declares (for completion and near-miss suggestions). */
export function declaredKeys(schema: JsonSchema): string[] {
  const out = new Set<string>();
  for (const b of branches(schema)) for (const k of Object.keys(b.properties ?? {})) out.add(k);
  return [...out];
}

/**
 * The schema that allows anything. One shared object, so that the validator's (node, schema)
 * memo recognises it: a fresh `{}` per call made every visit look new.
 */
export const ANY_SCHEMA: JsonSchema = Object.freeze({}) as JsonSchema;

/** The schema for a key of a mapping schema, or undefined when the key is not allowed. */
export function propertySchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  const s = resolve(schema);
  const direct = s.properties?.[key];
  if (direct) return direct;
  for (const [pattern, sub] of Object.entries(s.patternProperties ?? {})) {
    if (cachedRegExp(pattern).test(key)) return sub;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return s.additionalProperties;
  if (s.additionalProperties === true || (s.additionalProperties === undefined && !s.properties && !s.patternProperties)) return ANY_SCHEMA;
  if (s.additionalProperties === undefined && (s.properties || s.patternProperties)) return ANY_SCHEMA;
  return undefined;
}

const regexps = new Map<string, RegExp>();
export function cachedRegExp(pattern: string): RegExp {
  let r = regexps.get(pattern);
  if (!r) {
    try {
      r = new RegExp(pattern, 'u');
    } catch {
      r = new RegExp(pattern);
    }
    regexps.set(pattern, r);
  }
  return r;
}

const GRAMMAR_KEY = /^(on|to)\s|^(else|try)$/;
/** Whether a mapping key is an advanced-grammar statement (`on amd64`, `to arm64`, `else`, `try`). */
export function isGrammarKey(key: string): boolean {
  return GRAMMAR_KEY.test(key) || key === 'on' || key === 'to';
}
