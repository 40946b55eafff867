import {
  CompletionItemKind, CompletionItemTag, InsertTextFormat, InsertTextMode, MarkupKind,
  type CompletionItem, type CompletionList, type Position, type Range,
} from 'vscode-languageserver-types';
import type { YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import { declaredKeys, resolve, typesOf, type JsonSchema } from '../schema';
import { formatPath } from '../suggest';
import type { Workspace } from '../workspace';
import { charmcraftOf, charmFiles, type CharmFile } from './charmFiles';
import { cursorContext, siblingKeys, stripComment, type CursorContext } from './locate';
import { availableNames, declares, extensionsOf, refNoun, type AvailableName } from './refs';
import { expand, isArraySchema, isObjectSchema, schemasAt } from './schemaPath';
import { bodySnippet, escapeSnippet, indentUnit, keySnippet, yamlScalar } from './snippets';
import { canonicalBase, effectiveBuildBase } from '../rules/commonHelpers';
import { ARCHITECTURES, extensionParts, extensionServices, injectedCharmNames, injectedInterfaces, integrations } from './twelveFactorFacts';

/*
 * Completion by context, driven by the schemas: the keys a mapping may still take (inserted
 * with the shape of their value), enum values, names the document defines (`x-ref`), and the
 * 12-factor names a framework extension adds.
 */

interface Ctx {
  parsed: ParsedFile;
  at: CursorContext;
  range: Range;
  unit: number;
  items: CompletionItem[];
  seen: Set<string>;
  /** The files of the charm (the document first), read on first use. */
  files: () => CharmFile[];
}

/** Completion items at a position. Never throws on odd input; returns an empty list instead. */
export function complete(parsed: ParsedFile, position: Position, workspace?: Workspace): CompletionList {
  // A file over the size or depth limits was not analysed: nothing to suggest, answer at once.
  if (parsed.skipped) return { isIncomplete: false, items: [] };
  const offset = parsed.lines.offsetAt(position);
  const at = cursorContext(parsed.text, offset);
  const range: Range = { start: parsed.lines.positionAt(at.replaceStart), end: parsed.lines.positionAt(at.replaceEnd) };
  let files: CharmFile[] | undefined;
  const ctx: Ctx = { parsed, at, range, unit: indentUnit(parsed.text), items: [], seen: new Set(), files: () => (files ??= charmFiles(parsed, workspace)) };
  if (at.mode === 'key') completeKeys(ctx, at.path);
  else if (at.mode === 'value') completeValues(ctx);
  return { isIncomplete: false, items: ctx.items };
}

/** Plain data with every string escaped, for a snippet body that must be inserted as it is. */
function literal(value: unknown): unknown {
  if (typeof value === 'string') return escapeSnippet(value);
  if (Array.isArray(value)) return value.map(literal);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeSnippet(k), literal(v)]));
  return value;
}

/** The detail of a name offered for an `x-ref`: where it comes from. */
function nameDetail(ref: string, n: AvailableName, kind: ParsedFile['kind']): string {
  if (n.fromExtension) return `${refNoun(ref)} (${kind === 'rockcraft' ? 'from extension' : `injected by the ${n.extension ?? 'framework'} extension`})`;
  return n.file ? `${refNoun(ref)} (${n.file})` : refNoun(ref);
}

function schemasFor(parsed: ParsedFile, path: YamlPath): JsonSchema[] {
  // The tree picks `oneOf` branches; while typing it can disagree with the text, so retry without it.
  const withTree = schemasAt(parsed.kind, path, parsed);
  return withTree.length ? withTree : schemasAt(parsed.kind, path);
}

function push(ctx: Ctx, item: CompletionItem): void {
  const key = item.label;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  ctx.items.push(item);
}

function docs(markdown: string | undefined): CompletionItem['documentation'] {
  return markdown ? { kind: MarkupKind.Markdown, value: markdown } : undefined;
}

function describeSchemas(schemas: JsonSchema[]): string | undefined {
  for (const s of schemas) {
    const r = resolve(s);
    const d = r.markdownDescription ?? r.description;
    if (d) return d;
  }
  return undefined;
}

