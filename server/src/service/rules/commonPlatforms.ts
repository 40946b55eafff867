import { isMap } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isNullNode } from '../ast';
import type { ParsedFile } from '../parse';
import { isArch } from './commonFacts';
import { child, isBundle, keyR, listItems, nodeR, topEntries, topPair, type Entry } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** `ubuntu@22.04:amd64` → base and arch; a plain `amd64` has no base. */
function splitBase(value: string): { base?: string; arch: string } {
  const i = value.lastIndexOf(':');
  return i > 0 ? { base: value.slice(0, i), arch: value.slice(i + 1) } : { arch: value };
}

/**
 * The cross-field `platforms` rules of Rockcraft and Charmcraft (rockcraft.md §3, charmcraft.md
 * §4). The schemas check names, architecture values and list sizes; this covers what depends
 * on the platform's name, on the other key, or on the top-level base.
 */
export const commonPlatforms: Rule = {
  id: 'common-platforms',
  kinds: ['rockcraft', 'charmcraft'],
  check({ file }) {
    const charm = file.kind === 'charmcraft';
    // A `bases:` charm ignores `platforms`; charmBases reports that.
    if (charm && (topPair(file, 'bases') || isBundle(file))) return [];
    const out: Diagnostic[] = [];
    const hasTopBase = !!(topPair(file, 'base') ?? topPair(file, 'build-base'));
    for (const entry of topEntries(file, 'platforms')) checkPlatform(file, entry, charm, hasTopBase, out);
    return out;
  },
};

function checkPlatform(file: ParsedFile, entry: Entry, charm: boolean, hasTopBase: boolean, out: Diagnostic[]): void {
  const { name, value } = entry;
  const kr = keyR(file, entry.pair);
  if (name === 'any' || name === '*' || name.includes('/')) return; // the schema's propertyNames
  const buildOn = child(file, entry.map, 'build-on');
  const buildFor = child(file, entry.map, 'build-for');
  const onItems = listItems(buildOn?.value, file);
  const forItems = listItems(buildFor?.value, file);
  const named = splitBase(name);
  const archOfName = isArch(named.arch) ? named.arch : undefined;

  const hasBases = [name, ...onItems.map((i) => i.text), ...forItems.map((i) => i.text)].some((t) => splitBase(t).base !== undefined);
  if (hasBases && !charm) {
    out.push(problem(kr, 'multi-base-platform', `Rockcraft does not support multi-base platforms: remove the \`<base>:\` prefix from \`${name}\` (and its entries) and set the top-level \`base\` instead.`));
    return;
  }
  if (hasBases && hasTopBase) {
    out.push(problem(kr, 'platform-base-conflict', `Platform \`${name}\` declares a base, but the top level also sets \`base\` or \`build-base\`. Use one or the other: remove the \`<base>:\` prefixes, or remove the top-level \`base\`/\`build-base\`.`));
  }

  // Charmcraft's schema requires the keys per name shape; Rockcraft's cannot, as its names are free.
  if (!charm) {
    if (isNullNode(value) || (isMap(value) && value.items.length === 0)) {
      if (!archOfName) {
        out.push(problem(kr, 'platform-needs-build-keys',
          `\`${name}\` is not an architecture name, so this platform needs \`build-on\` and \`build-for\` (for example \`build-on: [amd64]\` and \`build-for: [amd64]\`), or an architecture name such as \`amd64\`.`,
          Severity.Error, { missing: ['build-on', 'build-for'] }));
      }
      return;
    }
    if (!isMap(value)) return; // the schema reports the wrong type
    if (!buildOn) {
      out.push(problem(kr, 'platform-missing-build-on', `Platform \`${name}\` needs \`build-on\`: the architectures that can build it (for example \`build-on: [amd64]\`).`, Severity.Error, { missing: ['build-on'] }));
    }
    if (!buildFor && !archOfName) {
      out.push(problem(kr, 'platform-missing-build-for', `Platform \`${name}\` is not named after an architecture, so it needs \`build-for\`: the one architecture it runs on (for example \`build-for: [amd64]\`).`, Severity.Error, { missing: ['build-for'] }));
    }
  }

  if (forItems.length !== 1) return; // none, or too many: the schema says so
  const target = splitBase(forItems[0].text);
  if (archOfName && isArch(target.arch) && target.arch !== archOfName) {
    out.push(problem(nodeR(file, forItems[0].node, kr), 'platform-arch-mismatch',
      `Platform \`${name}\` is named after an architecture, so \`build-for\` must be \`${archOfName}\`, not \`${target.arch}\`. Change \`build-for\`, or rename the platform.`,
      Severity.Error, { replacement: forItems[0].text.replace(/[^:]*$/, archOfName) }));
  }
  if (charm) {
    const onBases = new Set(onItems.map((i) => splitBase(i.text).base));
    if ((target.base || [...onBases].some(Boolean)) && [...onBases].some((b) => b !== target.base)) {
      out.push(problem(kr, 'platform-base-mismatch', `Platform \`${name}\` has different bases in its \`build-on\` and \`build-for\` entries. Use the same \`<base>:\` prefix in both.`));
    }
  }
}
