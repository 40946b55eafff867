import type { Diagnostic } from 'vscode-languageserver-types';
import { scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { UBUNTU_EOL } from './commonFacts';
import { topPair, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Base rules a schema cannot say (rockcraft.md §2): the development series needs
 * `build-base: devel`, and end-of-life bases make `rockcraft pack` stop (a command-time check,
 * so only a warning here). `base: bare` without a build-base is rockBareBuildBase's.
 */
export const rockBase: Rule = {
  id: 'rock-base',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const basePair = topPair(file, 'base');
    const buildPair = topPair(file, 'build-base');
    const base = scalarString(basePair?.value);
    const buildBase = scalarString(buildPair?.value);

    if (base === 'ubuntu@26.10' && buildBase !== 'devel') {
      const message = 'A development build-base must be used when base is \'ubuntu@26.10\': set `build-base: devel` (26.10 is the development series).';
      if (buildPair) out.push(problem(valueR(file, buildPair), 'devel-base-needs-devel-build-base', message, Severity.Error, { replacement: 'devel' }));
      else if (basePair) out.push(problem(valueR(file, basePair), 'devel-base-needs-devel-build-base', message, Severity.Error, { missing: ['build-base'] }));
    }
    if (buildBase === 'devel' && buildPair) {
      out.push(problem(valueR(file, buildPair), 'devel-build-base',
        'The development build-base should only be used for testing: its contents change without warning when new Ubuntu releases open, and the rock is marked `grade: devel`.',
        Severity.Information));
    }
    if (basePair && base) eol(file, basePair, base, 'Base', out);
    if (buildPair && buildBase && buildBase !== base) eol(file, buildPair, buildBase, 'Build base', out);
    return out;
  },
};

function eol(file: ParsedFile, pair: NonNullable<ReturnType<typeof topPair>>, value: string, what: string, out: Diagnostic[]): void {
  const normal = value.replace(/^ubuntu:/, 'ubuntu@');
  const date = UBUNTU_EOL[normal];
  if (!date) return;
  const end = Date.parse(`${date}T00:00:00Z`);
  const now = Date.now();
  if (now >= end) {
    out.push(problem(valueR(file, pair), 'eol-base',
      `${what} '${normal}' has reached end-of-life (${date}): \`rockcraft pack\` refuses it unless you pass \`--ignore=unmaintained\`. Move to a supported base such as \`ubuntu@24.04\`.`,
      Severity.Warning));
  } else if (end - now <= 90 * DAY) {
    out.push(problem(valueR(file, pair), 'eol-base-soon',
      `${what} '${normal}' will enter end-of-life on ${date}; after that \`rockcraft pack\` needs \`--ignore=unmaintained\`. Plan a move to a supported base.`,
      Severity.Warning));
  }
}
