import { fileStartRange, getPair, isNullNode, keyRange, scalarString } from '../ast';
import type { Rule } from './types';
import { problem } from './util';

/**
 * `base: bare` has no system to build on, so Rockcraft insists on a `build-base`. Its validator
 * tests `if not build_base`, so an empty `build-base:` fails the same way as a missing one.
 */
export const rockBareBuildBase: Rule = {
  id: 'rock-bare-build-base',
  kinds: ['rockcraft'],
  check({ file }) {
    const doc = file.docs[0];
    const base = getPair(file.root, 'base', doc);
    if (!base || scalarString(base.value) !== 'bare') return [];
    const buildBase = getPair(file.root, 'build-base', doc);
    if (buildBase && !isNullNode(buildBase.value)) return [];
    const message = 'When `base` is `bare`, a `build-base` must be set (for example `build-base: ubuntu@24.04`): it provides the tools used to build the parts.';
    // An empty `build-base:` is marked on its key; a missing one on `base` (with a fix that adds it).
    if (buildBase) return [problem(keyRange(file, buildBase), 'bare-needs-build-base', message)];
    return [problem(base ? keyRange(file, base) : fileStartRange(file), 'bare-needs-build-base', message, undefined, { missing: ['build-base'] })];
  },
};
