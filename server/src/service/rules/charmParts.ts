import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, fileStartRange, isNullNode, nodeRange, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { CHARM_PLUGINS, SOURCELESS_PLUGINS } from './commonFacts';
import { child, childString, extensionsOf, frameworksOf, isBundle, isExtensionPart, keyR, listItems, slashPartNamesAllowed, top, topEntries, topPair, topString, valueR } from './commonHelpers';
import { checkPartsCommon } from './commonParts';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** Charmcraft's own plugins, whose property models are less certain about `source`. */
const CHARMCRAFT_OWN_PLUGINS = ['reactive', 'python', 'poetry', 'uv'];

/** Build bases on which the `charm` and `reactive` plugins refuse to run, and where they are experimental. */
const CHARM_PLUGIN_NEVER = ['ubuntu@25.10', 'ubuntu@devel'];
const CHARM_PLUGIN_EXPERIMENTAL = ['ubuntu@26.04', 'ubuntu@26.10'];

/**
 * The bases a charm is built on, as `name@channel`: `build-base`/`base`, the `<base>:` prefixes
 * of multi-base platforms, or the build-on entries of legacy `bases`.
 */
export function charmBuildBases(file: ParsedFile): string[] {
  const single = topString(file, 'build-base') ?? topString(file, 'base');
  if (single) return [single];
  const out = new Set<string>();
  const bases = top(file, 'bases');
  if (isSeq(bases)) {
    for (const item of bases.items) {
      const b = deref(item, file.docs[0]);
      if (!isMap(b)) continue;
      const buildOn = child(file, b, 'build-on');
      const list = buildOn && isSeq(buildOn.value) ? buildOn.value.items.map((i) => deref(i, file.docs[0])) : [b];
      for (const e of list) {
        if (!isMap(e)) continue;
        const name = childString(file, e, 'name');
        const channel = childString(file, e, 'channel');
        if (name && channel) out.add(`${name}@${channel}`);
      }
    }
    return [...out];
  }
  for (const p of topEntries(file, 'platforms')) {
    const fromName = /^(.+):[^:]+$/.exec(p.name);
    if (fromName) out.add(fromName[1]);
    for (const i of listItems(child(file, p.map, 'build-on')?.value, file)) {
      const m = /^(.+):[^:]+$/.exec(i.text);
      if (m) out.add(m[1]);
    }
  }
  return [...out];
}

