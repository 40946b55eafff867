import type { Diagnostic } from 'vscode-languageserver-types';
import { nodeRange } from '../ast';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { charmBases, extensionEntries } from '../twelveFactor/fileFacts';
import { CHARMCRAFT_EXPERIMENTAL_ENV, charmBaseStatus, frameworkFacts, V2_BASE } from '../twelveFactor/frameworks';

/**
 * Bases of the charm extensions in Charmcraft 4.4 (charmcraft.md §7.1): one base only;
 * flask/django on 22.04 and 24.04, the others on 24.04; 26.04 is the experimental V2.
 */
export const tfCharmBase: Rule = {
  id: 'tf-charm-base',
  kinds: ['charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const bases = charmBases(file);
    for (const e of extensionEntries(file)) {
      if (!e.framework) continue;
      const facts = frameworkFacts(e.framework);
      const ext = facts.extension;
      if (bases.length > 1) {
        const names = bases.map((b) => b.base).sort();
        out.push(problem(e.range, 'tf-charm-multiple-bases',
          `Extension does not support multiple bases: ${names.join(', ')}. A 12-factor charm is built for one base; keep one of them.`));
      }
      for (const b of bases) {
        const status = charmBaseStatus(e.framework, b.base);
        if (status === 'unsupported') {
          out.push(problem(nodeRange(file, b.node), 'tf-base-unsupported',
            `Extension '${ext}' does not support base(s): ${b.base}. The ${ext} extension supports ${facts.charm.bases.map((x) => `\`${x}\``).join(' and ')} (and \`${V2_BASE}\` experimentally).`));
        } else if (status === 'experimental') {
          out.push(problem(nodeRange(file, b.node), 'tf-base-experimental',
            `Extension '${ext}' is experimental on base(s): ${b.base}. Charmcraft refuses it unless the environment variable \`${CHARMCRAFT_EXPERIMENTAL_ENV}\` is set (any non-empty value), ` +
            `for example \`${CHARMCRAFT_EXPERIMENTAL_ENV}=1 charmcraft pack\`.`, Severity.Warning));
        }
      }
    }
    return out;
  },
};
