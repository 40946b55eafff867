import { resolve, typesOf, type JsonSchema } from '../schema';
import { isArraySchema, isObjectSchema } from './schemaPath';

/*
 * Snippet text for inserting a key with the shape of its value. Snippets are built with
 * absolute indentation (`InsertTextMode.asIs`), so the result does not depend on how a client
 * re-indents multi-line insertions.
 */

export interface SnippetOptions {
  /** Spaces per indentation level in this document. */
  unit: number;
  /** Column where the key starts: continuation lines are indented from it. */
  column: number;
}

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, (c) => `\\${c}`);
}

/** A scalar written so that YAML reads it back as the same string. */
export function yamlScalar(value: string): string {
  if (value === '') return '""';
  const plainSafe = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^#]*$/.test(value) || /^-[^\s]/.test(value);
  const risky = /:\s|\s#|:$|^\s|\s$/.test(value) || /^(true|false|yes|no|on|off|y|n|null|~|[-+]?\d[\d_.eE+-]*)$/i.test(value);
  if (plainSafe && !risky) return value;
  return JSON.stringify(value);
}

type Rendered = { inline: string } | { lines: string[] };

/** Renders a `defaultSnippets` body (JSON whose strings may hold tab stops) as YAML lines. */
function render(value: unknown, indent: string, unit: string): Rendered {
  if (value === null || value === undefined) return { inline: '' };
  if (typeof value === 'string') return { inline: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { inline: String(value) };
  if (Array.isArray(value)) {
    if (value.length === 0) return { inline: '[]' };
    const lines: string[] = [];
    for (const item of value) {
      // Mapping items line up under the first key, two columns after the dash.
      const r = render(item, `${indent}  `, unit);
      if ('inline' in r) lines.push(`${indent}- ${r.inline}`.trimEnd());
      else lines.push(`${indent}- ${r.lines[0].trimStart()}`, ...r.lines.slice(1));
    }
    return { lines };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { inline: '{}' };
  const lines: string[] = [];
  for (const [k, v] of entries) {
    const r = render(v, indent + unit, unit);
    if ('inline' in r) lines.push(r.inline === '' ? `${indent}${k}:` : `${indent}${k}: ${r.inline}`);
    else lines.push(`${indent}${k}:`, ...r.lines);
  }
  return { lines };
}

/** The value part of `key: <value>` for a schema: ` inline` or `\n` + indented lines. */
export function valueShape(schemas: JsonSchema[], opts: SnippetOptions): string {
  const unit = ' '.repeat(opts.unit);
  const inner = ' '.repeat(opts.column) + unit;
  const all = schemas.map((s) => resolve(s));
  const snippet = all.flatMap((s) => s.defaultSnippets ?? []).find((d) => d.body !== undefined || d.bodyText !== undefined);
  if (snippet) {
    if (snippet.bodyText !== undefined) return ` ${snippet.bodyText}`;
    const r = render(snippet.body, inner, unit);
    if ('inline' in r) return r.inline === '' ? '' : ` ${r.inline}`;
    return `\n${r.lines.join('\n')}`;
  }
  const flat = all.flatMap((s) => flatten(s));
  const constant = flat.find((s) => s.const !== undefined);
  if (constant && flat.length === 1) return ` ${escapeSnippet(String(constant.const))}`;
  const enums = [...new Set(flat.flatMap((s) => (s.enum ?? []).map(String)))];
  if (enums.length === 1 && flat.length === 1) return ` ${escapeSnippet(enums[0])}`;
  if (enums.length) return ` \${1|${enums.map(escapeChoice).join(',')}|}`;
  if (flat.some((s) => typesOf(s).includes('boolean')) && flat.every((s) => typesOf(s).includes('boolean') || typesOf(s).includes('null'))) {
    return ' ${1|true,false|}';
  }
  const scalar = flat.find((s) => typesOf(s).some((t) => t === 'string' || t === 'integer' || t === 'number'));
  const object = flat.find((s) => isObjectSchema(s));
  const array = flat.find((s) => isArraySchema(s));
  if (!scalar && object) return `\n${inner}$1`;
  if (!scalar && array) return `\n${inner}- $1`;
  const def = flat.find((s) => s.default !== undefined && (typeof s.default === 'string' || typeof s.default === 'number'))?.default;
  if (def !== undefined) return ` \${1:${escapeSnippet(String(def))}}`;
  return ' $1';
}

/** `key: value` snippet for a key of the given schemas. */
export function keySnippet(key: string, schemas: JsonSchema[], opts: SnippetOptions): string {
  return `${escapeSnippet(key)}:${valueShape(schemas, opts)}`;
}

/** Snippet for a whole `defaultSnippets` body written at the cursor (an entry of a map or list item). */
export function bodySnippet(body: unknown, opts: SnippetOptions): string | undefined {
  const unit = ' '.repeat(opts.unit);
  const r = render(body, '', unit);
  if ('inline' in r) return r.inline || undefined;
  const pad = ' '.repeat(opts.column);
  return r.lines.map((l, i) => (i === 0 ? l : pad + l)).join('\n');
}

/** The branches of a schema, resolved, for shape decisions. */
function flatten(s: JsonSchema): JsonSchema[] {
  const r = resolve(s);
  const alts = r.oneOf ?? r.anyOf;
  return alts ? alts.flatMap(flatten) : [r];
}

/** Indentation step used by a document (2 when it has no nested block). */
export function indentUnit(text: string): number {
  const counts = new Map<number, number>();
  let previous = 0;
  let previousWasKey = false;
  for (const line of text.split(/\r\n|\r|\n/, 400)) {
    const content = line.trimStart();
    if (!content || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    if (previousWasKey && indent > previous && !content.startsWith('- ')) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
    previous = indent;
    previousWasKey = /:\s*$/.test(content);
  }
  let best = 2;
  let bestCount = 0;
  for (const [unit, n] of counts) if (n > bestCount && unit <= 8) [best, bestCount] = [unit, n];
  return best;
}
