import { extensionsOf, isExtensionPart, topEntries } from './commonHelpers';
import type { Rule } from './types';
import { partLoopDiagnostics } from './partLoops';
import { extensionEntries, rockContext } from '../twelveFactor/fileFacts';
import { rockExtensionSnippet } from '../twelveFactor/frameworks';

/**
 * Parts ordered after each other in a loop (`a` after `b`, `b` after `a`): craft-parts cannot
 * sort them and `rockcraft pack` stops with "A circular dependency chain was detected." The
 * extensions' own `after` lists are merged in, as Rockcraft merges them with the user's.
 * A part after itself is commonParts' `part-after-itself`.
 */
export const rockPartCycle: Rule = {
  id: 'rock-part-cycle',
  kinds: ['rockcraft'],
  check({ file }) {
    const parts = topEntries(file, 'parts');
    const extensions = extensionsOf(file);
    // The `after` lists of the extensions' own parts.
    const generatedAfter: [string, string][] = [];
    if (extensions.length) {
      const ctx = rockContext(file);
      for (const e of extensionEntries(file)) {
        if (!e.framework) continue;
        for (const [name, part] of Object.entries(rockExtensionSnippet(e.framework, ctx).parts)) {
          const after = part.after;
          if (Array.isArray(after)) for (const a of after) if (typeof a === 'string') generatedAfter.push([name, a]);
        }
      }
    }
    const written = new Set(parts.map((p) => p.name));
    return partLoopDiagnostics(file, parts, generatedAfter, (chain) => {
      const generated = chain.filter((n) => isExtensionPart(n, extensions) && !written.has(n));
      return generated.length ? ` (the extension orders ${generated.map((n) => `\`${n}\``).join(', ')} itself)` : '';
    });
  },
};
