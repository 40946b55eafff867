import { fileStartRange, getPair, keyRange, scalarString } from '../ast';
import type { Rule } from './types';
import { problem } from './util';

/** `base: bare` has no system to build on, so Rockcraft insists on a `build-base`. */
export const rockBareBuildBase: Rule = {
  id: 'rock-bare-build-base',
  kinds: ['rockcraft'],
  check({ file }) {
    const doc = file.docs[0];
    const base = getPair(file.root, 'base', doc);
    if (!base || scalarString(base.value) !== 'bare') return [];
    if (getPair(file.root, 'build-base', doc)) return [];
    return [
      problem(base ? keyRange(file, base) : fileStartRange(file), 'bare-needs-build-base',
        'When `base` is `bare`, a `build-base` must be set (for example `build-base: ubuntu@24.04`): it provides the tools used to build the parts.',
        undefined, { missing: ['build-base'] }),
    ];
  },
};
