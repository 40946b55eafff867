import { isMap, isSeq, type Node } from 'yaml';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { deref, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { isSlice } from './commonFacts';
import { child, keyR, listItems, nodeR, valueR, type Entry } from './commonHelpers';
import { problem, Severity } from './util';

export interface PartContext {
  file: ParsedFile;
  parts: Entry[];
  /** Part names that exist besides the user's (extension-generated, injected). */
  isKnownPart: (name: string) => boolean;
  /** Whether user part names may contain `/` on this project's build base. */
  slashAllowed: boolean;
  /** The build base named in messages about `/` in part names. */
  buildBaseLabel: string;
}

/**
 * craft-parts rules that hold in Rockcraft and Charmcraft alike (rockcraft.md §5): part names,
 * stage-packages that mix debs and slices, overlay scripts, permissions, plugin option pairs,
 * alternative git selectors and `after` references. (Fileset paths are the schemas'.)
 */
export function checkPartsCommon(ctx: PartContext, out: Diagnostic[]): void {
  const { file, parts } = ctx;
  const names = parts.map((p) => p.name);
  const nameSet = new Set(names);
  for (const part of parts) {
    // computed only for a diagnostic: most parts have none
    const kr = (): Range => keyR(file, part.pair);
    if (part.name.includes('/') && !ctx.slashAllowed) {
      out.push(problem(kr(), 'part-name-slash',
        `Invalid part name \`${part.name}\`: part names may not contain \`/\` on ${ctx.buildBaseLabel}. Rename the part${part.name.includes('-framework/') ? ' (extension parts can only be customised on older bases)' : ''}.`));
    }
    const map = part.map;
    if (!map) continue;

    const stage = child(file, map, 'stage-packages');
    if (stage && isSeq(stage.value)) mixedPackages(file, stage.value, () => keyR(file, stage.pair), out);

    const script = child(file, map, 'overlay-script');
    const override = child(file, map, 'override-overlay');
    if (script && override) {
      out.push(problem(keyR(file, script.pair), 'overlay-script-conflict',
        `override-overlay and overlay-script cannot both be defined in part \`${part.name}\`. Keep \`override-overlay\` and move the script's commands into it.`));
    }

    const perms = child(file, map, 'permissions');
    if (perms && isSeq(perms.value)) {
      for (const item of perms.value.items) {
        const m = deref(item, file.docs[0]);
        if (!isMap(m)) continue;
        const owner = child(file, m, 'owner');
        const group = child(file, m, 'group');
        if (!!owner !== !!group) {
          const has = owner ? owner : group;
          const missing = owner ? 'group' : 'owner';
          if (has) out.push(problem(keyR(file, has.pair), 'permissions-owner-group', `\`owner\` and \`group\` must be given together in a permissions entry: add \`${missing}\`.`, Severity.Error, { missing: [missing] }));
        }
      }
    }

    const jlinkModules = child(file, map, 'jlink-modules');
    if (jlinkModules) {
      for (const other of ['jlink-jars', 'jlink-extra-modules', 'jlink-multi-release']) {
        const o = child(file, map, other);
        if (o) out.push(problem(keyR(file, o.pair), 'jlink-modules-exclusive', `Option jlink_modules is exclusive with all other options: remove \`${other}\`, or remove \`jlink-modules\`.`));
      }
    }

    const includeNode = child(file, map, 'npm-include-node');
    if (includeNode && /^(true|yes|on)$/i.test(scalarString(includeNode.value) ?? '') && !child(file, map, 'npm-node-version')) {
      out.push(problem(keyR(file, includeNode.pair), 'npm-node-version-missing',
        '`npm-include-node: true` needs `npm-node-version` (for example `npm-node-version: "20.12.2"`), the Node.js version to download.', Severity.Error, { missing: ['npm-node-version'] }));
    }

    const selectors = ['source-branch', 'source-tag', 'source-commit'].filter((k) => child(file, map, k));
    if (selectors.length > 1) {
      const second = child(file, map, selectors[1]);
      if (second) out.push(problem(keyR(file, second.pair), 'source-selectors', `\`${selectors.join('`, `')}\` are alternatives: use only one of them to pick the revision.`, Severity.Warning));
    }

    const after = child(file, map, 'after');
    for (const item of listItems(after?.value, file)) {
      if (nameSet.has(item.text) || ctx.isKnownPart(item.text)) continue;
      const guess = closest(item.text, names);
      out.push(problem(nodeR(file, item.node, kr()), 'unknown-part',
        `Part \`${part.name}\` is ordered after \`${item.text}\`, but there is no part with that name.${guess ? ` Did you mean \`${guess}\`?` : ' Fix the name or remove it from `after`.'}`,
        Severity.Error, guess ? { replacement: guess } : undefined));
    }
    if (after && after.value && listItems(after.value, file).some((i) => i.text === part.name)) {
      out.push(problem(valueR(file, after.pair), 'part-after-itself', `Part \`${part.name}\` cannot be ordered after itself. Remove \`${part.name}\` from \`after\`.`));
    }
  }
}

/** Debian packages and Chisel slices in one `stage-packages` list. */
function mixedPackages(file: ParsedFile, seq: Node, fallback: () => Range, out: Diagnostic[]): void {
  // Only the plain entries: grammar branches may be resolved away for a given platform.
  const plain = listItems(seq, file).filter((i) => !i.text.includes('$'));
  const slices = plain.filter((i) => isSlice(i.text));
  const debs = plain.filter((i) => !isSlice(i.text));
  if (!slices.length || !debs.length) return;
  out.push(problem(nodeR(file, seq, fallback()), 'mixed-stage-packages',
    `Cannot mix packages and slices in stage-packages: \`${debs[0].text}\` is a package and \`${slices[0].text}\` a Chisel slice. Put the slices in a separate part (for example \`runtime-slices\` with \`plugin: nil\`).`));
}

