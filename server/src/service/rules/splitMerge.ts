import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { fileStartRange, keyRange, keyText, mapPairs } from '../ast';
import type { ParsedFile } from '../parse';
import { extensionEntries } from '../twelveFactor/fileFacts';
import { frameworkFacts } from '../twelveFactor/frameworks';
import type { Workspace } from '../workspace';
import { keyR, topPair } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * How Charmcraft merges the split layout into charmcraft.yaml (charmcraft.md §2), seen from the
 * split files, and what the merge loses:
 * - `name`, `summary`, `description` may be in one of charmcraft.yaml / metadata.yaml only;
 * - `config` / `actions` may not be in charmcraft.yaml when config.yaml / actions.yaml exist. In
 *   `pack` the 12-factor extensions are applied first and add both keys, so an extension next
 *   to config.yaml or actions.yaml fails the same way;
 * - Charmcraft 3+ ships metadata.yaml as it is (Charmcraft 2 refused Juju metadata keys in
 *   charmcraft.yaml when metadata.yaml existed), so charmcraft.yaml's own metadata keys, and
 *   those a 12-factor extension injects, never reach the charm.
 * charmMetadata reports the first two on the charmcraft.yaml side; this rule the rest.
 */

/** Keys Charmcraft takes from metadata.yaml into the project (`METADATA_YAML_MIGRATE_FIELDS`). */
export const MIGRATE_FIELDS: readonly string[] = ['name', 'summary', 'description'];

/** Juju metadata keys charmcraft.yaml may hold; with a metadata.yaml beside it they are not packed. */
export const CHARMCRAFT_METADATA_KEYS: readonly string[] = [
  'assumes', 'charm-user', 'containers', 'devices', 'extra-bindings', 'links', 'peers', 'provides', 'requires', 'resources',
  'storage', 'subordinate', 'terms', 'title',
];

/** The same information under metadata.yaml's names (`title` is `display-name` there). */
const METADATA_NAME: Readonly<Record<string, string>> = { title: 'display-name' };

const SECTION_FILES = [['config', 'config'], ['actions', 'actions']] as const;

/** Where a problem about a whole split file goes: its first key, else its first line. */
export function firstKeyRange(file: ParsedFile): Range {
  const first = file.root ? mapPairs(file.root, file.docs[0])[0] : undefined;
  return first ? keyRange(file, first) : fileStartRange(file);
}

function lineOf(range: Range): string {
  return `line ${range.start.line + 1}`;
}

/** The first 12-factor extension a charmcraft.yaml lists, with its facts. */
function framework(charm: ParsedFile | undefined): { range: Range; extension: string } | undefined {
  const entry = charm ? extensionEntries(charm).find((e) => e.framework) : undefined;
  return entry?.framework ? { range: entry.range, extension: frameworkFacts(entry.framework).extension } : undefined;
}

function extensionSection(key: 'config' | 'actions', extension: string): string {
  return `Cannot specify '${key}' section in 'charmcraft.yaml' when '${key}.yaml' exists: the ${extension} extension adds ` +
    `\`${key}\` to charmcraft.yaml before ${key}.yaml is read, so \`charmcraft pack\` stops here. ` +
    `Move ${key === 'config' ? 'these options under `config.options`' : 'these actions under `actions`'} in charmcraft.yaml and delete ${key}.yaml.`;
}

function checkMetadata(file: ParsedFile, workspace: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const charm = workspace.sibling(file, 'charmcraft');
  if (!charm?.root) return out;
  for (const field of MIGRATE_FIELDS) {
    const here = topPair(file, field);
    const there = topPair(charm, field);
    if (!here || !there) continue;
    out.push(problem(keyR(file, here), 'duplicated-in-metadata',
      `Fields in charmcraft.yaml cannot be duplicated in metadata.yaml: \`${field}\` is also in charmcraft.yaml (${lineOf(keyR(charm, there))}). ` +
      'Remove it from one of the two files.'));
  }
  for (const key of CHARMCRAFT_METADATA_KEYS) {
    const there = topPair(charm, key);
    const here = topPair(file, METADATA_NAME[key] ?? key);
    if (!here || !there) continue;
    out.push(problem(keyR(file, here), 'split-duplicated-key',
      `\`${keyText(here)}\` is in metadata.yaml and \`${key}\` in charmcraft.yaml (${lineOf(keyR(charm, there))}). ` +
      'Charmcraft packs metadata.yaml as it is, so this one is used and the charmcraft.yaml one is ignored. Keep one.', Severity.Warning));
  }
  const fw = framework(charm);
  if (fw) {
    out.push(problem(firstKeyRange(file), 'split-extension-metadata',
      `charmcraft.yaml uses the ${fw.extension} extension, but Charmcraft packs this metadata.yaml as it is: the container, ` +
      'OCI image resource and integrations the extension adds are not in the charm, so Juju will not run the app. ' +
      'Move the content of metadata.yaml into charmcraft.yaml and delete this file.', Severity.Warning));
  }
  return out;
}

function checkSection(file: ParsedFile, workspace: Workspace, key: 'config' | 'actions'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const charm = workspace.sibling(file, 'charmcraft');
  if (!charm?.root) return out;
  const there = topPair(charm, key);
  if (there) {
    out.push(problem(firstKeyRange(file), 'duplicated-in-file',
      `Cannot specify '${key}' section in 'charmcraft.yaml' when '${key}.yaml' exists: charmcraft.yaml has \`${key}\` (${lineOf(keyR(charm, there))}). ` +
      `Keep the ${key} in one place: this file, or \`${key}\` in charmcraft.yaml.`));
  }
  const fw = framework(charm);
  if (fw) out.push(problem(firstKeyRange(file), 'split-extension-file', extensionSection(key, fw.extension)));
  return out;
}

function checkCharm(file: ParsedFile, workspace: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const metadata = workspace.sibling(file, 'metadata');
  if (metadata) {
    for (const key of CHARMCRAFT_METADATA_KEYS) {
      const here = topPair(file, key);
      if (!here) continue;
      const alt = METADATA_NAME[key] ? ` (as \`${METADATA_NAME[key]}\`)` : '';
      out.push(problem(keyR(file, here), 'split-metadata-key-ignored',
        `\`${key}\` is ignored because metadata.yaml exists: Charmcraft packs metadata.yaml as it is (Charmcraft 2 refused this: ` +
        `Cannot specify '${key}' in charmcraft.yaml when 'metadata.yaml' exists). Move it into metadata.yaml${alt}, or move everything from metadata.yaml here.`,
        Severity.Warning));
    }
  }
  const fw = framework(file);
  if (!fw) return out;
  for (const [key, kind] of SECTION_FILES) {
    if (workspace.sibling(file, kind)) out.push(problem(fw.range, 'split-extension-file', extensionSection(key, fw.extension)));
  }
  if (metadata) {
    out.push(problem(fw.range, 'split-extension-metadata',
      `metadata.yaml exists, and Charmcraft packs it as it is: the container, OCI image resource and integrations the ${fw.extension} ` +
      'extension adds are not in the charm. Move the content of metadata.yaml into this file and delete metadata.yaml.', Severity.Warning));
  }
  return out;
}

export const splitMerge: Rule = {
  id: 'split-merge',
  kinds: ['charmcraft', 'metadata', 'config', 'actions'],
  check({ file, workspace }) {
    switch (file.kind) {
      case 'charmcraft': return checkCharm(file, workspace);
      case 'metadata': return checkMetadata(file, workspace);
      case 'config': return checkSection(file, workspace, 'config');
      case 'actions': return checkSection(file, workspace, 'actions');
      default: return [];
    }
  },
};
