import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { deref, fileStartRange, keyRange, keyText, mapPairs, nodeRange, scalarString, type AnyPair, type YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import { stableKey } from '../incremental';
import {
  cachedRegExp, declaredKeys, fittingBranches, isGrammarKey, nodeType, propertySchema, resolve, rootSchema, typeFits, typesOf,
  type JsonSchema,
} from '../schema';
import { closest, formatPath, orList } from '../suggest';
import { SOURCE } from '../types';

/** Data attached to diagnostics so quick fixes need not recompute anything. */
export interface FixData {
  /** Replace the diagnostic's range with this text. */
  replacement?: string;
  /** Keys to add under the diagnostic's parent mapping. */
  missing?: string[];
}

interface Ctx {
  parsed: ParsedFile;
  out: Diagnostic[];
  /** Node budget: alias bombs and huge files stop here instead of hanging the editor. */
  budget: number;
  /** (node, schema) pairs already checked, so shared anchors are not walked twice. */
  seen: WeakMap<object, Set<JsonSchema>>;
  exhausted: boolean;
}

interface At {
  path: YamlPath;
  /** Where to report when the node itself is empty: the key that owns it. */
  anchor: Range;
  severity: DiagnosticSeverity;
  /** The mapping that holds the node, for sibling lookups (a part's plugin). */
  parent?: YAMLMap;
}

const NODE_BUDGET = 200_000;
/** Paths deeper than this are not walked (parse.ts already refuses files nested past MAX_DEPTH). */
const MAX_WALK_DEPTH = 512;

/** Checks a parsed file against the schema of its kind. */
export function validateSchema(parsed: ParsedFile): Diagnostic[] {
  if (!parsed.root) return [];
  const ctx: Ctx = { parsed, out: [], budget: NODE_BUDGET, seen: new WeakMap(), exhausted: false };
  const schema = rootSchema(parsed.kind);
  walk(ctx, parsed.root, schema, { path: [], anchor: fileStartRange(parsed), severity: DiagnosticSeverity.Error });
  if (ctx.exhausted) {
    ctx.out.push({
      range: fileStartRange(parsed),
      severity: DiagnosticSeverity.Warning,
      code: 'too-complex',
      source: SOURCE,
      message: 'This file expands to too many values (deeply nested aliases?); only part of it was checked. Simplify the anchors and aliases.',
    });
  }
  return ctx.out;
}

function report(ctx: Ctx, at: At, range: Range, code: string, message: string, data?: FixData, severity?: DiagnosticSeverity): void {
  const d: Diagnostic = { range, severity: severity ?? at.severity, code, source: SOURCE, message };
  if (data) d.data = data;
  ctx.out.push(d);
}

function rangeFor(ctx: Ctx, node: Node | null | undefined, at: At): Range {
  if (!node || !node.range || (isScalar(node) && node.value === null && node.range[0] === node.range[1])) return at.anchor;
  return nodeRange(ctx.parsed, node);
}

function severityOf(schema: JsonSchema, at: At): DiagnosticSeverity {
  const s = schema['x-severity'];
  if (s === 'warning') return DiagnosticSeverity.Warning;
  if (s === 'information') return DiagnosticSeverity.Information;
  if (s === 'error') return DiagnosticSeverity.Error;
  return at.severity;
}

/**
 * YAML 1.1 reads an unquoted `2024-01-01` as a timestamp. The tools pass such values through
 * (config defaults reach Juju as the text written), so the schema sees the text, not a date.
 */
function isTimestamp(node: Node | null | undefined): boolean {
  return isScalar(node) && node.value instanceof Date;
}

function typeOfNode(node: Node | null | undefined): ReturnType<typeof nodeType> {
  return isTimestamp(node) ? 'string' : nodeType(node);
}

function scalarText(node: Node | null | undefined): string {
  if (isScalar(node) && node.value instanceof Date) return node.source ?? node.value.toISOString().slice(0, 10);
  return scalarString(node) ?? '';
}

/**
 * Walks of unchanged subtrees, remembered across parses. After an edit, incremental.ts keeps
 * the nodes outside the re-parsed entry, or shifted copies of them, under the same stableKey:
 * their diagnostics are reused, moved by the lines the edit added or removed. Only the walk's
 * structural steps use it (a mapping's values, a list's items), whose schemas are objects of
 * the schema files, the same every time; and only for incremental parses (no aliases there,
 * so a subtree's diagnostics depend on the subtree alone).
 */
interface Remembered {
  path: string;
  severity: DiagnosticSeverity;
  /** Line of the node's start when walked. */
  line: number;
  /** Budget the walk used. */
  cost: number;
  out: Diagnostic[];
}
const REMEMBERED = new WeakMap<object, Map<JsonSchema, Remembered[]>>();
const REMEMBER_DEPTH = 3;

function walkRemembered(ctx: Ctx, node: unknown, schema: JsonSchema, at: At): void {
  if ((!isMap(node) && !isSeq(node)) || !node.range || at.path.length > REMEMBER_DEPTH) {
    walk(ctx, node, schema, at);
    return;
  }
  const key = stableKey(node);
  const path = JSON.stringify(at.path);
  const line = ctx.parsed.lines.positionAt(node.range[0]).line;
  const earlier = REMEMBERED.get(key)?.get(schema)?.find((r) => r.path === path && r.severity === at.severity);
  if (earlier && ctx.parsed.incremental && ctx.budget >= earlier.cost) {
    ctx.budget -= earlier.cost;
    const by = line - earlier.line;
    for (const d of earlier.out) {
      ctx.out.push(by === 0 ? d : { ...d, range: { start: { line: d.range.start.line + by, character: d.range.start.character }, end: { line: d.range.end.line + by, character: d.range.end.character } } });
    }
    return;
  }
  const from = ctx.out.length;
  const budget = ctx.budget;
  walk(ctx, node, schema, at);
  // A walk cut short by the budget depends on what was walked before it.
  if (ctx.exhausted) return;
  let bySchema = REMEMBERED.get(key);
  if (!bySchema) REMEMBERED.set(key, (bySchema = new Map()));
  const list = (bySchema.get(schema) ?? []).filter((r) => r.path !== path || r.severity !== at.severity);
  list.push({ path, severity: at.severity, line, cost: budget - ctx.budget, out: ctx.out.slice(from) });
  bySchema.set(schema, list);
}

function walk(ctx: Ctx, rawNode: unknown, rawSchema: JsonSchema, at0: At): void {
  if (ctx.budget-- <= 0 || at0.path.length > MAX_WALK_DEPTH) {
    ctx.exhausted = true;
    return;
  }
  const node = deref(rawNode, ctx.parsed.docs[0]) ?? null;
  const schema = resolve(rawSchema);
  if (node && typeof node === 'object') {
    let set = ctx.seen.get(node);
    if (!set) ctx.seen.set(node, (set = new Set()));
    if (set.has(schema)) return;
    set.add(schema);
  }
  const at: At = { ...at0, severity: severityOf(schema, at0) };

  if (schema.oneOf || schema.anyOf) {
    walkAlternatives(ctx, node, schema, at);
    return;
  }

  const t = typeOfNode(node);
  if (schema['x-grammar'] && isSeq(node) && (hasGrammar(node) || !typesOf(schema).includes('array'))) {
    walkGrammar(ctx, node, schema, at);
    return;
  }
  if (!typeFits(schema, t, node)) {
    report(ctx, at, rangeFor(ctx, node, at), 'wrong-type', wrongTypeMessage(at.path, schema, t, node));
    return;
  }
  if (t === 'null') return;

  if (isScalar(node)) checkScalar(ctx, node, schema, at);
  else if (isMap(node)) checkMap(ctx, node, schema, at);
  else if (isSeq(node)) checkSeq(ctx, node, schema, at);
}

function walkAlternatives(ctx: Ctx, node: Node | null, schema: JsonSchema, at: At): void {
  const t = typeOfNode(node);
  const candidates = fittingBranches(schema, node);
  const typed = candidates.filter((b) => typeFits(b, t, node) || (b['x-grammar'] && isSeq(node)));
  if (typed.length === 0) {
    report(ctx, at, rangeFor(ctx, node, at), 'wrong-type', wrongTypeMessage(at.path, schema, t, node));
    return;
  }
  // Every branch is tried on a scratch list; the quietest one wins.
  let best: Diagnostic[] | undefined;
  for (const b of typed) {
    const merged: JsonSchema = { ...b };
    for (const k of ['markdownDescription', 'description', 'x-severity'] as const) {
      if (merged[k] === undefined && schema[k] !== undefined) (merged as Record<string, unknown>)[k] = schema[k];
    }
    const scratch: Ctx = { ...ctx, out: [], seen: new WeakMap() };
    walk(scratch, node, merged, at);
    ctx.budget = scratch.budget;
    ctx.exhausted ||= scratch.exhausted;
    const errors = scratch.out.filter((d) => d.severity === DiagnosticSeverity.Error).length;
    const bestErrors = best ? best.filter((d) => d.severity === DiagnosticSeverity.Error).length : Number.POSITIVE_INFINITY;
    if (!best || errors < bestErrors || (errors === bestErrors && scratch.out.length < best.length)) best = scratch.out;
    if (errors === 0 && scratch.out.length === 0) break;
  }
  if (best) ctx.out.push(...best);
}

function checkScalar(ctx: Ctx, node: Node, schema: JsonSchema, at: At): void {
  const value = scalarText(node);
  const range = rangeFor(ctx, node, at);
  const deprecated = schema['x-deprecated-values'];
  if (deprecated && Object.prototype.hasOwnProperty.call(deprecated, value)) {
    const repl = deprecated[value];
    report(ctx, at, range, 'deprecated-value', `\`${value}\` is deprecated in \`${formatPath(at.path)}\`; write \`${repl}\` instead.`, { replacement: repl }, DiagnosticSeverity.Warning);
    return;
  }
  if (schema.enum) {
    const allowed = schema.enum.filter((v) => v !== null).map(String);
    if (!allowed.includes(value)) {
      const guess = closest(value, allowed);
      const hint = guess ? ` Did you mean \`${guess}\`?` : '';
      report(ctx, at, range, 'invalid-value', `\`${value}\` is not a valid value for \`${formatPath(at.path)}\`. Use ${orList(allowed)}.${hint}`, guess ? { replacement: guess } : undefined);
      return;
    }
  }
  if (schema.const !== undefined && String(schema.const) !== value) {
    report(ctx, at, range, 'invalid-value', `\`${formatPath(at.path)}\` must be \`${String(schema.const)}\`, not \`${value}\`.`, { replacement: String(schema.const) });
    return;
  }
  const t = typeOfNode(node);
  if (t === 'string' || typesOf(schema).includes('string')) {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      report(ctx, at, range, 'invalid-length', `\`${formatPath(at.path)}\` must be at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'} long.`);
    } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      report(ctx, at, range, 'invalid-length', `\`${formatPath(at.path)}\` is ${value.length} characters long; the limit is ${schema.maxLength}. Shorten it.`);
    }
    if (schema.pattern && !cachedRegExp(schema.pattern).test(value)) {
      const why = schema['x-pattern-message'] ?? `It must match the pattern \`${schema.pattern}\`.`;
      report(ctx, at, range, 'invalid-format', `\`${value}\` is not a valid \`${formatPath(at.path)}\`. ${why}`);
    }
  }
  if (t === 'integer' || t === 'number') {
    const n = Number(isScalar(node) ? node.value : NaN);
    const bad =
      (schema.minimum !== undefined && n < schema.minimum) ||
      (schema.maximum !== undefined && n > schema.maximum) ||
      (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) ||
      (schema.exclusiveMaximum !== undefined && n >= schema.exclusiveMaximum);
    if (bad) {
      const parts: string[] = [];
      if (schema.minimum !== undefined) parts.push(`at least ${schema.minimum}`);
      if (schema.exclusiveMinimum !== undefined) parts.push(`more than ${schema.exclusiveMinimum}`);
      if (schema.maximum !== undefined) parts.push(`at most ${schema.maximum}`);
      if (schema.exclusiveMaximum !== undefined) parts.push(`less than ${schema.exclusiveMaximum}`);
      report(ctx, at, range, 'out-of-range', `\`${formatPath(at.path)}\` is ${value}; it must be ${parts.join(' and ')}.`);
    }
  }
}

