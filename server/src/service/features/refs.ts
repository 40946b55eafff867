import { isMap, isScalar, Scalar, type Node } from 'yaml';
import { keyText, nodeAtPath, stringList, type AnyPair, type YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import type { FileKind } from '../types';
import { charmcraftOf, type CharmFile } from './charmFiles';
import { outline, siblingKeys, type OutlineLine } from './locate';
import { walkWithSchema } from './schemaPath';
import { extensionParts, extensionServices, injectedCharmNames } from './twelveFactorFacts';

/*
 * Names a file defines (parts, services, checks, resources, storage, containers, config
 * options, actions) and where it uses them, as the schemas' `x-ref` / `x-ref-keys` say.
 */

/** Where the map named by an `x-ref` lives in a file of this kind. */
export function refMapPath(kind: FileKind, ref: string): YamlPath {
  if (kind === 'config' && ref === 'config.options') return ['options'];
  if (kind === 'actions' && ref === 'actions') return [];
  return ref.split('.');
}

/**
 * The kinds of file that declare the names of each map. Charmcraft merges the split files, so
 * resources, storage and containers may be in charmcraft.yaml or metadata.yaml, config options
 * in charmcraft.yaml or config.yaml, actions in charmcraft.yaml or actions.yaml.
 */
const DECLARED_IN: Record<string, readonly FileKind[]> = {
  parts: ['rockcraft', 'charmcraft'],
  services: ['rockcraft'],
  checks: ['rockcraft'],
  resources: ['charmcraft', 'metadata'],
  storage: ['charmcraft', 'metadata'],
  containers: ['charmcraft', 'metadata'],
  'config.options': ['charmcraft', 'config'],
  actions: ['charmcraft', 'actions'],
};

/** Whether files of this kind declare the names of `ref` (actions.yaml has no `parts`, even if an action is called so). */
export function declares(kind: FileKind, ref: string): boolean {
  return DECLARED_IN[ref]?.includes(kind) ?? false;
}

/** The maps of names a file of this kind declares. */
export function refsDeclaredIn(kind: FileKind): string[] {
  return Object.keys(DECLARED_IN).filter((ref) => declares(kind, ref));
}

/** Human words for a referenced map, for messages and details. */
export function refNoun(ref: string): string {
  const nouns: Record<string, string> = {
    parts: 'part', services: 'service', checks: 'check', resources: 'resource', storage: 'storage',
    containers: 'container', 'config.options': 'config option', actions: 'action',
  };
  return nouns[ref] ?? ref;
}

export interface NameDef {
  ref: string;
  name: string;
  pair: AnyPair;
  /** Offsets of the key's text (without quotes). */
  start: number;
  end: number;
}

export interface NameUse {
  ref: string;
  name: string;
  node: Node;
  /** Offsets of the name's text (without quotes). */
  start: number;
  end: number;
  /** A key of an `x-ref-keys` map (`on-check-failure: {alive: restart}`), not a value. */
  asKey: boolean;
}

/** Offsets of a scalar's text without its quotes. */
export function innerRange(node: Node): [number, number] | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [s, e] = node.range;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return [s + 1, Math.max(s + 1, e - 1)];
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) return undefined;
  return [s, e];
}

/** The entries of the map a reference names, from the tree. */
export function definitions(parsed: ParsedFile, ref: string): NameDef[] {
  if (!declares(parsed.kind, ref)) return [];
  const map = nodeAtPath(parsed, refMapPath(parsed.kind, ref));
  if (!isMap(map)) return [];
  const out: NameDef[] = [];
  for (const p of map.items as AnyPair[]) {
    const k = p.key as Node | null;
    const r = k ? innerRange(k) : undefined;
    if (!r) continue;
    out.push({ ref, name: keyText(p), pair: p, start: r[0], end: r[1] });
  }
  return out;
}

// A parse never changes, and navigation asks for the uses of a file several times per request.
const usesCache = new WeakMap<ParsedFile, NameUse[]>();

