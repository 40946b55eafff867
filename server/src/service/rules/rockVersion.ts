import { isScalar } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fileStartRange, scalarString } from '../ast';
import { closest } from '../suggest';
import { extensionsOf, isExtensionPart, top, topEntries, topPair, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * A rock needs a version, either written out or adopted from a part that runs
 * `craftctl set version=...` (rockcraft.md §2), and an unquoted one may not be what it seems.
 */
export const rockVersion: Rule = {
  id: 'rock-version',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const adopt = topPair(file, 'adopt-info');
    if (!topPair(file, 'version') && !adopt) {
      out.push(problem(fileStartRange(file), 'missing-version',
        "'adopt-info' not set and required fields are missing: 'version'. Add a `version` (for example `version: \"0.1\"`, quoted), or set `adopt-info` to the part that runs `craftctl set version=...`.",
        Severity.Error, { missing: ['version'] }));
    }
    const versionPair = topPair(file, 'version');
    const version = top(file, 'version');
    if (versionPair && isScalar(version) && version.value instanceof Date) {
      out.push(problem(valueR(file, versionPair), 'version-not-string',
        `YAML reads \`${version.source ?? ''}\` as a date, and Rockcraft needs a string: quote it, \`"${version.source ?? ''}"\`.`,
        Severity.Error, { replacement: `"${version.source ?? ''}"` }));
    } else if (versionPair && isScalar(version) && typeof version.value === 'number') {
      // Rockcraft turns numbers into strings the way Python prints them: 1.10 becomes "1.1".
      const v = version.value;
      const printed = Number.isInteger(v) && /[.eE]/.test(version.source ?? '') ? `${v}.0` : String(v);
      if (version.source !== undefined && printed !== version.source) {
        out.push(problem(valueR(file, versionPair), 'version-number',
          `Unquoted, \`${version.source}\` is read as a number and the rock's version becomes "${printed}". Quote it: \`"${version.source}"\`.`,
          Severity.Warning, { replacement: `"${version.source}"` }));
      }
    }
    const adopted = scalarString(top(file, 'adopt-info'));
    if (adopt && adopted !== undefined) {
      const extensions = extensionsOf(file);
      const parts = topEntries(file, 'parts').map((e) => e.name);
      if (!parts.includes(adopted) && !isExtensionPart(adopted, extensions)) {
        const guess = closest(adopted, parts);
        out.push(problem(valueR(file, adopt), 'unknown-part',
          `\`adopt-info\` names \`${adopted}\`, but there is no such part, so the version is never set and packing fails. Name one of the parts${guess ? ` (did you mean \`${guess}\`?)` : ''}.`,
          Severity.Error, guess ? { replacement: guess } : undefined));
      }
    }
    return out;
  },
};