function checkMap(ctx: Ctx, map: YAMLMap, schema: JsonSchema, at: At): void {
  const parsed = ctx.parsed;
  const pairs = mapPairs(map, parsed.docs[0]);
  const present = new Set<string>();
  const where = at.path.length ? `\`${formatPath(at.path)}\`` : 'the top level';
  for (const pair of pairs) {
    const key = keyText(pair);
    present.add(key);
    const kr = keyRange(parsed, pair);
    const path = [...at.path, key];
    const sub = propertySchema(schema, key);
    if (schema.propertyNames?.pattern && !cachedRegExp(schema.propertyNames.pattern).test(key)) {
      const why = schema.propertyNames['x-pattern-message'] ?? `Names must match \`${schema.propertyNames.pattern}\`.`;
      report(ctx, { ...at, severity: severityOf(schema.propertyNames, at) }, kr, 'invalid-name', `\`${key}\` is not a valid name in ${where}. ${why}`);
    }
    if (!sub) {
      const known = declaredKeys(schema).filter((k) => !present.has(k) || k === key);
      const guess = closest(key, known.filter((k) => !resolve(schema.properties?.[k] ?? {})['x-removed']));
      const hint = guess ? ` Did you mean \`${guess}\`?` : ` Remove it, or check the spelling and the indentation.`;
      report(ctx, at, kr, 'unknown-key', `Unknown key \`${key}\` in ${where}.${hint}`, guess ? { replacement: guess } : undefined);
      continue;
    }
    const s = resolve(sub);
    if (s['x-removed']) {
      report(ctx, at, kr, 'removed-key', s['x-removed']);
      continue;
    }
    if (s['x-alias-of']) {
      report(ctx, at, kr, 'alias-key', `\`${key}\` is accepted as another spelling of \`${s['x-alias-of']}\`; prefer \`${s['x-alias-of']}\`.`, { replacement: s['x-alias-of'] }, DiagnosticSeverity.Hint);
    }
    if (s.deprecated || s.deprecationMessage) {
      report(ctx, at, kr, 'deprecated-key', s.deprecationMessage ?? `\`${formatPath(path)}\` is deprecated.`, undefined, DiagnosticSeverity.Warning);
    }
    const plugins = s['x-plugin'];
    if (plugins) checkPluginKey(ctx, map, key, kr, plugins, at);
    walkRemembered(ctx, pair.value, sub, { path, anchor: kr, severity: at.severity, parent: map });
  }
  const required = schema.required ?? [];
  const missing = required.filter((r) => !present.has(r));
  if (missing.length) {
    const list = missing.map((m) => `\`${m}\``).join(', ');
    const what = missing.length === 1 ? 'key' : 'keys';
    report(ctx, at, at.anchor, 'missing-key', `${where === 'the top level' ? 'The top level' : where} is missing the required ${what} ${list}. Add ${missing.length === 1 ? 'it' : 'them'}.`, { missing });
  }
}

