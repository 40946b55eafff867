import { getPair, scalarString, valueRange } from '../ast';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { extensionEntries } from '../twelveFactor/fileFacts';
import {
  frameworkFacts, pythonForBuildBase, rockBaseStatus, ROCKCRAFT_EXPERIMENTAL_ENV, V2_BASE,
} from '../twelveFactor/frameworks';

const list = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(', ');

/**
 * Bases each rock extension accepts (rockcraft.md §8). Rockcraft 1.20 reports an unsupported
 * base as "Extension is experimental" (its V2 fallback); we name the base instead, as the
 * reference advises. Experimental extensions are warnings: they work once the environment
 * variable is set.
 */
export const tfRockBase: Rule = {
  id: 'tf-rock-base',
  kinds: ['rockcraft'],
  check({ file }) {
    const doc = file.docs[0];
    const basePair = getPair(file.root, 'base', doc);
    const base = scalarString(basePair?.value);
    // Extensions check bases only when `base` is present.
    if (!basePair || base === undefined) return [];
    const buildPair = getPair(file.root, 'build-base', doc);
    const buildBase = scalarString(buildPair?.value);
    const out = [];
    for (const e of extensionEntries(file)) {
      if (!e.framework) continue;
      const facts = frameworkFacts(e.framework);
      const ext = facts.extension;
      const supported = facts.rock.bases.filter((b) => !b.includes(':'));
      const status = rockBaseStatus(e.framework, base, buildBase);
      if (status === 'unsupported') {
        out.push(problem(valueRange(file, basePair), 'tf-base-unsupported',
          `Extension '${ext}' does not support base: '${base}'. The ${ext} extension supports the bases ${list(supported)} (and \`${V2_BASE}\` experimentally). ` +
          `(Rockcraft 1.20 reports this as \`Extension is experimental: '${ext}'\`.)`,
          Severity.Error, supported.length ? { replacement: supported[supported.length - 1] } : undefined));
        continue;
      }
      if (status === 'experimental') {
        const why = base === V2_BASE ? `on \`${V2_BASE}\` Rockcraft uses the experimental V2 ${ext} extension` : `the ${ext} extension is experimental in every Rockcraft version`;
        out.push(problem(e.range, 'tf-base-experimental',
          `Extension is experimental: '${ext}' — ${why}. Rockcraft refuses it unless the environment variable \`${ROCKCRAFT_EXPERIMENTAL_ENV}\` is set (any non-empty value), ` +
          `for example \`${ROCKCRAFT_EXPERIMENTAL_ENV}=True rockcraft pack\`.`, Severity.Warning));
      }
      if (base !== 'bare' || !buildPair || buildBase === undefined) continue;
      if (facts.rock.python && !pythonForBuildBase(buildBase)) {
        out.push(problem(valueRange(file, buildPair), 'tf-build-base-python',
          `Unable to determine the Python version for the build-base ${buildBase}. On \`base: bare\` the ${ext} extension needs \`build-base: ubuntu@22.04\` (Python 3.10) or \`ubuntu@24.04\` (Python 3.12).`,
          Severity.Error, { replacement: 'ubuntu@24.04' }));
        continue;
      }
      if (status === 'v2-fallback') {
        out.push(problem(valueRange(file, buildPair), 'tf-build-base-v2',
          `\`build-base: ${buildBase}\` is not a base of the ${ext} extension (${list(supported)}). Rockcraft 1.20 then switches to the experimental V2 extension and stops with ` +
          `\`Extension is experimental: '${ext}'\` (and, with ${ROCKCRAFT_EXPERIMENTAL_ENV} set, \`Extension '${ext}' does not support base: 'bare'\`); older Rockcraft versions accept it. Use \`build-base: ubuntu@24.04\`.`,
          Severity.Warning, { replacement: 'ubuntu@24.04' }));
      }
    }
    return out;
  },
};
