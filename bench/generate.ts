import { parseDocument, isMap, isScalar, isSeq, Scalar, type Document, type Pair, type YAMLMap } from 'yaml';

/**
 * Grows a real rockcraft.yaml / charmcraft.yaml the way projects grow: more parts and services
 * (rock), more config options, actions and relations (charm). Each round clones every entry of
 * those collections under a new name (`<name>-c<round>`) and points the clones' `after`,
 * `before` and `requires` lists at the clones of the same round, so the file stays valid.
 */

export type Kind = 'rockcraft' | 'charmcraft';

/** Collections that grow, as paths from the top level. */
const GROWING: Record<Kind, string[][]> = {
  rockcraft: [['parts'], ['services'], ['checks']],
  charmcraft: [['config', 'options'], ['actions'], ['requires'], ['provides']],
};

/** Keys inside an entry whose list items name other entries of the same collection. */
const REFERENCES = new Set(['after', 'before', 'requires']);

function keyOf(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return String(k);
}

function mapAt(doc: Document, path: string[]): YAMLMap | undefined {
  const node = doc.getIn(path, true);
  return isMap(node) ? node : undefined;
}

function renameRefs(entry: unknown, names: Set<string>, suffix: string): void {
  if (!isMap(entry)) return;
  for (const p of entry.items) {
    const key = keyOf(p as Pair);
    if (REFERENCES.has(key) && isSeq(p.value)) {
      for (const item of p.value.items) {
        if (isScalar(item) && typeof item.value === 'string' && names.has(item.value)) item.value = `${item.value}${suffix}`;
      }
    }
  }
}

function addRound(doc: Document, kind: Kind, round: number, originals: Map<string, Pair[]>): void {
  const suffix = `-c${round}`;
  for (const path of GROWING[kind]) {
    const map = mapAt(doc, path);
    const entries = originals.get(path.join('.'));
    if (!map || !entries) continue;
    const names = new Set(entries.map(keyOf));
    for (const pair of entries) {
      const clone = pair.clone() as Pair;
      const key = new Scalar(`${keyOf(pair)}${suffix}`);
      clone.key = key;
      renameRefs(clone.value, names, suffix);
      if (round > 1 && isMap(clone.value)) clone.value.commentBefore = undefined;
      map.items.push(clone);
    }
  }
}

function snapshot(doc: Document, kind: Kind): Map<string, Pair[]> {
  const out = new Map<string, Pair[]>();
  for (const path of GROWING[kind]) {
    const map = mapAt(doc, path);
    if (map) out.set(path.join('.'), [...(map.items as Pair[])]);
  }
  return out;
}

/** A valid file about `factor` times the size of `text` (by characters). */
export function grow(text: string, kind: Kind, factor: number): string {
  if (factor <= 1) return text;
  const opts = { version: '1.1' as const, keepSourceTokens: false };
  const target = text.length * factor;
  const probe = parseDocument(text, opts);
  const originals = snapshot(probe, kind);
  const base = probe.toString({ lineWidth: 0 }).length;
  addRound(probe, kind, 1, originals);
  const perRound = probe.toString({ lineWidth: 0 }).length - base;
  if (perRound <= 0) throw new Error(`nothing to grow in this ${kind} file`);
  const rounds = Math.max(1, Math.ceil((target - base) / perRound));
  const doc = parseDocument(text, opts);
  const orig = snapshot(doc, kind);
  for (let r = 1; r <= rounds; r++) addRound(doc, kind, r, orig);
  return doc.toString({ lineWidth: 0 });
}
