import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { deref, getNode, getPair, keyRange, keyText, mapPairs, nodeRange, scalarString, stringList, valueRange, type AnyPair } from '../ast';
import type { ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { FRAMEWORKS, SLASH_PART_NAME_BASES } from './commonFacts';

/** One mapping entry with its key text and its value (aliases followed). */
export interface Entry {
  name: string;
  pair: AnyPair;
  value: Node | undefined;
  /** The value when it is a mapping. */
  map: YAMLMap | undefined;
}

export function entries(map: YAMLMap | undefined, file: ParsedFile): Entry[] {
  if (!map) return [];
  const doc = file.docs[0];
  return mapPairs(map, doc).map((pair) => {
    const value = deref(pair.value, doc);
    return { name: keyText(pair), pair, value, map: isMap(value) ? value : undefined };
  });
}

/** The entries of a top-level mapping such as `parts` or `services`. */
export function topEntries(file: ParsedFile, key: string): Entry[] {
  const n = getNode(file.root, key, file.docs[0]);
  return isMap(n) ? entries(n, file) : [];
}

export function top(file: ParsedFile, key: string): Node | undefined {
  return getNode(file.root, key, file.docs[0]);
}

export function topPair(file: ParsedFile, key: string): AnyPair | undefined {
  return getPair(file.root, key, file.docs[0]);
}

export function topString(file: ParsedFile, key: string): string | undefined {
  return scalarString(top(file, key));
}

/** A key of an entry's mapping, with its pair, value and ranges. */
export function child(file: ParsedFile, map: YAMLMap | undefined, key: string): { pair: AnyPair; value: Node | undefined } | undefined {
  const pair = getPair(map, key, file.docs[0]);
  return pair ? { pair, value: deref(pair.value, file.docs[0]) } : undefined;
}

export function childString(file: ParsedFile, map: YAMLMap | undefined, key: string): string | undefined {
  return scalarString(child(file, map, key)?.value);
}

export const keyR = keyRange;
export const valueR = valueRange;

export function nodeR(file: ParsedFile, node: Node | undefined, fallback: Range): Range {
  return node && node.range ? nodeRange(file, node) : fallback;
}

/** The 12-factor extensions a project lists. */
export function extensionsOf(file: ParsedFile): string[] {
  return stringList(top(file, 'extensions'));
}

/** Known 12-factor extensions a project lists. */
export function frameworksOf(file: ParsedFile): string[] {
  return extensionsOf(file).filter((e) => Object.prototype.hasOwnProperty.call(FRAMEWORKS, e));
}

/** A part an extension generates or that the user supplies to be merged with the extension's. */
export function isExtensionPart(name: string, extensions: readonly string[]): boolean {
  return extensions.some((e) => name.startsWith(`${e}/`));
}

/** A `type: bundle` project (Charmcraft 3 and older): none of the charm rules apply to it. */
export function isBundle(file: ParsedFile): boolean {
  return file.kind === 'charmcraft' && topString(file, 'type') === 'bundle';
}

/** `build-base` when set, else `base`: the system the parts are built on. */
export function effectiveBuildBase(file: ParsedFile): string | undefined {
  return topString(file, 'build-base') ?? topString(file, 'base');
}

/**
 * A base in its `@` spelling (`ubuntu:22.04`, deprecated, is the same system as `ubuntu@22.04`),
 * for facts that depend on the system and not on how it was written.
 */
export function canonicalBase(base: string | undefined): string | undefined {
  return base?.replace(/^ubuntu:/, 'ubuntu@');
}

/** Whether user part names may contain `/` on this effective build base. */
export function slashPartNamesAllowed(effective: string | undefined): boolean {
  if (effective === undefined) return true;
  return SLASH_PART_NAME_BASES.includes(effective);
}

/** Scalar strings of a list node, each with its node (for ranges). */
export function listItems(node: Node | undefined, file: ParsedFile): { text: string; node: Node }[] {
  if (!isSeq(node)) {
    const s = scalarString(node);
    return s !== undefined && node ? [{ text: s, node }] : [];
  }
  const out: { text: string; node: Node }[] = [];
  for (const item of node.items) {
    const n = deref(item, file.docs[0]);
    const s = scalarString(n);
    if (s !== undefined && n) out.push({ text: s, node: n });
  }
  return out;
}

/** True when the node is a scalar that YAML read as something other than a string. */
export function isNonStringScalar(node: Node | undefined): boolean {
  return isScalar(node) && node.value !== null && typeof node.value !== 'string';
}

/**
 * Charm metadata may live in charmcraft.yaml or, in the split layout, in metadata.yaml beside
 * it; the tools merge the two. Returns the files whose top level holds charm metadata.
 */
export function charmMetadataFiles(file: ParsedFile, workspace: Workspace): ParsedFile[] {
  const out = [file];
  const other = file.kind === 'charmcraft' ? workspace.sibling(file, 'metadata') : file.kind === 'metadata' ? workspace.sibling(file, 'charmcraft') : undefined;
  if (other?.root) out.push(other);
  return out;
}

/** An entry and the file that holds it. */
export interface FileEntry extends Entry {
  file: ParsedFile;
}

/** The names of a top-level map across the charm's metadata files (`resources`, `storage`...). */
export function charmNames(files: readonly ParsedFile[], key: string): Map<string, FileEntry> {
  const out = new Map<string, FileEntry>();
  for (const f of files) for (const e of topEntries(f, key)) if (!out.has(e.name)) out.set(e.name, { ...e, file: f });
  return out;
}
