import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, fileStartRange, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { CHARM_DEVEL_BASES, CHARM_LEGACY_BASES } from './commonFacts';
import { child, isBundle, isNonStringScalar, keyR, listItems, topEntries, topPair, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * The two shapes of a charm project (charmcraft.md §3, §4): legacy `bases` (only for old
 * bases, no `base`), or `base` + `platforms` (with `build-base` for development series, or the
 * base carried by multi-base platform names).
 */
export const charmBases: Rule = {
  id: 'charm-bases',
  kinds: ['charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (isBundle(file)) return out;
    const bases = topPair(file, 'bases');
    const base = topPair(file, 'base');
    const buildBase = topPair(file, 'build-base');
    const platforms = topPair(file, 'platforms');

    if (bases) {
      // A bases charm's model has `base: None`; `build-base` is inherited and merely unused.
      if (base) out.push(problem(keyR(file, base), 'bases-with-base', '`base` cannot be used together with `bases`. Either keep `bases` (Ubuntu 22.04 and older) or replace it with `base` + `platforms`.'));
      if (platforms) {
        out.push(problem(keyR(file, platforms), 'bases-with-platforms', 'A charm with `bases` ignores `platforms` (older Charmcraft versions reject it). Remove `platforms`, or replace `bases` with `base` + `platforms`.', Severity.Warning));
      }
      const list = deref(bases.value, file.docs[0]);
      if (isSeq(list)) for (const item of list.items) checkBasesEntry(file, deref(item, file.docs[0]), out);
      return out;
    }

    if (!platforms) {
      out.push(problem(fileStartRange(file), 'missing-platforms',
        'A charm needs `platforms` (or, for Ubuntu 22.04 and older, the legacy `bases`). Add for example `platforms: {amd64: }` next to `base`.',
        Severity.Error, { missing: ['platforms'] }));
    }
    const platformBases = topEntries(file, 'platforms').some((p) => p.name.includes(':') || [...listItems(child(file, p.map, 'build-on')?.value, file), ...listItems(child(file, p.map, 'build-for')?.value, file)].some((i) => i.text.includes(':')));
    if (!base && !buildBase && !platformBases && platforms) {
      out.push(problem(fileStartRange(file), 'missing-base',
        'No base or build-base is declared and no base is declared in the platforms section. Add `base:` (for example `base: ubuntu@24.04`), or prefix the platform names with a base (`ubuntu@24.04:amd64`).',
        Severity.Error, { missing: ['base'] }));
    }
    const baseValue = scalarString(base?.value);
    if (base && baseValue && CHARM_DEVEL_BASES.includes(baseValue) && !buildBase) {
      out.push(problem(valueR(file, base), 'devel-base-needs-build-base',
        `Base ${baseValue} requires a build-base: it is a development series. Add \`build-base: ${baseValue}\` (or \`build-base: ubuntu@devel\`).`,
        Severity.Error, { missing: ['build-base'] }));
    }
    return out;
  },
};

/** One `bases` entry: short form `{name, channel}` or long form `{build-on: [...], run-on: [...]}`. */
function checkBasesEntry(file: ParsedFile, entry: Node | undefined, out: Diagnostic[]): void {
  if (!isMap(entry)) return;
  if (child(file, entry, 'name') || child(file, entry, 'channel')) {
    checkBase(file, entry, out);
    return;
  }
  for (const key of ['build-on', 'run-on']) {
    const list = child(file, entry, key)?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const b = deref(item, file.docs[0]);
      if (isMap(b)) checkBase(file, b, out);
    }
  }
}

function checkBase(file: ParsedFile, b: YAMLMap, out: Diagnostic[]): void {
  const channel = child(file, b, 'channel');
  const name = scalarString(child(file, b, 'name')?.value);
  if (channel && isNonStringScalar(channel.value)) {
    const text = scalarString(channel.value) ?? '';
    out.push(problem(valueR(file, channel.pair), 'channel-not-string',
      `\`channel\` must be a string: \`${text}\` without quotes is read as a number${/^\d+\.\d0$/.test(text) ? ` (and loses its trailing zero)` : ''}. Write \`"${text}"\`.`,
      Severity.Error, { replacement: `"${text}"` }));
  }
  const ch = scalarString(channel?.value);
  if (name && ch && channel && !CHARM_LEGACY_BASES.includes(`${name}@${ch}`)) {
    // Charmcraft 3+ refuses this; older releases packed it, so real projects still carry it.
    out.push(problem(valueR(file, channel.pair), 'bases-needs-platforms',
      `Not valid for use with the 'bases' key: '${name}@${ch}'. Charmcraft 3 and later only pack Ubuntu 22.04 and older with \`bases\`: replace \`bases\` with \`base: ${name}@${ch}\` and \`platforms\`.`,
      Severity.Warning));
  }
}

