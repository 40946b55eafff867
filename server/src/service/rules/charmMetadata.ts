import type { Diagnostic } from 'vscode-languageserver-types';
import { fileStartRange, getPair, scalarString } from '../ast';
import { isBundle, keyR, topPair, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** Keys that may be in charmcraft.yaml or in metadata.yaml, but not in both. */
const MIGRATE_FIELDS = ['name', 'summary', 'description'];

/**
 * Charm metadata and the split layout (charmcraft.md §2): `name`, `summary` and `description`
 * come from charmcraft.yaml or from a metadata.yaml beside it, never both; `config` and
 * `actions` may not be written when config.yaml / actions.yaml exist.
 */
export const charmMetadata: Rule = {
  id: 'charm-metadata',
  kinds: ['charmcraft'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    if (isBundle(file)) {
      const type = topPair(file, 'type');
      return type ? [problem(valueR(file, type), 'bundle-removed',
        "Support for 'type: bundle' was removed in Charmcraft 4: this project only packs with Charmcraft 3. Bundles are now written as plain bundle.yaml files or Terraform plans.",
        Severity.Warning)] : [];
    }
    const metadata = workspace.sibling(file, 'metadata');
    // A metadata.yaml that does not parse reports its own errors; guessing its keys helps nobody.
    const metadataUnreadable = metadata !== undefined && !metadata.root;
    const missing: string[] = [];
    for (const field of MIGRATE_FIELDS) {
      const here = topPair(file, field);
      const there = metadata?.root ? getPair(metadata.root, field, metadata.docs[0]) : undefined;
      if (here && there) {
        out.push(problem(keyR(file, here), 'duplicated-in-metadata',
          `Fields in charmcraft.yaml cannot be duplicated in metadata.yaml: \`${field}\` is in both. Remove it from metadata.yaml (or from here).`));
      } else if (!here && !there && !metadataUnreadable) {
        missing.push(field);
      }
    }
    if (missing.length) {
      const list = missing.map((m) => `\`${m}\``).join(', ');
      out.push(problem(fileStartRange(file), 'missing-key',
        `The top level is missing the required ${missing.length === 1 ? 'key' : 'keys'} ${list}. Add ${missing.length === 1 ? 'it' : 'them'} here${metadata ? ' or in metadata.yaml' : ''}.`,
        Severity.Error, { missing }));
    }
    for (const [key, kind] of [['config', 'config'], ['actions', 'actions']] as const) {
      const here = topPair(file, key);
      if (here && workspace.sibling(file, kind)) {
        out.push(problem(keyR(file, here), 'duplicated-in-file',
          `Cannot specify '${key}' section in 'charmcraft.yaml' when '${key}.yaml' exists. Keep the ${key} in one place: move this into ${key}.yaml or delete that file.`));
      }
    }
    return out;
  },
};

/** Charmcraft allows 200 characters, but store listings and the generic craft limit expect 78. */
export const charmSummary: Rule = {
  id: 'charm-summary',
  kinds: ['charmcraft', 'metadata'],
  check({ file }) {
    const pair = topPair(file, 'summary');
    const text = scalarString(pair?.value);
    if (!pair || text === undefined || text.length <= 78 || text.length > 200) return [];
    return [problem(valueR(file, pair), 'summary-too-long',
      `\`summary\` is ${text.length} characters long; keep it to one line of at most 78 characters and put the details in \`description\`.`, Severity.Warning)];
  },
};
