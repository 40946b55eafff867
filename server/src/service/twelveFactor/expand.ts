/**
 * What `rockcraft expand-extensions` / `charmcraft expand-extensions` would print for a
 * file: the extensions' snippets merged into the user's YAML with the tools' rules
 * (rockcraft.md §8): a missing or empty user value takes the extension's; lists are the
 * extension's items then the user's (string lists de-duplicated); mappings merge key by
 * key; a user scalar wins.
 */
import { stringify } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { baseName, dirName, joinPath } from '../fileKind';
import type { ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { charmBase, oauthEndpoints, projectView } from './fileFacts';
import {
  charmExtensionSnippet, EXTENSION_NAMES, frameworkOf, rockExtensionSnippet, type PlainMap, type RockContext,
} from './frameworks';

export interface ExpandResult {
  /** The expanded YAML, or undefined when nothing could be expanded. */
  yaml?: string;
  /** Why nothing could be expanded, or notes about the expansion. */
  message?: string;
}

const isMap = (v: unknown): v is PlainMap => !!v && typeof v === 'object' && !Array.isArray(v);

/** Python truthiness, which decides whether the user's value counts as present. */
function present(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** Merges one extension value into the user's, as craft's `_apply_extension_property` does. */
export function mergeExtensionProperty(existing: unknown, extension: unknown): unknown {
  if (!present(existing)) return structuredClone(extension);
  if (Array.isArray(existing) && Array.isArray(extension)) {
    const merged = [...structuredClone(extension), ...existing];
    if (merged.every((x) => typeof x === 'string')) return [...new Set(merged)];
    return merged;
  }
  if (isMap(existing) && isMap(extension)) {
    for (const [k, v] of Object.entries(extension)) existing[k] = mergeExtensionProperty(existing[k], v);
    return existing;
  }
  return existing;
}

/** The plain data of the file's first document, or undefined when it is not a mapping. */
function fileData(parsed: ParsedFile): PlainMap | undefined {
  const doc = parsed.docs[0];
  if (!doc || !parsed.root) return undefined;
  try {
    const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    return isMap(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The expanded data and notes; `error` when expansion is impossible. */
export function expandData(parsed: ParsedFile, workspace?: Workspace): { data?: PlainMap; notes: string[]; error?: string } {
  if (parsed.kind !== 'rockcraft' && parsed.kind !== 'charmcraft') {
    return { notes: [], error: 'Only rockcraft.yaml and charmcraft.yaml have extensions to expand.' };
  }
  if (parsed.syntax.some((d) => d.severity === DiagnosticSeverity.Error && d.code !== 'duplicate-key')) {
    return { notes: [], error: `${baseName(parsed.path)} has YAML syntax errors; fix them first.` };
  }
  const data = fileData(parsed);
  if (!data) return { notes: [], error: `${baseName(parsed.path)} is not a YAML mapping.` };
  const names = Array.isArray(data.extensions) ? data.extensions.filter((x): x is string => typeof x === 'string') : [];
  if (!names.length) return { notes: [], error: `${baseName(parsed.path)} uses no extension (\`extensions:\` is empty or missing), so there is nothing to expand.` };
  const unknown = names.filter((n) => !frameworkOf(n));
  if (unknown.length) {
    return { notes: [], error: `Extension '${unknown[0]}' does not exist. The extensions are ${EXTENSION_NAMES.join(', ')}.` };
  }
  delete data.extensions;
  const notes: string[] = [];
  const dir = dirName(parsed.path);
  // The tools apply extensions in name order, each seeing the result of the previous one.
  for (const name of [...new Set(names)].sort()) {
    const fw = frameworkOf(name);
    if (!fw) continue;
    if (parsed.kind === 'rockcraft') {
      const ctx: RockContext = {
        name: asString(data.name),
        base: asString(data.base),
        buildBase: asString(data['build-base']),
        parts: isMap(data.parts) ? data.parts : {},
        services: isMap(data.services) ? data.services : {},
        project: workspace?.fs ? projectView(workspace, dir) : undefined,
      };
      const snippet = rockExtensionSnippet(fw, ctx);
      notes.push(...snippet.notes);
      const root: PlainMap = { [snippet.runUser.key]: snippet.runUser.value, services: snippet.services, parts: snippet.parts };
      for (const [k, v] of Object.entries(root)) data[k] = mergeExtensionProperty(data[k], v);
    } else {
      const hasPaasConfig = workspace ? workspace.exists(joinPath(dir, 'paas-config.yaml')) : false;
      const snippet = charmExtensionSnippet(fw, { base: charmBase(parsed), oauthEndpoints: oauthEndpoints(parsed), hasPaasConfig });
      for (const [k, v] of Object.entries(snippet)) data[k] = mergeExtensionProperty(data[k], v);
    }
  }
  // The project model prints the run user under its canonical key.
  if ('run_user' in data && !('run-user' in data)) {
    const renamed: PlainMap = {};
    for (const [k, v] of Object.entries(data)) renamed[k === 'run_user' ? 'run-user' : k] = v;
    return { data: renamed, notes: [...new Set(notes)] };
  }
  return { data, notes: [...new Set(notes)] };
}

/** The expanded YAML text for the `twelveFactor/expandExtensions` request. */
export function expandExtensions(parsed: ParsedFile, workspace?: Workspace): ExpandResult {
  const { data, notes, error } = expandData(parsed, workspace);
  if (error || !data) return { message: error };
  const tool = parsed.kind === 'rockcraft' ? 'rockcraft' : 'charmcraft';
  const header = [
    `# ${baseName(parsed.path)} with its extensions applied, as \`${tool} expand-extensions\` prints it.`,
    '# Computed by the 12-factor language server (descriptions of injected options are abridged); read-only.',
    ...notes.map((n) => `# Note: ${n}`),
  ];
  const body = stringify(data, { lineWidth: 0, aliasDuplicateObjects: false, nullStr: '' });
  return { yaml: `${header.join('\n')}\n${body}`, message: notes.length ? notes.join(' ') : undefined };
}
