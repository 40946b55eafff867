import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { DocumentLink } from 'vscode-languageserver-types';
import { deref, getPair, keyText, type AnyPair } from '../ast';
import { dirName, joinPath } from '../fileKind';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { innerRange } from './refs';

/**
 * Links for local `source:` paths of parts (relative paths that exist, resolved against the
 * file's folder); in a charmcraft.yaml, to the split files it relies on (metadata.yaml when it
 * has no `name`, config.yaml without `config`, actions.yaml without `actions`); in those
 * files, back to charmcraft.yaml.
 */
export function documentLinks(parsed: ParsedFile, workspace: Workspace): DocumentLink[] {
  if (parsed.skipped) return [];
  if (parsed.kind === 'metadata' || parsed.kind === 'config' || parsed.kind === 'actions' || parsed.kind === 'paas-config') {
    const back = charmcraftLink(parsed, workspace);
    return back ? [back] : [];
  }
  const root = parsed.root;
  if (!root) return [];
  const doc = parsed.docs[0];
  const dir = dirName(parsed.path);
  const out: DocumentLink[] = [];
  const parts = deref(getPair(root, 'parts', doc)?.value, doc);
  if ((parsed.kind === 'rockcraft' || parsed.kind === 'charmcraft') && isMap(parts)) {
    for (const part of parts.items as AnyPair[]) {
      const map = deref(part.value, doc);
      if (!isMap(map)) continue;
      const source = (map.items as AnyPair[]).find((p) => keyText(p) === 'source');
      for (const node of scalars(source?.value as Node | null | undefined)) {
        const value = String(node.value);
        if (!isLocalPath(value)) continue;
        const target = normalize(joinPath(dir, value));
        const r = innerRange(node);
        if (!r || !workspace.exists(target)) continue;
        out.push({ range: rangeOfOffsets(parsed.lines, r[0], r[1]), target: fileUri(target), tooltip: `Open ${value}` });
      }
    }
  }
  if (parsed.kind === 'charmcraft') out.push(...siblingLinks(parsed, workspace));
  return out;
}

/** What each split file provides, when charmcraft.yaml leaves it out (the key that would say so). */
const PROVIDED_BY: { file: string; key: string; tooltip: string }[] = [
  { file: 'metadata.yaml', key: 'name', tooltip: 'The charm\'s name, summary and description come from metadata.yaml' },
  { file: 'config.yaml', key: 'config', tooltip: 'The charm\'s config options come from config.yaml' },
  { file: 'actions.yaml', key: 'actions', tooltip: 'The charm\'s actions come from actions.yaml' },
];

/**
 * Links from a charmcraft.yaml to the split files that provide part of it. A comment that names
 * the file is the natural anchor; else a top-level key (`type` first), one per file so that
 * every link stays clickable.
 */
function siblingLinks(parsed: ParsedFile, workspace: Workspace): DocumentLink[] {
  const root = parsed.root;
  if (!root) return [];
  const doc = parsed.docs[0];
  const dir = dirName(parsed.path);
  const pairs = root.items as AnyPair[];
  const typePair = getPair(root, 'type', doc);
  const keys = [...(typePair ? [typePair] : []), ...pairs.filter((p) => p !== typePair)]
    .map((p) => p.key as Node | null)
    .filter((k): k is Node => !!k?.range);
  const out: DocumentLink[] = [];
  for (const { file, key, tooltip } of PROVIDED_BY) {
    const target = joinPath(dir, file);
    if (getPair(root, key, doc) || !workspace.exists(target)) continue;
    const mention = commentMention(parsed.text, file);
    const range = mention ?? keys.shift()?.range;
    if (!range) continue;
    out.push({ range: rangeOfOffsets(parsed.lines, range[0], range[1]), target: fileUri(target), tooltip });
  }
  return out;
}

/** Offsets of the file name in a comment (`# Options are in config.yaml.`), if one names it. */
function commentMention(text: string, file: string): [number, number] | undefined {
  const re = new RegExp(`(^|[\\s/'"\`(])${file.replace('.', '\\.')}(?![\\w-])`, 'g');
  for (const m of text.matchAll(re)) {
    const at = (m.index ?? 0) + m[1].length;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (/^\s*#/.test(text.slice(lineStart, at))) return [at, at + file.length];
  }
  return undefined;
}

/** A link from a split file (metadata.yaml, config.yaml...) back to the charmcraft.yaml beside it, on its first key. */
export function charmcraftLink(parsed: ParsedFile, workspace: Workspace): DocumentLink | undefined {
  const target = joinPath(dirName(parsed.path), 'charmcraft.yaml');
  if (!workspace.exists(target)) return undefined;
  const first = (parsed.root?.items[0] as AnyPair | undefined)?.key as Node | null | undefined;
  let range: [number, number] | undefined = first?.range ? [first.range[0], first.range[1]] : undefined;
  if (!range) {
    // No key (an actions.yaml with only comments): the first line with text.
    const m = /\S[^\r\n]*/.exec(parsed.text);
    if (!m) return undefined;
    range = [m.index, m.index + m[0].trimEnd().length];
  }
  const tooltip = parsed.kind === 'paas-config'
    ? 'paas-charm reads this file at runtime; the charm is defined in charmcraft.yaml'
    : 'Charmcraft merges this file into charmcraft.yaml';
  return { range: rangeOfOffsets(parsed.lines, range[0], range[1]), target: fileUri(target), tooltip };
}

/** The string scalars of a `source` value: a plain value, or the values of grammar statements. */
function scalars(node: Node | null | undefined, depth = 0): Scalar[] {
  if (!node || depth > 4) return [];
  if (isScalar(node)) return typeof node.value === 'string' ? [node] : [];
  if (isSeq(node)) return node.items.flatMap((i) => scalars(i as Node, depth + 1));
  if (isMap(node)) return (node.items as AnyPair[]).flatMap((p) => scalars(p.value as Node, depth + 1));
  return [];
}

/** A relative path on this machine (not a URL, an absolute path or a variable). */
function isLocalPath(value: string): boolean {
  if (!value || value === '.' || value === './') return false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.includes(':')) return false;
  return !/^[/~$]/.test(value) && !value.includes('$');
}

/** Resolves `.` and `..` segments of an absolute path. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined || '/';
}

/** A `file:` URI for an absolute path (forward slashes; a drive letter is kept as `/c:/...`). */
export function fileUri(path: string): string {
  const p = /^[a-zA-Z]:/.test(path) ? `/${path}` : path;
  return `file://${p.split('/').map((seg, i) => (i === 1 && /^[a-zA-Z]:$/.test(seg) ? `${seg[0].toLowerCase()}%3A` : encodeURIComponent(seg))).join('/')}`;
}