/** A one-line summary of what a value holds: `string`, `list`, `mapping`, `bare | ubuntu@…`. */
function typeLabel(schemas: JsonSchema[]): string | undefined {
  const words = new Set<string>();
  for (const s of schemas.flatMap((x) => expand([x], undefined))) {
    if (s.const !== undefined) words.add(String(s.const));
    else if (s.enum) words.add(s.enum.length <= 4 ? s.enum.map(String).join(' | ') : 'one of ' + s.enum.length + ' values');
    else for (const t of typesOf(s)) words.add(t === 'object' ? 'mapping' : t === 'array' ? 'list' : t);
  }
  return words.size ? [...words].join(' or ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Keys

function completeKeys(ctx: Ctx, path: YamlPath): void {
  const { parsed, at } = ctx;
  const schemas = expand(schemasFor(parsed, path), undefined).filter(isObjectSchema);
  const present = new Set(at.siblings);
  const plugin = partPlugin(ctx, path);
  const buildBase = parsed.kind === 'rockcraft' ? canonicalBase(effectiveBuildBase(parsed)) : undefined;
  for (const schema of schemas) {
    const required = new Set(schema.required ?? []);
    for (const key of declaredKeys(schema)) {
      if (present.has(key)) continue;
      const sub = resolve(schema.properties?.[key] ?? {});
      if (sub['x-removed'] || sub['x-alias-of']) continue;
      const plugins = sub['x-plugin'] === undefined ? undefined : ([] as string[]).concat(sub['x-plugin']);
      if (plugins && plugin !== undefined && !plugins.includes(plugin)) continue;
      const bases = sub['x-build-bases'];
      if (bases && buildBase !== undefined && !bases.includes(buildBase)) continue;
      const deprecated = !!(sub.deprecated || sub.deprecationMessage);
      const rank = required.has(key) ? 0 : deprecated ? 3 : plugins ? 2 : 1;
      pushKey(ctx, key, [sub], rank, deprecated);
    }
    mapEntrySuggestions(ctx, path, schema, present);
  }
}

function pushKey(ctx: Ctx, key: string, schemas: JsonSchema[], rank: number, deprecated = false, detail?: string, label = key): void {
  const { at } = ctx;
  const insert = at.hasColon ? escapeSnippet(key) : keySnippet(key, schemas, { unit: ctx.unit, column: at.column });
  // A value that names something (`adopt-info`, `entrypoint-service`): open the name list at once.
  const names = !at.hasColon && schemas.some((s) => resolve(s)['x-ref']);
  push(ctx, {
    label,
    kind: CompletionItemKind.Property,
    detail: detail ?? typeLabel(schemas),
    documentation: docs(describeSchemas(schemas)),
    sortText: `${rank}_${key}`,
    filterText: key,
    textEdit: { range: ctx.range, newText: insert },
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    tags: deprecated ? [CompletionItemTag.Deprecated] : undefined,
    command: names ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  });
}

/** The plugin of the part at `path` (`parts.<name>`), when it is known. */
function partPlugin(ctx: Ctx, path: YamlPath): string | undefined {
  if (path.length !== 2 || path[0] !== 'parts' || typeof path[1] !== 'string') return undefined;
  const { parsed } = ctx;
  const partLines = ctx.at.lines.filter((l) => l.entries.some((e) => e.kind === 'key' && e.key === 'plugin' && e.path.length === 3 && e.path[1] === path[1]));
  const fromText = partLines.map((l) => l.entries.find((e) => e.key === 'plugin')?.value).find((v) => v);
  const plugin = fromText?.replace(/^["']|["']$/g, '');
  if (plugin) return plugin;
  // Charmcraft uses the part's name as its plugin when `plugin` is not set.
  return parsed.kind === 'charmcraft' ? path[1] : undefined;
}

/** Templates for the mapping, and in a map of names (parts, services, platforms, requires...) the names to add. */
function mapEntrySuggestions(ctx: Ctx, path: YamlPath, schema: JsonSchema, present: Set<string>): void {
  const { parsed, at } = ctx;
  const opts = { unit: ctx.unit, column: at.column };
  if (!at.hasColon) {
    // The mapping's templates (a new part, service, option; a whole file at the top level),
    // unless one of their keys is already written.
    for (const s of schema.defaultSnippets ?? []) {
      if (!s.body || typeof s.body !== 'object' || Array.isArray(s.body)) continue;
      if (Object.keys(s.body).some((k) => present.has(k))) continue;
      const text = bodySnippet(s.body, opts);
      if (!text) continue;
      push(ctx, {
        label: s.label ?? 'new entry',
        kind: CompletionItemKind.Snippet,
        detail: s.description ?? (path.length ? `New entry in ${formatPath(path)}` : 'A complete file'),
        documentation: docs(s.markdownDescription ?? describeSchemas([schema])),
        sortText: `4_${s.label ?? ''}`,
        filterText: s.label,
        textEdit: { range: ctx.range, newText: text },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
      });
    }
  }
  const isNameMap = !!schema.additionalProperties || !!schema.patternProperties || schema['x-ref-keys'] !== undefined;
  if (!isNameMap) return;
  const entrySchema = typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
  const refKeys = schema['x-ref-keys'];
  if (refKeys) {
    for (const n of availableNames(parsed, refKeys, at.lines, ctx.files())) {
      if (present.has(n.name)) continue;
      pushKey(ctx, n.name, entrySchema, 0, false, nameDetail(refKeys, n, parsed.kind));
    }
  }
  const last = path[path.length - 1];
  if ((last === 'containers' || last === 'resources') && path.length === 1 && declares(parsed.kind, last)) {
    // A 12-factor charm gets these from its extension; writing them again is allowed only as the extension does.
    const charmcraft = charmcraftOf(ctx.files());
    for (const n of charmcraft ? injectedCharmNames(charmcraft, last) : []) {
      if (present.has(n.name)) continue;
      const what = `${refNoun(last)} injected by the ${n.extension} extension`;
      const body = at.hasColon ? escapeSnippet(n.name) : bodySnippet({ [escapeSnippet(n.name)]: literal(n.value) }, { unit: ctx.unit, column: at.column }) ?? escapeSnippet(n.name);
      push(ctx, {
        label: n.name,
        kind: CompletionItemKind.Property,
        detail: what,
        documentation: docs(`The ${what}. It exists without being written here; if you write it, it must be exactly what the extension injects.`),
        sortText: `2_${n.name}`,
        filterText: n.name,
        textEdit: { range: ctx.range, newText: body },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
      });
    }
  }
  if (path.length === 1 && last === 'platforms') {
    for (const arch of ARCHITECTURES) {
      if (present.has(arch)) continue;
      push(ctx, {
        label: arch, kind: CompletionItemKind.EnumMember, detail: 'platform (build on and for this architecture)',
        sortText: `0_${arch}`, filterText: arch,
        textEdit: { range: ctx.range, newText: at.hasColon ? arch : `${arch}:` },
        insertTextMode: InsertTextMode.asIs,
      });
    }
  }
  if (parsed.kind === 'rockcraft' && path.length === 1 && (last === 'parts' || last === 'services')) {
    const exts = extensionsOf(parsed);
    for (const g of last === 'parts' ? extensionParts(exts) : extensionServices(exts)) {
      if (present.has(g.name)) continue;
      // An override usually adds a key or two: an empty mapping, not the new-entry template.
      const what = `${last === 'parts' ? 'part' : 'service'} generated by ${g.extension}`;
      pushKey(ctx, g.name, [{ type: 'object', markdownDescription: `${g.summary ? `${g.summary}\n\n` : ''}The ${what}. Keys written here are merged into it: lists are appended, scalars replace the generated ones.` }], 1, false, `${what} (extend or override it)`);
    }
  }
  if ((parsed.kind === 'charmcraft' || parsed.kind === 'metadata') && path.length === 1 && last === 'requires') {
    for (const i of integrations()) {
      if (!i.endpoint || present.has(i.endpoint)) continue;
      const body = at.hasColon
        ? escapeSnippet(i.endpoint)
        : bodySnippet({ [i.endpoint]: { interface: i.interface, optional: i.optional, limit: 1 } }, { unit: ctx.unit, column: at.column }) ?? i.endpoint;
      push(ctx, {
        label: i.endpoint,
        kind: CompletionItemKind.Interface,
        detail: `${i.interface} — integrate with ${i.charm}`,
        documentation: docs(`12-factor integration: paas-charm wires the \`${i.endpoint}\` endpoint (interface \`${i.interface}\`) into the app's environment (${i.env.map((e) => `\`${e}\``).join(', ')}). Integrate with ${i.charm}.`),
        sortText: `1_${i.endpoint}`,
        filterText: i.endpoint,
        textEdit: { range: ctx.range, newText: body },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values

function completeValues(ctx: Ctx): void {
  const { parsed, at } = ctx;
  const raw = schemasFor(parsed, at.path);
  const schemas = expand(raw, undefined);
  const taken = new Set(at.listValues);
  for (const s of schemas) {
    if (at.inList || !isArraySchema(s) || typesOf(s).some((t) => t !== 'array')) scalarValues(ctx, s, taken, '');
    if (!at.inList && isArraySchema(s) && s.items) {
      // `key: |` for a list: offer `[value]`.
      for (const item of expand([s.items], undefined)) scalarValues(ctx, item, taken, 'list');
    }
  }
  if (at.inList && !at.inFlow) {
    // `- |` in a list of mappings: the first key of a new item, or a whole item snippet.
    const objects = schemas.filter(isObjectSchema);
    if (objects.length) {
      const keyCtx: Ctx = { ...ctx, at: { ...at, mode: 'key', hasColon: false } };
      for (const o of objects) {
        for (const key of declaredKeys(o)) {
          if (at.siblings.includes(key)) continue;
          const sub = resolve(o.properties?.[key] ?? {});
          if (sub['x-removed'] || sub['x-alias-of']) continue;
          pushKey(keyCtx, key, [sub], (o.required ?? []).includes(key) ? 0 : 1);
        }
      }
      // Item templates may sit on the `oneOf` of the item kinds or on a kind.
      if (at.siblings.length === 0) for (const o of new Set([...raw.map((r) => resolve(r)), ...objects])) itemSnippets(ctx, o);
    }
  }
  interfaceValues(ctx);
  if (!at.inList) childrenOnNewLine(ctx, schemas);
}

/**
 * `services: |` — the value is a mapping, so what fits here is its first key: the keys and
 * templates of the mapping, inserted on a new line below, indented one level (or like the
 * entries already there).
 */
function childrenOnNewLine(ctx: Ctx, schemas: JsonSchema[]): void {
  const { parsed, at } = ctx;
  if (!schemas.some(isObjectSchema)) return;
  const line = ctx.range.start.line;
  const info = at.lines[line];
  const entry = info?.entries.find((e) => e.kind === 'key' && e.path.length === at.path.length && e.path.every((s, i) => s === at.path[i]));
  if (!info || !entry || entry.keyEnd === undefined) return;
  const colon = info.text.indexOf(':', entry.keyEnd);
  const lineStart = parsed.lines.offsetAt({ line, character: 0 });
  const wordStart = at.replaceStart - lineStart;
  // Only when nothing but the word being typed follows the colon (not `key: some value`).
  if (colon < 0 || info.text.slice(colon + 1, wordStart).trim() !== '' || stripComment(info.text.slice(at.replaceEnd - lineStart)).trim() !== '') return;
  // Entries already below the key set the indentation; else one level deeper than the key.
  const below = at.lines.slice(line + 1).find((l) => !l.empty && !l.continuation);
  const column = below && below.indent > entry.column && below.entries[0]?.kind === 'key' ? below.indent : entry.column + ctx.unit;
  const child: Ctx = {
    ...ctx, items: [], seen: new Set(),
    at: { ...at, mode: 'key', hasColon: false, column, siblings: siblingKeys(at.lines, at.path, line) },
  };
  completeKeys(child, at.path);
  // The spaces between the colon and the word would trail on the key's line: remove them.
  const gap = wordStart > colon + 1 ? [{ range: { start: { line, character: colon + 1 }, end: ctx.range.start }, newText: '' }] : undefined;
  for (const item of child.items) {
    const te = item.textEdit as { range: Range; newText: string } | undefined;
    if (!te) continue;
    push(ctx, {
      ...item,
      textEdit: { range: te.range, newText: `\n${' '.repeat(column)}${te.newText}` },
      insertTextFormat: InsertTextFormat.Snippet,
      additionalTextEdits: gap,
    });
  }
}

function scalarValues(ctx: Ctx, schema: JsonSchema, taken: Set<string>, wrap: '' | 'list'): void {
  const { at } = ctx;
  const s = resolve(schema);
  const add = (value: string, kind: CompletionItemKind, detail: string | undefined, documentation: string | undefined, rank: number): void => {
    if (taken.has(value)) return;
    let text = yamlScalar(value);
    if (wrap === 'list') text = `[${text}]`;
    if (at.needsSpace) text = ` ${text}`;
    push(ctx, {
      label: wrap === 'list' ? `[${value}]` : value, kind, detail, documentation: docs(documentation),
      sortText: `${rank}_${value}`, filterText: wrap === 'list' ? `[${value}]` : value,
      textEdit: { range: ctx.range, newText: text },
    });
  };
  const describeValue = describeSchemas([s]);
  (s.enum ?? []).forEach((v, i) => {
    add(String(v), CompletionItemKind.EnumMember, undefined, s.markdownEnumDescriptions?.[i] ?? describeValue, 0);
  });
  if (s.const !== undefined) add(String(s.const), CompletionItemKind.Constant, undefined, describeValue, 0);
  if (typesOf(s).includes('boolean')) {
    add('true', CompletionItemKind.Value, 'boolean', undefined, 1);
    add('false', CompletionItemKind.Value, 'boolean', undefined, 1);
  }
  const ref = s['x-ref'];
  if (ref) {
    const own = ownEntry(ctx.at.path, ref, ctx.parsed);
    for (const n of availableNames(ctx.parsed, ref, ctx.at.lines, ctx.files())) {
      if (n.name === own) continue;
      const doc = n.fromExtension && ctx.parsed.kind !== 'rockcraft'
        ? `Injected by the ${n.extension ?? 'framework'} extension: no file of the charm declares it.`
        : n.file ? `Declared in ${n.file}.` : undefined;
      add(n.name, CompletionItemKind.Reference, nameDetail(ref, n, ctx.parsed.kind), doc, n.fromExtension ? 1 : 0);
    }
  }
  if (s.default !== undefined && s.default !== null && typeof s.default !== 'object' && !s.enum) {
    add(String(s.default), CompletionItemKind.Value, 'default', describeValue, 2);
  }
  for (const ex of s.examples ?? []) {
    if (typeof ex === 'string' || typeof ex === 'number') add(String(ex), CompletionItemKind.Value, 'example', describeValue, 3);
  }
}

/** The entry a value sits in, when the reference points to the same map (a part is not after itself). */
function ownEntry(path: YamlPath, ref: string, parsed: ParsedFile): string | undefined {
  const head = ref.split('.');
  if (parsed.kind === 'rockcraft' || parsed.kind === 'charmcraft' || parsed.kind === 'metadata') {
    if (head.every((h, i) => path[i] === h) && typeof path[head.length] === 'string') return path[head.length] as string;
  }
  return undefined;
}

/** Whole-item snippets for a list of mappings (`package-repositories: - PPA`). */
function itemSnippets(ctx: Ctx, schema: JsonSchema): void {
  for (const s of schema.defaultSnippets ?? []) {
    if (!s.body || typeof s.body !== 'object' || Array.isArray(s.body)) continue;
    const text = bodySnippet(s.body, { unit: ctx.unit, column: ctx.at.column });
    if (!text) continue;
    push(ctx, {
      label: s.label ?? 'item',
      kind: CompletionItemKind.Snippet,
      detail: s.description,
      documentation: docs(s.markdownDescription),
      sortText: `4_${s.label ?? ''}`,
      filterText: s.label,
      textEdit: { range: ctx.range, newText: text },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
    });
  }
}

/** `interface:` of an endpoint: the interfaces 12-factor charms integrate through. */
function interfaceValues(ctx: Ctx): void {
  const { parsed, at } = ctx;
  const p = at.path;
  if (!(parsed.kind === 'charmcraft' || parsed.kind === 'metadata')) return;
  if (p.length !== 3 || p[2] !== 'interface' || !['requires', 'provides', 'peers'].includes(String(p[0]))) return;
  const endpoint = String(p[1]);
  const add = (name: string, detail: string, doc: string, preselect: boolean): void => {
    push(ctx, {
      label: name, kind: CompletionItemKind.Interface, detail, documentation: docs(doc), preselect,
      sortText: `${preselect ? 0 : 1}_${name}`, filterText: name,
      textEdit: { range: ctx.range, newText: at.needsSpace ? ` ${name}` : name },
    });
  };
  for (const i of integrations()) {
    const via = i.endpoint ? `the \`${i.endpoint}\` endpoint` : 'any endpoint';
    add(i.interface, `integrate with ${i.charm}`, `12-factor integration through ${via}; paas-charm sets ${i.env.map((e) => `\`${e}\``).join(', ')}.`, i.endpoint === endpoint);
  }
  for (const e of injectedInterfaces()) {
    add(e.interface, `${e.kind} \`${e.endpoint}\` of the 12-factor extensions`, `The 12-factor charm extensions already declare ${e.kind} \`${e.endpoint}\` with this interface.`, false);
  }
}
