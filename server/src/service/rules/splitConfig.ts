import type { Diagnostic } from 'vscode-languageserver-types';
import { closest } from '../suggest';
import { child, entries, keyR, topEntries, topPair } from './commonHelpers';
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
 * (Option types and defaults are charmConfig's.)
 */
export const splitConfig: Rule = {
  id: 'split-config',
  kinds: ['config'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (!file.root) return out;
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
    for (const opt of topEntries(file, 'options')) {
      for (const k of entries(opt.map, file)) {
        if (OPTION_KEYS.includes(k.name)) continue;
        const guess = closest(k.name, OPTION_KEYS);
        if (!guess) continue; // other keys are documentation some teams keep; only near misses are mistakes
        out.push(problem(keyR(file, k.pair), 'config-option-unknown-key',
          `Juju ignores \`${k.name}\` in option \`${opt.name}\`. Did you mean \`${guess}\`?`, Severity.Warning, { replacement: guess }));
      }
    }
    return out;
  },
};
