import { isBundle, topEntries } from './commonHelpers';
import type { Rule } from './types';
import { partLoopDiagnostics } from './partLoops';

/**
 * Charm parts ordered after each other in a loop: Charmcraft sorts parts with craft-parts too, so
 * `charmcraft pack` stops with "A circular dependency chain was detected." The charm extensions
 * add no `after`, so only the user's lists count. (A part after itself is `part-after-itself`.)
 */
export const charmPartCycle: Rule = {
  id: 'charm-part-cycle',
  kinds: ['charmcraft'],
  check({ file }) {
    return isBundle(file) ? [] : partLoopDiagnostics(file, topEntries(file, 'parts'));
  },
};
