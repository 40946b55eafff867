import { isMap } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { child, entries, frameworksOf, isBundle, keyR, topEntries, topPair, type Entry } from './commonHelpers';
import { firstKeyRange } from './splitMerge';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** The keys of an option Juju reads; it ignores the rest (`optional` is paas-charm's). */
const OPTION_KEYS = ['type', 'default', 'description', 'optional'];

/**
 * config.yaml's shape (charmcraft.md §6): Charmcraft's `juju-config` linter stops `pack` when
 * the file has no `options` mapping, which is what happens when the options are written at the
 * top level. Juju ignores other top-level keys and unknown option keys, so a misspelt
 * `defualt:` silently leaves the option without a default: warnings with the likely key.
 * charmcraft.yaml's `config` section becomes the packed charm's config.yaml as written, so the
 * same linter error and the same misspelt option keys apply there.
 * (Option types and defaults are charmConfig's.)
 */
export const splitConfig: Rule = {
  id: 'split-config',
  kinds: ['config', 'charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (!file.root) return out;
    if (file.kind === 'charmcraft') {
      checkCharmcraftConfig(file, out);
      return out;
    }
    const top = entries(file.root, file);
    const hasOptions = topPair(file, 'options') !== undefined;
    // Top-level entries that look like options (a mapping with a `type`).
    const optionLike = top.filter((e) => e.name !== 'options' && child(file, e.map, 'type') !== undefined);
    if (!hasOptions) {
      const hint = optionLike.length
        ? ` \`${optionLike[0].name}\` looks like an option: indent the options under an \`options:\` key.`
        : ' Put the options under an `options:` key (`options: {}` when there are none).';
      out.push(problem(firstKeyRange(file), 'config-missing-options', `Error in config.yaml: must have an 'options' dictionary.${hint}`));
    }
    for (const e of top) {
      if (e.name === 'options' || (!hasOptions && optionLike.includes(e))) continue;
      const guess = closest(e.name, ['options']);
      out.push(problem(keyR(file, e.pair), 'split-unknown-key',
        `Unknown key \`${e.name}\` in config.yaml: Juju reads only \`options\`${guess ? `. Did you mean \`${guess}\`?` : ' and ignores the rest.'}`,
        Severity.Warning, guess ? { replacement: guess } : undefined));
    }
    checkOptionKeys(file, topEntries(file, 'options'), out);
    return out;
  },
};

/**
 * `config:` in charmcraft.yaml: a non-empty section without `options` (the options written one
 * level too high) gives the same `juju-config` lint error once packed. An empty or null section
 * writes no config.yaml, so it is fine.
 */
function checkCharmcraftConfig(file: ParsedFile, out: Diagnostic[]): void {
  if (isBundle(file)) return;
  const config = child(file, file.root, 'config');
  if (!config || !isMap(config.value)) return;
  const items = entries(config.value, file);
  const options = items.find((e) => e.name === 'options');
  if (!options && items.length) {
    const optionLike = items.find((e) => child(file, e.map, 'type') !== undefined);
    const hint = optionLike
      ? ` \`${optionLike.name}\` looks like an option: indent the options under \`config.options\`.`
      : ' Put the options under `config.options`.';
    // A 12-factor extension merges its own `config.options` in, so the linter passes and the
    // misplaced options are only ignored by Juju: a warning then.
    const framework = frameworksOf(file)[0];
    out.push(framework
      ? problem(keyR(file, config.pair), 'config-missing-options',
        `\`config\` has no \`options\`: the ${framework} extension adds its own \`config.options\`, and Juju ignores everything else under \`config\`, so these options do not exist.${hint}`, Severity.Warning)
      : problem(keyR(file, config.pair), 'config-missing-options',
        `Error in config.yaml: must have an 'options' dictionary. Charmcraft writes \`config\` out as the charm's config.yaml, and its \`juju-config\` linter stops \`charmcraft pack\`.${hint}`));
  }
  if (options && isMap(options.value)) checkOptionKeys(file, entries(options.value, file), out);
}

/** Option keys close to one Juju reads (`defualt:`): Juju ignores them silently. */
function checkOptionKeys(file: ParsedFile, options: Entry[], out: Diagnostic[]): void {
  for (const opt of options) {
    for (const k of entries(opt.map, file)) {
      if (OPTION_KEYS.includes(k.name)) continue;
      const guess = closest(k.name, OPTION_KEYS);
      if (!guess) continue; // other keys are documentation some teams keep; only near misses are mistakes
      out.push(problem(keyR(file, k.pair), 'config-option-unknown-key',
        `Juju ignores \`${k.name}\` in option \`${opt.name}\`. Did you mean \`${guess}\`?`, Severity.Warning, { replacement: guess }));
    }
  }
}
