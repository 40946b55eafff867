import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, scalarString } from '../ast';
import { child, isNonStringScalar, top, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';

/**
 * `charm-libs[].version` must be a quoted string (charmcraft.md §8): this field, unlike most,
 * does not turn numbers into strings, and the schema validator cannot tell since it applies
 * that coercion everywhere. The `lib`/`version` formats are the schema's.
 */
export const charmLibs: Rule = {
  id: 'charm-libs',
  kinds: ['charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const list = top(file, 'charm-libs');
    if (!isSeq(list)) return out;
    for (const raw of list.items) {
      const item = deref(raw, file.docs[0]);
      if (!isMap(item)) continue;
      const version = child(file, item, 'version');
      if (!version || !isNonStringScalar(version.value)) continue;
      const text = scalarString(version.value) ?? '';
      out.push(problem(valueR(file, version.pair), 'charm-lib-version-not-string',
        `Input should be a valid string: write the version in quotes, \`"${text}"\`. Unquoted, YAML reads it as a number${/\.\d*0$/.test(text) ? ' and drops the trailing zero' : ''}.`,
        undefined, { replacement: `"${text}"` }));
    }
    return out;
  },
};