/** A part's plugin, or (in Charmcraft) the part's name when `plugin` is not set. */
function checkPluginKey(ctx: Ctx, part: YAMLMap, key: string, kr: Range, plugins: string | string[], at: At): void {
  const allowed = Array.isArray(plugins) ? plugins : [plugins];
  const pluginNode = deref(mapPairs(part, ctx.parsed.docs[0]).find((p) => keyText(p) === 'plugin')?.value, ctx.parsed.docs[0]);
  let plugin = scalarString(pluginNode);
  if (plugin === undefined && pluginNode === undefined && ctx.parsed.kind === 'charmcraft') {
    const name = at.path[at.path.length - 1];
    plugin = typeof name === 'string' ? name : undefined;
  }
  if (plugin === undefined || allowed.includes(plugin)) return;
  const partName = formatPath(at.path);
  report(ctx, at, kr, 'plugin-key-mismatch',
    `\`${key}\` belongs to the ${orList(allowed)} plugin${allowed.length > 1 ? 's' : ''}, but \`${partName}\` uses the \`${plugin}\` plugin. Remove the key or change the plugin.`);
}

function checkSeq(ctx: Ctx, seq: YAMLSeq, schema: JsonSchema, at: At): void {
  const range = rangeFor(ctx, seq, at);
  const n = seq.items.length;
  if (schema.minItems !== undefined && n < schema.minItems) {
    report(ctx, at, range, 'invalid-count', `\`${formatPath(at.path)}\` needs at least ${schema.minItems} entr${schema.minItems === 1 ? 'y' : 'ies'}.`);
  }
  if (schema.maxItems !== undefined && n > schema.maxItems) {
    report(ctx, at, range, 'invalid-count', `\`${formatPath(at.path)}\` allows at most ${schema.maxItems} entr${schema.maxItems === 1 ? 'y' : 'ies'}, but has ${n}.`);
  }
  const itemSchema = schema.items;
  const seen = new Map<string, number>();
  seq.items.forEach((item, i) => {
    const node = deref(item, ctx.parsed.docs[0]);
    if (schema.uniqueItems && isScalar(node)) {
      const v = scalarString(node);
      if (v !== undefined) {
        if (seen.has(v)) {
          report(ctx, at, nodeRange(ctx.parsed, node), 'duplicate-item', `\`${v}\` is listed twice in \`${formatPath(at.path)}\`; remove one.`);
        } else seen.set(v, i);
      }
    }
    if (itemSchema) walkRemembered(ctx, item, itemSchema, { path: [...at.path, i], anchor: item && (item as Node).range ? nodeRange(ctx.parsed, item as Node) : range, severity: at.severity });
  });
}

