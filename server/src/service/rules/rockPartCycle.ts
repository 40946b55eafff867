import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import { child, extensionsOf, isExtensionPart, keyR, listItems, nodeR, topEntries, type Entry } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';
import { afterLoops, loopText } from './partLoops';
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
    const parts = topEntries(file, 'parts').map((p) => ({ entry: p, name: p.name, after: afterItems(file, p) }));
    const edges = new Map<string, string[]>();
    const add = (from: string, to: string): void => {
      if (from === to) return;
      const list = edges.get(from) ?? [];
      list.push(to);
      edges.set(from, list);
    };
    for (const p of parts) for (const item of p.after) add(p.name, item.text);
    const extensions = extensionsOf(file);
    if (extensions.length) {
      const ctx = rockContext(file);
      for (const e of extensionEntries(file)) {
        if (!e.framework) continue;
        for (const [name, part] of Object.entries(rockExtensionSnippet(e.framework, ctx).parts)) {
          const after = part.after;
          if (Array.isArray(after)) for (const a of after) if (typeof a === 'string') add(name, a);
        }
      }
    }

    const out: Diagnostic[] = [];
    const byName = new Map(parts.map((p) => [p.name, p.entry]));
    for (const { part, item, chain } of afterLoops(parts, edges)) {
      const entry = byName.get(part);
      if (!entry) continue;
      const generated = chain.filter((n) => isExtensionPart(n, extensions) && !byName.has(n));
      out.push(problem(nodeR(file, item.node, keyR(file, entry.pair)), 'part-dependency-cycle',
        `A circular dependency chain was detected: ${loopText(chain)}. Each part must wait for the next, so none can start. Remove one of these \`after\` entries${generated.length ? ` (the extension orders ${generated.map((n) => `\`${n}\``).join(', ')} itself)` : ''}.`));
    }
    return out;
  },
};

function afterItems(file: ParsedFile, p: Entry): ReturnType<typeof listItems> {
  return p.map ? listItems(child(file, p.map, 'after')?.value, file) : [];
}