/** Whether a project-relative path is absolute or climbs out of the project with `..`. */
function escapesProject(path: string): boolean {
  if (path.startsWith('/')) return true;
  let depth = 0;
  for (const seg of path.split('/')) {
    if (seg === '..') depth--;
    else if (seg && seg !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * Charmcraft's part rules (charmcraft.md §2, §3, §5): a part without `plugin` uses its name as
 * the plugin, a platforms charm must declare its parts, the
 * `charm` plugin is limited to some bases, and the `charm-*` options have their own pairs.
 */
export const charmParts: Rule = {
  id: 'charm-parts',
  kinds: ['charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    if (isBundle(file)) return out;
    const extensions = extensionsOf(file);
    const hasBases = !!topPair(file, 'bases');
    if (!topPair(file, 'parts') && !hasBases && !extensions.length) {
      out.push(problem(fileStartRange(file), 'missing-parts',
        "field 'parts' required in top-level configuration: a charm that uses `base` and `platforms` must declare its parts. Add for example `parts: {charm: {plugin: charm, source: .}}` (or `plugin: uv` for a uv project).",
        Severity.Error, { missing: ['parts'] }));
    }
    const parts = topEntries(file, 'parts');
    const buildBases = charmBuildBases(file);
    const disallowing = buildBases.filter((b) => !slashPartNamesAllowed(b));
    const framework = frameworksOf(file).length > 0;
    checkPartsCommon({
      file, parts,
      isKnownPart: (n) => isExtensionPart(n, extensions) || (framework && n === 'charm'),
      slashAllowed: disallowing.length === 0,
      buildBaseLabel: `build base \`${disallowing[0] ?? '?'}\``,
    }, out);

    for (const part of parts) {
      const kr = keyR(file, part.pair);
      if (!part.map && !isNullNode(part.value)) continue;
      const pluginPair = child(file, part.map, 'plugin');
      const plugin = pluginPair ? scalarString(pluginPair.value) : part.name;
      if (!pluginPair && !CHARM_PLUGINS.includes(part.name)) {
        out.push(problem(kr, 'plugin-not-registered',
          `plugin not registered: '${part.name}'. A part without \`plugin\` uses its name as the plugin, and there is no \`${part.name}\` plugin: add \`plugin:\` (for example \`charm\`, \`uv\`, \`dump\` or \`nil\`).`,
          Severity.Error, { missing: ['plugin'] }));
        continue;
      }
      if (plugin && CHARM_PLUGINS.includes(plugin) && plugin !== 'charm' && !SOURCELESS_PLUGINS.includes(plugin) && !child(file, part.map, 'source')) {
        const own = CHARMCRAFT_OWN_PLUGINS.includes(plugin);
        out.push(problem(kr, 'missing-source',
          `Part \`${part.name}\` uses the \`${plugin}\` plugin, which needs a \`source\` (for example \`source: .\`). Only \`charm\`, \`nil\` and \`jlink\` parts can go without one.`,
          own ? Severity.Warning : Severity.Error, { missing: ['source'] }));
      }
      if (plugin === 'charm' || plugin === 'reactive') {
        const never = buildBases.find((b) => CHARM_PLUGIN_NEVER.includes(b));
        const experimental = buildBases.find((b) => CHARM_PLUGIN_EXPERIMENTAL.includes(b));
        const at = pluginPair ? keyR(file, pluginPair.pair) : kr;
        if (never) {
          out.push(problem(at, 'charm-plugin-base', `Cannot use the '${plugin}' plugin with base '${never}'. Use the \`uv\`, \`poetry\` or \`python\` plugin on this base.`));
        } else if (experimental) {
          out.push(problem(at, 'charm-plugin-base', `The '${plugin}' plugin works on base '${experimental}' only with CHARMCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS set. Prefer the \`uv\`, \`poetry\` or \`python\` plugin on this base.`, Severity.Warning));
        }
      }
      const entry = child(file, part.map, 'charm-entrypoint');
      const entryPath = scalarString(entry?.value);
      if (entry && entryPath !== undefined && escapesProject(entryPath)) {
        out.push(problem(valueR(file, entry.pair), 'charm-entrypoint-outside',
          `charm entry point must be inside the project: \`${entryPath}\` points outside it. Give a path relative to the project, like \`src/charm.py\`.`,
          Severity.Warning));
      }
      const strict = child(file, part.map, 'charm-strict-dependencies');
      const strictOn = !!strict && /^(true|yes|on)$/i.test(scalarString(strict.value) ?? '');
      const pkgs = child(file, part.map, 'charm-python-packages');
      if (strictOn && pkgs && listItems(pkgs.value, file).length) {
        out.push(problem(keyR(file, pkgs.pair), 'charm-strict-dependencies',
          "'charm-python-packages' must not be set if 'charm-strict-dependencies' is enabled: list these packages in a requirements file instead."));
      }
      // With strict dependencies, the binary list only names which packages may come as wheels:
      // the charm plugin's model refuses version specifiers there (PACKAGE_NAME_REGEX).
      const binaries = strictOn && plugin === 'charm' ? child(file, part.map, 'charm-binary-python-packages') : undefined;
      for (const item of listItems(binaries?.value, file)) {
        if (/^[A-Za-z0-9_.-]+$/.test(item.text)) continue;
        out.push(problem(nodeRange(file, item.node), 'charm-strict-dependencies',
          `'charm-binary-python-packages' may contain only package names allowed to be installed from binary if 'charm-strict-dependencies' is enabled: \`${item.text}\` is not a plain package name. ` +
          'Pin the version in the requirements file and list only the name here.'));
      }
    }
    return out;
  },
};
