import { FILE_NAMES, type FileKind } from './types';

const BY_NAME = new Map<string, FileKind>(
  (Object.entries(FILE_NAMES) as [FileKind, string][]).map(([kind, name]) => [name, kind]),
);

/** The last segment of a path or URI. */
export function baseName(pathOrUri: string): string {
  const clean = pathOrUri.replace(/[?#].*$/, '');
  const i = clean.lastIndexOf('/');
  return decodeURIComponent(i >= 0 ? clean.slice(i + 1) : clean);
}

/** The directory part of a path (no trailing slash). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : i === 0 ? '/' : '.';
}

export function joinPath(dir: string, ...names: string[]): string {
  let out = dir.replace(/\/+$/, '');
  for (const n of names) out = `${out}/${n}`;
  return out;
}

/** Which kind of file this is, from its name alone (the tools only read these exact names). */
export function fileKindOf(pathOrUri: string): FileKind | undefined {
  return BY_NAME.get(baseName(pathOrUri));
}