// ---- advanced grammar (craft-grammar): `- on amd64: [...]`, `- to arm64: ...`, `- else: ...`

const ARCHES = new Set(['amd64', 'arm64', 'armhf', 'i386', 'ppc64el', 'riscv64', 's390x', 'all']);

function grammarStatement(item: unknown): { key: string; pair: AnyPair } | undefined {
  if (!isMap(item) || item.items.length !== 1) return undefined;
  const pair = item.items[0] as AnyPair;
  const key = keyText(pair);
  return isGrammarKey(key) ? { key, pair } : undefined;
}

function hasGrammar(seq: YAMLSeq): boolean {
  return seq.items.some((i) => grammarStatement(i) !== undefined || (isScalar(i) && i.value === 'else fail'));
}

function walkGrammar(ctx: Ctx, seq: YAMLSeq, schema: JsonSchema, at: At): void {
  const isList = typesOf(schema).includes('array');
  let previousWasConditional = false;
  const statements = new Set<string>();
  seq.items.forEach((item, i) => {
    const node = deref(item, ctx.parsed.docs[0]);
    const itemAt: At = { ...at, path: [...at.path, i], anchor: node?.range ? nodeRange(ctx.parsed, node) : at.anchor };
    if (isScalar(node) && node.value === 'else fail') {
      if (!previousWasConditional) report(ctx, at, nodeRange(ctx.parsed, node), 'grammar-else', "`else fail` must follow an `on`, `to` or `try` statement.");
      previousWasConditional = false;
      return;
    }
    const st = grammarStatement(node);
    if (!st) {
      previousWasConditional = false;
      if (isList && schema.items) walk(ctx, item, schema.items, itemAt);
      else if (!isList) report(ctx, at, itemAt.anchor, 'wrong-type', `\`${formatPath(at.path)}\` takes a single value; in a list, every entry must be an \`on <arch>:\`, \`to <arch>:\` or \`else:\` statement.`);
      return;
    }
    const kr = keyRange(ctx.parsed, st.pair);
    const key = st.key;
    if (key === 'else') {
      if (!previousWasConditional) report(ctx, at, kr, 'grammar-else', "This `else` doesn't follow an `on`, `to` or `try` statement, so it can never apply. Move it right after one.");
      previousWasConditional = false;
    } else {
      if (key !== 'try') checkSelectors(ctx, at, kr, key);
      if (statements.has(key)) report(ctx, at, kr, 'grammar-duplicate', `The statement \`${key}\` appears twice in \`${formatPath(at.path)}\`; merge the two.`);
      statements.add(key);
      previousWasConditional = true;
    }
    const inner = deref(st.pair.value, ctx.parsed.docs[0]);
    const innerAt: At = { ...at, path: [...at.path, i, key], anchor: kr };
    if (isList && !isSeq(inner) && schema.items) walk(ctx, inner, schema.items, innerAt);
    else walk(ctx, inner, schema, innerAt);
  });
}

