import type { Diagnostic } from 'vscode-languageserver-types';
import { keyText, mapPairs } from '../ast';
import type { ParsedFile } from '../parse';
import { declaredKeys, rootSchema } from '../schema';
import { closest } from '../suggest';
import { charmMetadataFiles, keyR, topEntries, topString } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * Keys Juju's metadata parser still knows although the schema does not offer them (obsolete or
 * machine-only: juju `internal/charm/meta.go`). They are quietly accepted.
 */
const JUJU_KEYS: readonly string[] = ['revision', 'format', 'categories', 'payloads', 'deployment', 'architectures', 'systems'];

/**
 * charmcraft.yaml keys people put in metadata.yaml. Juju ignores unknown metadata keys, so they
 * do nothing there; each maps to where the information belongs.
 */
const MISPLACED: Readonly<Record<string, string>> = {
  'charm-libs': 'it is a charmcraft.yaml key: move it there',
  type: 'it is a charmcraft.yaml key: move it there',
  base: 'it is a charmcraft.yaml key: move it there',
  'build-base': 'it is a charmcraft.yaml key: move it there',
  platforms: 'it is a charmcraft.yaml key: move it there',
  parts: 'it is a charmcraft.yaml key: move it there',
  extensions: 'it is a charmcraft.yaml key: move it there',
  analysis: 'it is a charmcraft.yaml key: move it there',
  charmhub: 'it is a charmcraft.yaml key: move it there',
  config: 'configuration options belong in config.yaml (as `options`)',
  options: 'configuration options belong in config.yaml',
  actions: 'actions belong in actions.yaml',
  links: 'metadata.yaml spells these `docs`, `issues`, `source`, `website` (and `maintainers` for contacts)',
  title: 'metadata.yaml spells it `display-name`',
};
const MISPLACED_RENAME: Readonly<Record<string, string>> = { title: 'display-name' };

/** Keys that make Juju read the metadata as the old (series) or the new (bases) format. */
const FORMAT_V1 = ['deployment', 'min-juju-version', 'series'];
const FORMAT_V2 = ['assumes', 'charm-user', 'containers'];

let known: Set<string> | undefined;
function knownKeys(): Set<string> {
  known ??= new Set([...declaredKeys(rootSchema('metadata')), ...JUJU_KEYS]);
  return known;
}

/**
 * metadata.yaml on its own terms: Juju ignores keys it does not know, so a typo (`providers:`)
 * silently drops what it holds, and charmcraft.yaml keys written here do nothing. Old-format
 * keys next to new-format ones make Juju refuse the metadata (`ensureUnambiguousFormat`). All
 * warnings: the tools accept such files.
 */
export const splitMetadata: Rule = {
  id: 'split-metadata',
  kinds: ['metadata'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (!file.root) return out;
    const keys = knownKeys();
    const pairs = mapPairs(file.root, file.docs[0]);
    for (const pair of pairs) {
      const name = keyText(pair);
      if (keys.has(name)) continue;
      const range = keyR(file, pair);
      const where = MISPLACED[name];
      if (where) {
        const rename = MISPLACED_RENAME[name];
        out.push(problem(range, 'split-misplaced-key', `\`${name}\` does nothing in metadata.yaml: ${where}.`, Severity.Warning,
          rename ? { replacement: rename } : undefined));
        continue;
      }
      const guess = closest(name, keys);
      out.push(problem(range, 'split-unknown-key',
        `Unknown key \`${name}\` in metadata.yaml: Juju ignores it${guess ? `. Did you mean \`${guess}\`?` : ', so what it holds has no effect.'}`,
        Severity.Warning, guess ? { replacement: guess } : undefined));
    }
    const names = pairs.map(keyText);
    const v2 = FORMAT_V2.filter((k) => names.includes(k));
    if (v2.length) {
      for (const pair of pairs) {
        const name = keyText(pair);
        if (!FORMAT_V1.includes(name)) continue;
        out.push(problem(keyR(file, pair), 'split-metadata-ambiguous',
          `ambiguous metadata: keys "${name}" cannot be used with "${v2.join('", "')}". Juju refuses metadata that mixes the old ` +
          `format (\`${name}\`) with the new one; remove \`${name}\` (charmcraft.yaml's bases decide where the charm runs).`, Severity.Warning));
      }
    }
    return out;
  },
};

const RELATION_KINDS = ['requires', 'provides', 'peers'] as const;

/**
 * Juju reads one set of endpoints, so an endpoint name may appear once across requires,
 * provides and peers of both files (charmcraft.md §6). charmRelations reports repeats inside
 * one file; this rule reports a name declared in charmcraft.yaml and again in metadata.yaml,
 * on both sides.
 */
export const splitRelations: Rule = {
  id: 'split-relations',
  kinds: ['charmcraft', 'metadata'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    const other = charmMetadataFiles(file, workspace).find((f) => f !== file);
    if (!other) return out;
    const theirs = new Map<string, string>();
    for (const kind of RELATION_KINDS) for (const ep of topEntries(other, kind)) if (!theirs.has(ep.name)) theirs.set(ep.name, kind);
    const charmName = [file, other].map((f) => topString(f, 'name')).find((n) => n !== undefined) ?? '';
    for (const kind of RELATION_KINDS) {
      for (const ep of topEntries(file, kind)) {
        const there = theirs.get(ep.name);
        if (!there) continue;
        // A warning, not Juju's error: with a metadata.yaml beside it, what charmcraft.yaml
        // declares may be dropped rather than merged, so the clash may never reach Juju.
        out.push(problem(keyR(file, ep.pair), 'duplicate-endpoint',
          `charm "${charmName}" using a duplicated relation name: "${ep.name}" is also declared under \`${there}\` in ${fileName(other)}. ` +
          'Every endpoint needs its own name, across charmcraft.yaml and metadata.yaml: declare it in one file only.', Severity.Warning));
      }
    }
    return out;
  },
};

function fileName(file: ParsedFile): string {
  return file.kind === 'metadata' ? 'metadata.yaml' : 'charmcraft.yaml';
}
