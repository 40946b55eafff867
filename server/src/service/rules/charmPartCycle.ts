import type { Diagnostic } from 'vscode-languageserver-types';
import { child, isBundle, keyR, listItems, nodeR, topEntries } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';
import { afterLoops, loopText } from './partLoops';

/**
 * Charm parts ordered after each other in a loop: Charmcraft sorts parts with craft-parts too, so
 * `charmcraft pack` stops with "A circular dependency chain was detected." The charm extensions
 * add no `after`, so only the user's lists count. (A part after itself is `part-after-itself`.)
 */
export const charmPartCycle: Rule = {
  id: 'charm-part-cycle',
  kinds: ['charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (isBundle(file)) return out;
    const parts = topEntries(file, 'parts');
    const lists = parts.map((p) => ({ entry: p, name: p.name, after: p.map ? listItems(child(file, p.map, 'after')?.value, file) : [] }));
    const edges = new Map(lists.map((p) => [p.name, p.after.map((i) => i.text).filter((t) => t !== p.name)]));
    const byName = new Map(parts.map((p) => [p.name, p]));
    for (const { part, item, chain } of afterLoops(lists, edges)) {
      const entry = byName.get(part);
      if (!entry) continue;
      out.push(problem(nodeR(file, item.node, keyR(file, entry.pair)), 'part-dependency-cycle',
        `A circular dependency chain was detected: ${loopText(chain)}. Each part waits for the next, so none can start. Remove one of these \`after\` entries.`));
    }
    return out;
  },
};