/** Every use of a defined name in the file, found by walking it with its schema. */
export function uses(parsed: ParsedFile): NameUse[] {
  const hit = usesCache.get(parsed);
  if (hit) return hit;
  const out: NameUse[] = [];
  walkWithSchema(parsed, ({ node, schemas }) => {
    if (isScalar(node)) {
      const ref = schemas.map((s) => s['x-ref']).find((r) => r);
      const r = innerRange(node);
      if (ref && r && typeof node.value === 'string' && node.value) out.push({ ref, name: node.value, node, start: r[0], end: r[1], asKey: false });
      return;
    }
    if (isMap(node)) {
      const ref = schemas.map((s) => s['x-ref-keys']).find((r) => r);
      if (!ref) return;
      for (const p of node.items as AnyPair[]) {
        const k = p.key as Node | null;
        const r = k ? innerRange(k) : undefined;
        if (k && r) out.push({ ref, name: keyText(p), node: k, start: r[0], end: r[1], asKey: true });
      }
    }
  });
  usesCache.set(parsed, out);
  return out;
}

/** A definition or use together with the charm file it is in. */
export interface InFile<T> {
  file: CharmFile;
  item: T;
}

/** The definitions of `ref` across the files of a project (the document first). */
export function definitionsIn(files: readonly CharmFile[], ref: string, name?: string): InFile<NameDef>[] {
  return files.flatMap((file) => definitions(file.parsed, ref).filter((d) => name === undefined || d.name === name).map((item) => ({ file, item })));
}

/** The uses of a name across the files of a project (the document first). */
export function usesIn(files: readonly CharmFile[], ref: string, name: string): InFile<NameUse>[] {
  return files.flatMap((file) => uses(file.parsed).filter((u) => u.ref === ref && u.name === name).map((item) => ({ file, item })));
}

/** A name offered for an `x-ref`, and where it comes from. */
export interface AvailableName {
  name: string;
  /** Generated or injected by an extension rather than written in a file. */
  fromExtension: boolean;
  extension?: string;
  /** The sibling file that declares it (`metadata.yaml`), when it is not the document. */
  file?: string;
}

/**
 * Names available for an `x-ref`: what the document defines (from the tree, or from the text
 * outline when the tree is broken), what the other files of the charm declare (`files`, the
 * document first), and what the extensions generate or inject.
 */
export function availableNames(parsed: ParsedFile, ref: string, lines?: OutlineLine[], files?: readonly CharmFile[]): AvailableName[] {
  const names = new Set<string>();
  if (declares(parsed.kind, ref)) {
    const path = refMapPath(parsed.kind, ref);
    const map = nodeAtPath(parsed, path);
    if (isMap(map)) for (const p of map.items as AnyPair[]) names.add(keyText(p));
    for (const n of siblingKeys(lines ?? outline(parsed.text), path)) names.add(n);
  }
  names.delete('');
  const out: AvailableName[] = [...names].map((name) => ({ name, fromExtension: false }));
  for (const file of files ?? []) {
    if (file.parsed === parsed) continue;
    for (const d of definitions(file.parsed, ref)) {
      if (!d.name || names.has(d.name)) continue;
      names.add(d.name);
      out.push({ name: d.name, fromExtension: false, file: file.name });
    }
  }
  const charmcraft = files ? charmcraftOf(files) : parsed.kind === 'charmcraft' ? parsed : undefined;
  if (charmcraft) {
    for (const n of injectedCharmNames(charmcraft, ref)) {
      if (names.has(n.name)) continue;
      names.add(n.name);
      out.push({ name: n.name, fromExtension: true, extension: n.extension });
    }
  }
  if (parsed.kind === 'rockcraft' && (ref === 'parts' || ref === 'services')) {
    const exts = extensionsOf(parsed);
    const extra = ref === 'parts' ? extensionParts(exts) : extensionServices(exts);
    for (const g of extra) {
      if (names.has(g.name)) continue;
      names.add(g.name);
      out.push({ name: g.name, fromExtension: true, extension: g.extension });
    }
  }
  return out;
}

/** The `extensions:` a file lists. */
export function extensionsOf(parsed: ParsedFile): string[] {
  const root = parsed.root;
  const fromTree = root ? stringList(root.items.find((p) => keyText(p as AnyPair) === 'extensions')?.value) : [];
  if (fromTree.length) return fromTree;
  // A half-typed line can hide the key from the tree: read the list from the text.
  const m = /^extensions:\s*\[([^\]]*)\]/m.exec(parsed.text);
  if (m) return m[1].split(',').map((s) => s.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
  const block = /^extensions:\s*\n((?:[ \t]*-[^\n]*\n?)+)/m.exec(parsed.text);
  return block ? block[1].split('\n').map((l) => l.replace(/^\s*-\s*/, '').trim().replace(/^["']|["']$/g, '')).filter(Boolean) : [];
}