function checkSelectors(ctx: Ctx, at: At, kr: Range, key: string): void {
  const m = /^(on|to)(?:\s+(.*))?$/.exec(key);
  if (!m) return;
  const rest = (m[2] ?? '').trim();
  if (!rest) {
    report(ctx, at, kr, 'grammar-selector', `\`${key}\` needs architectures after it, like \`${m[1]} amd64\`.`);
    return;
  }
  // `on amd64 to arm64` is the compound form.
  const groups = rest.split(/\s+to\s+/);
  for (const g of groups) {
    if (/\s/.test(g) || /,\s|\s,/.test(g)) {
      report(ctx, at, kr, 'grammar-selector', `Spaces are not allowed between the architectures of \`${key}\`; separate them with commas only.`);
      return;
    }
    const sels = g.split(',');
    for (const s of sels) {
      if (!ARCHES.has(s)) {
        const guess = closest(s, ARCHES);
        report(ctx, at, kr, 'grammar-selector', `\`${s}\` in \`${key}\` is not an architecture, so this branch never applies.${guess ? ` Did you mean \`${guess}\`?` : ''}`, undefined, DiagnosticSeverity.Warning);
      }
    }
    if (sels.length > 1) {
      report(ctx, at, kr, 'grammar-never-matches', `\`${key}\` lists several architectures; the tools only match a single one, so this branch never applies. Write one \`${m[1]} <arch>\` statement per architecture.`, undefined, DiagnosticSeverity.Warning);
    }
  }
}

function wrongTypeMessage(path: YamlPath, schema: JsonSchema, t: string, node: Node | null): string {
  const wants = new Set<string>();
  const collect = (s: JsonSchema): void => {
    const r = resolve(s);
    if (r.oneOf || r.anyOf) (r.oneOf ?? r.anyOf ?? []).forEach(collect);
    else typesOf(r).forEach((x) => wants.add(x));
  };
  collect(schema);
  const names: Record<string, string> = {
    object: 'a mapping of keys to values', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number',
    boolean: '`true` or `false`', null: 'empty',
  };
  const want = [...wants].map((w) => names[w] ?? w);
  const got = t === 'null' ? 'empty' : t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `${names[t] ?? t}${isScalar(node) ? ` (\`${scalarString(node) ?? ''}\`)` : ''}`;
  const wantText = want.length > 1 ? `${want.slice(0, -1).join(', ')} or ${want[want.length - 1]}` : want[0] ?? 'another type';
  return `\`${formatPath(path)}\` must be ${wantText}, but it is ${got}.`;
}
