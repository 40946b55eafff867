import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { DocumentLink } from 'vscode-languageserver-types';
import { deref, getPair, keyText, type AnyPair } from '../ast';
import { dirName, joinPath } from '../fileKind';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { innerRange } from './refs';

/**
 * Links for local `source:` paths of parts (relative paths that exist, resolved against the
 * file's folder), and — in a charmcraft.yaml that relies on it (no `name`) — to metadata.yaml.
 */
export function documentLinks(parsed: ParsedFile, workspace: Workspace): DocumentLink[] {
  const root = parsed.root;
  if (!root || parsed.skipped) return [];
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
  if (parsed.kind === 'charmcraft' && !getPair(root, 'name', doc)) {
    const metadata = joinPath(dir, 'metadata.yaml');
    const anchor = getPair(root, 'type', doc) ?? (root.items[0] as AnyPair | undefined);
    const key = anchor?.key as Node | null | undefined;
    if (key?.range && workspace.exists(metadata)) {
      out.push({
        range: rangeOfOffsets(parsed.lines, key.range[0], key.range[1]),
        target: fileUri(metadata),
        tooltip: 'The charm\'s name, summary and description come from metadata.yaml',
      });
    }
  }
  return out;
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
