import { isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isSlice } from './commonFacts';
import { effectiveBuildBase, keyR, listItems, nodeR, child, slashPartNamesAllowed, topEntries, topString } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { generatedBy, generatedEntry } from '../twelveFactor/fileFacts';
import { frameworkFacts, pythonForBuildBase, rockBaseStatus } from '../twelveFactor/frameworks';

/**
 * `stage-packages` the user adds to an extension's part are appended to the extension's own
 * (rockcraft.md §8), and craft-parts then refuses a list that mixes debs and Chisel slices. On
 * `base: bare` the extensions stage slices (`python3.12-venv_ensurepip`, `bash_bins`, ...), so
 * adding `libpq5` there fails; on Ubuntu bases some stage debs (`python3-venv`), so adding
 * `libpq5_libs` fails. A user list that is mixed on its own is commonParts' to report.
 * (craft-parts' PartSpec check runs on the merged part; rockcraft/extensions/_utils.py merges
 * lists as extension items + user items.)
 */
export const tfRockStagePackages: Rule = {
  id: 'tf-rock-stage-packages',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const base = topString(file, 'base');
    const buildBase = topString(file, 'build-base');
    // Only where our model of the generated part is the one Rockcraft uses: a V1 base the
    // extension takes, a build base that allows `<extension>/...` part names, and on bare
    // a build base the Python extensions can map to an interpreter.
    if (base === undefined || !slashPartNamesAllowed(effectiveBuildBase(file))) return out;
    for (const part of topEntries(file, 'parts')) {
      const fw = generatedBy(file, 'part', part.name);
      if (!fw || !part.map) continue;
      const status = rockBaseStatus(fw, base, buildBase);
      if (status !== 'supported' && status !== 'experimental') continue;
      if (base === 'bare' && frameworkFacts(fw).rock.python && !pythonForBuildBase(buildBase)) continue;
      const stage = child(file, part.map, 'stage-packages');
      if (!stage || !isSeq(stage.value)) continue;
      const generated = generatedEntry(file, 'part', part.name)?.['stage-packages'];
      const theirs = Array.isArray(generated) ? generated.filter((x): x is string => typeof x === 'string') : [];
      if (!theirs.length) continue;
      const theirSlices = theirs.every(isSlice);
      if (!theirSlices && theirs.some(isSlice)) continue;
      // Plain entries only: grammar branches and `$VAR` entries depend on the build.
      const mine = listItems(stage.value, file).filter((i) => !i.text.includes('$'));
      if (mine.some((i) => isSlice(i.text)) && mine.some((i) => !isSlice(i.text))) continue;
      const clash = mine.find((i) => isSlice(i.text) !== theirSlices);
      if (!clash) continue;
      const ext = frameworkFacts(fw).extension;
      const where = base === 'bare' ? 'on `base: bare`' : `on \`${base}\``;
      const message = theirSlices
        ? `Cannot mix packages and slices in stage-packages: ${where} the ${ext} extension's \`${part.name}\` part stages the Chisel slice \`${theirs[0]}\`, and Rockcraft appends your list to it, so the Debian package \`${clash.text}\` makes the merged list mixed. Move the packages to a part of their own (for example \`runtime-debs\` with \`plugin: nil\`), or stage their Chisel slices instead (names like \`libpq5_libs\`).`
        : `Cannot mix packages and slices in stage-packages: ${where} the ${ext} extension's \`${part.name}\` part stages the Debian package \`${theirs[0]}\`, and Rockcraft appends your list to it, so the Chisel slice \`${clash.text}\` makes the merged list mixed. Move the slices to a part of their own (for example \`runtime-slices\` with \`plugin: nil\`).`;
      // A warning, not an error: Rockcraft's own django template suggests exactly this on a bare
      // base, so we flag it without failing `check` until it is confirmed by a real pack.
      out.push(problem(nodeR(file, clash.node, keyR(file, stage.pair)), 'merged-stage-packages', message, Severity.Warning));
    }
    return out;
  },
};
