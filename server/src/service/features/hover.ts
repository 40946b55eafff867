import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { YamlPath } from '../ast';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { isGrammarKey, resolve, typesOf, type JsonSchema } from '../schema';
import { formatPath } from '../suggest';
import type { Workspace } from '../workspace';
import { charmcraftOf, charmFiles, type CharmFile } from './charmFiles';
import { charmNameHover, interfaceHover } from './charmHover';
import { hitOrOutlineAt } from './locate';
import { availableNames, declares, definitionsIn, refNoun } from './refs';
import { expand, schemasAt } from './schemaPath';
import { injectedCharmNames } from './twelveFactorFacts';

/**
 * Markdown documentation for the key or value under the cursor, from the schema; for a charm,
 * what its sibling files and its 12-factor extension say about the names in it.
 */
export function hover(parsed: ParsedFile, position: Position, workspace?: Workspace): Hover | undefined {
  if (parsed.skipped) return undefined;
  const offset = parsed.lines.offsetAt(position);
  const hit = hitOrOutlineAt(parsed, offset);
  if (!hit) return undefined;
  const range = rangeOfOffsets(parsed.lines, hit.start, hit.end);
  const grammar = grammarHover(hit.path, hit.on);
  if (grammar) return { contents: { kind: MarkupKind.Markdown, value: grammar }, range };
  // Siblings are read only when the hover needs them.
  let files: CharmFile[] | undefined;
  const project = (): CharmFile[] => (files ??= charmFiles(parsed, workspace));
  if (hit.on === 'key') {
    const juju = charmNameHover(parsed, hit.path, project);
    if (juju) return { contents: { kind: MarkupKind.Markdown, value: juju }, range };
  }
  const path = hit.path.filter((s, i) => !(typeof s === 'string' && isGrammarKey(s) && typeof hit.path[i - 1] === 'number'));
  let schemas = schemasAt(parsed.kind, path, parsed);
  if (!schemas.length) schemas = schemasAt(parsed.kind, path);
  if (!schemas.length) return undefined;
  const value = hit.on === 'value'
    ? valueMarkdown(parsed, path, hit.text, schemas, project) ?? interfaceHover(parsed, path, hit.text.replace(/^["']|["']$/g, ''), project)
    : undefined;
  const key = keyMarkdown(parsed, path, schemas, hit.on === 'key', project);
  const body = value ? [value, key.body].filter(Boolean).join('\n\n---\n\n') : key.body;
  const title = value ? `**\`${formatPath(path)}: ${hit.text}\`**` : key.title;
  if (!body && hit.on === 'value') return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: [title, body].filter(Boolean).join('\n\n') }, range };
}

function keyMarkdown(parsed: ParsedFile, path: YamlPath, schemas: JsonSchema[], onKey: boolean, project: () => CharmFile[]): { title: string; body: string } {
  const all = expand(schemas, undefined);
  const first = resolve(schemas[0]);
  const type = typeWords(all);
  const title = `**\`${formatPath(path)}\`**${type ? ` · ${type}` : ''}`;
  const parts: string[] = [];
  if (first['x-removed']) parts.push(`⛔ ${first['x-removed']}`);
  if (first['x-alias-of']) parts.push(`Another spelling of \`${first['x-alias-of']}\`; prefer \`${first['x-alias-of']}\`.`);
  if (first.deprecated || first.deprecationMessage) parts.push(`⚠️ Deprecated. ${first.deprecationMessage ?? ''}`.trim());
  const description = describe(schemas) ?? describe(all);
  if (description) parts.push(description);
  const plugins = first['x-plugin'];
  if (plugins) parts.push(`Only for parts with \`plugin: ${([] as string[]).concat(plugins).join('` or `')}\`.`);
  if (onKey) {
    const ref = refKeyOf(parsed, path);
    if (ref) parts.push(nameNote(parsed, ref, String(path[path.length - 1]), project()));
    const injected = injectedNote(parsed, path, project);
    if (injected) parts.push(injected);
  }
  return { title, body: parts.join('\n\n') };
}

/** On a resource or container the user declares that the charm's extension injects as well. */
function injectedNote(parsed: ParsedFile, path: YamlPath, project: () => CharmFile[]): string | undefined {
  if (path.length !== 2 || (path[0] !== 'resources' && path[0] !== 'containers') || !declares(parsed.kind, path[0])) return undefined;
  const charmcraft = charmcraftOf(project());
  const ext = charmcraft ? injectedCharmNames(charmcraft, path[0]).find((n) => n.name === path[1])?.extension : undefined;
  return ext ? `The ${ext} extension injects this ${refNoun(path[0])} as well: write it exactly as the extension does, or leave it out.` : undefined;
}

function valueMarkdown(parsed: ParsedFile, path: YamlPath, value: string, schemas: JsonSchema[], project: () => CharmFile[]): string | undefined {
  const text = value.replace(/^["']|["']$/g, '');
  for (const s of expand(schemas, undefined)) {
    const i = (s.enum ?? []).map(String).indexOf(text);
    if (i >= 0) return s.markdownEnumDescriptions?.[i] ?? `One of the allowed values of \`${formatPath(path)}\`.`;
    const deprecated = s['x-deprecated-values']?.[text];
    if (deprecated) return `⚠️ Deprecated spelling: write \`${deprecated}\`.`;
    if (s['x-ref']) return nameNote(parsed, s['x-ref'], text, project());
  }
  return undefined;
}

/**
 * `Part \`foo\`, defined on line 12.` (or on a line of a sibling file of the charm) — or where
 * it comes from when no file defines it.
 */
function nameNote(parsed: ParsedFile, ref: string, name: string, files: readonly CharmFile[]): string {
  const noun = refNoun(ref);
  const def = definitionsIn(files, ref, name)[0];
  if (def) {
    const line = def.file.parsed.lines.positionAt(def.item.start).line + 1;
    return `${capital(noun)} \`${name}\`, defined on line ${line}${def.file.parsed === parsed ? '' : ` of ${def.file.name}`}.`;
  }
  const fromExtension = availableNames(parsed, ref, undefined, files).find((n) => n.name === name && n.fromExtension);
  if (fromExtension && parsed.kind === 'rockcraft') return `${capital(noun)} \`${name}\`, generated by the framework extension.`;
  if (fromExtension) return `${capital(noun)} \`${name}\`, injected by the ${fromExtension.extension ?? 'framework'} extension (no file of the charm declares it).`;
  const declaring = files.filter((f) => declares(f.parsed.kind, ref)).map((f) => f.name);
  return `No ${noun} \`${name}\` is defined in ${declaring.length > 1 ? declaring.join(' or ') : 'this file'}.`;
}

/** The `x-ref-keys` of the mapping that holds the key at `path`, if any. */
function refKeyOf(parsed: ParsedFile, path: YamlPath): string | undefined {
  const parent = schemasAt(parsed.kind, path.slice(0, -1), parsed);
  return parent.map((s) => resolve(s)['x-ref-keys']).find((r) => r);
}

function describe(schemas: JsonSchema[]): string | undefined {
  for (const s of schemas) {
    const r = resolve(s);
    const d = r.markdownDescription ?? r.description;
    if (d) return d;
  }
  return undefined;
}

function typeWords(schemas: JsonSchema[]): string | undefined {
  const words = new Set<string>();
  for (const s of schemas) {
    if (s.const !== undefined) words.add(`\`${String(s.const)}\``);
    else if (s.enum) words.add(s.enum.length <= 6 ? s.enum.map((v) => `\`${String(v)}\``).join(' \\| ') : `one of ${s.enum.length} values`);
    else for (const t of typesOf(s)) words.add(t === 'object' ? 'mapping' : t === 'array' ? 'list' : t);
  }
  return words.size ? [...words].join(' or ') : undefined;
}

/** Hover for advanced-grammar statements (`on amd64:`, `to arm64:`, `else:`, `else fail`). */
function grammarHover(path: YamlPath, on: 'key' | 'value'): string | undefined {
  const last = path[path.length - 1];
  if (on !== 'key' || typeof last !== 'string' || typeof path[path.length - 2] !== 'number' || !isGrammarKey(last)) return undefined;
  const m = /^(on|to)\s+(.*)$/.exec(last);
  const where = formatPath(path.slice(0, -2));
  if (m) {
    const sel = m[2].trim();
    const what = m[1] === 'on' ? `building **on** ${sel} (the build host)` : `building **for** ${sel} (the target)`;
    return `**\`${last}\`** · advanced grammar\n\nThe entries below apply to \`${where}\` only when ${what}. Follow it with \`else:\` for the other cases.`;
  }
  if (last === 'else') return `**\`else\`** · advanced grammar\n\nApplies to \`${where}\` when the \`on\`/\`to\` statement just before did not match.`;
  return `**\`${last}\`** · advanced grammar\n\nTries the entries below; if they cannot be used, the following \`else\` applies.`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
