import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { fileStartRange, isNullNode, scalarString } from '../ast';
import { resolve, rootSchema } from '../schema';
import { OVERLAY_KEYS, SOURCELESS_PLUGINS } from './commonFacts';
import { canonicalBase, child, effectiveBuildBase, extensionsOf, isExtensionPart, keyR, slashPartNamesAllowed, topEntries, topPair, topString } from './commonHelpers';
import { checkPartsCommon } from './commonParts';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** Plugins registered in Rockcraft 1.20 (rockcraft.md §5); an unknown one is the schema's to report. */
const ROCK_PLUGINS = new Set([
  'dump', 'nil', 'ant', 'autotools', 'bazel', 'cargo-use', 'cmake', 'dotnet', 'go', 'go-use', 'gradle', 'gradle-use', 'jlink',
  'make', 'maven', 'maven-use', 'meson', 'npm', 'npm-use', 'poetry', 'python', 'qmake', 'ruby', 'rust', 'scons', 'uv',
]);

/** Part keys that exist only on some build bases (`x-build-bases` in the schema), with those bases. */
const BUILD_BASE_KEYS: [string, string[]][] = Object.entries(resolve(rootSchema('rockcraft').definitions?.part ?? {}).properties ?? {})
  .flatMap(([key, schema]) => (schema['x-build-bases'] ? [[key, schema['x-build-bases']] as [string, string[]]] : []));

/**
 * Rockcraft's part rules (rockcraft.md §1, §2, §5): every part needs a `plugin` (no name
 * fallback, unlike Charmcraft) and a `source` unless the plugin needs none, the hidden parts
 * `pebble` and `_apt-upgrade` are reserved, and `base: bare` has no system to overlay.
 * Parts named `<extension>/...` are merged with the extension's own and may be partial.
 */
export const rockParts: Rule = {
  id: 'rock-parts',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const extensions = extensionsOf(file);
    const partsPair = topPair(file, 'parts');
    if (!partsPair && !extensions.length) {
      out.push(problem(fileStartRange(file), 'missing-parts',
        'There is no `parts` key, so the rock will contain nothing but Pebble. Add `parts:` with at least one part (Rockcraft tolerates its absence, the schema does not).',
        Severity.Warning, { missing: ['parts'] }));
    }
    const parts = topEntries(file, 'parts');
    const bare = topString(file, 'base') === 'bare';
    const effective = effectiveBuildBase(file);
    // the build system whatever its spelling (`ubuntu:22.04` is `ubuntu@22.04`), for x-build-bases
    const system = canonicalBase(effective);
    checkPartsCommon({
      file, parts,
      // Rockcraft injects `pebble` into every project, so other parts may be ordered after it.
      isKnownPart: (n) => n === 'pebble' || isExtensionPart(n, extensions),
      slashAllowed: slashPartNamesAllowed(effective),
      buildBaseLabel: `build base \`${effective ?? '?'}\``,
    }, out);

    for (const part of parts) {
      // computed only for a diagnostic: most parts have none
      const kr = (): Range => keyR(file, part.pair);
      if (part.name === 'pebble') {
        out.push(problem(kr(), 'reserved-part', 'Cannot change the default "pebble" part: Rockcraft adds a part named `pebble` to every rock. Rename this part.'));
        continue;
      }
      if (part.name === '_apt-upgrade') {
        out.push(problem(kr(), 'reserved-part', 'Cannot override the default "_apt-upgrade" part: the name is reserved by Rockcraft. Rename this part.'));
        continue;
      }
      if (bare && part.map) {
        for (const key of OVERLAY_KEYS) {
          const c = child(file, part.map, key);
          if (c) out.push(problem(keyR(file, c.pair), 'bare-overlay', `part '${part.name}' cannot use overlays with a 'bare' base (there is no system to overlay). Remove \`${key}\`, or use an Ubuntu base.`));
        }
      }
      if (isExtensionPart(part.name, extensions)) continue;
      if (!part.map && !isNullNode(part.value)) continue; // wrong type: the schema says so
      const plugin = child(file, part.map, 'plugin');
      if (!plugin) {
        out.push(problem(kr(), 'missing-plugin',
          `'plugin' not defined for part \`${part.name}\`. Rockcraft does not guess the plugin from the part name: add \`plugin:\` (for example \`nil\`, \`dump\` or \`python\`).`,
          Severity.Error, { missing: ['plugin'] }));
        continue;
      }
      const name = scalarString(plugin.value);
      if (system !== undefined) {
        for (const [key, bases] of BUILD_BASE_KEYS) {
          const c = bases.includes(system) ? undefined : child(file, part.map, key);
          if (c) {
            out.push(problem(keyR(file, c.pair), 'build-base-key',
              `\`${key}\` does not exist on build base \`${effective}\`, only on ${bases.map((b) => `\`${b}\``).join(', ')}: on newer build bases Rockcraft uses a newer ${name ? `\`${name}\` ` : ''}plugin without it, and the pack fails with "extra inputs are not permitted". Remove it, or build on one of those bases.`));
          }
        }
      }
      if (name && ROCK_PLUGINS.has(name) && !SOURCELESS_PLUGINS.includes(name) && !child(file, part.map, 'source')) {
        out.push(problem(kr(), 'missing-source',
          `Part \`${part.name}\` uses the \`${name}\` plugin, which needs a \`source\` (for example \`source: .\` for the project directory). Only \`nil\` and \`jlink\` parts can go without one.`,
          Severity.Error, { missing: ['source'] }));
      }
    }
    return out;
  },
};
