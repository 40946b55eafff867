import type { Diagnostic } from 'vscode-languageserver-types';
import { fileStartRange, getMap, getPair, keyRange, keyText, mapPairs, scalarString } from '../ast';
import { baseName, dirName } from '../fileKind';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { charmBase, frameworkEntry } from '../twelveFactor/fileFacts';
import { charmContainerName, charmResourceName, frameworkFacts } from '../twelveFactor/frameworks';
import { charmFramework, charmPyFramework, counterpart } from '../twelveFactor/project';

/** `charm/charmcraft.yaml` relative to the other file's folder, for messages. */
function shortPath(from: string, to: string): string {
  const dir = dirName(from);
  if (to.startsWith(`${dir}/`)) return to.slice(dir.length + 1);
  const up = dirName(dir);
  return to.startsWith(`${up}/`) ? `../${to.slice(up.length + 1)}` : to;
}

/**
 * The rock and its charm must agree (a project = rockcraft.yaml + charm/charmcraft.yaml):
 * same framework, so the charm's container and resource fit the rock; a paas-charm charm
 * without the extension must still declare the container/resource its framework expects;
 * and the rock's version should be known before packing, since deploying names the image
 * `<name>:<version>`.
 */
export const tfProject: Rule = {
  id: 'tf-project',
  kinds: ['rockcraft', 'charmcraft'],
  readsProject: true,
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    const own = frameworkEntry(file);
    if (file.kind === 'charmcraft' && !own) return expandedCharmChecks(file, workspace);
    const adopted = file.kind === 'rockcraft' && !!getPair(file.root, 'adopt-info', file.docs[0]) && !getPair(file.root, 'version', file.docs[0]);
    // Only 12-factor files (or a rock whose version is unknown) need the other half of the project.
    if (!own && !adopted) return out;
    const other = counterpart(workspace, file);
    if (!other) return out;
    const rock = file.kind === 'rockcraft' ? file : other;
    const charm = file.kind === 'charmcraft' ? file : other;
    const rockFw = frameworkEntry(rock)?.framework;
    const charmFw = charmFramework(workspace, charm, true);
    if (own?.framework && rockFw && charmFw && rockFw !== charmFw) {
      const r = frameworkFacts(rockFw);
      const c = frameworkFacts(charmFw);
      const otherPath = shortPath(file.path, other.path);
      const mine = file.kind === 'rockcraft' ? r : c;
      const theirs = file.kind === 'rockcraft' ? c : r;
      out.push(problem(own.range, 'tf-framework-mismatch',
        `This ${file.kind === 'rockcraft' ? 'rock' : 'charm'} uses ${mine.extension}, but ${otherPath} uses ${theirs.extension}. ` +
        `The charm runs a ${c.title} workload (container \`${charmContainerName(charmFw, charmBase(charm))}\`, resource \`${charmResourceName(charmFw, charmBase(charm))}\`, app in ${c.rock.appDir}) ` +
        `so it cannot run the ${r.title} app this rock packs. Use the same framework extension in both files.`));
    }
    if (adopted) {
      const name = scalarString(getPair(file.root, 'name', file.docs[0])?.value) ?? '<name>';
      const pair = getPair(file.root, 'adopt-info', file.docs[0]);
      out.push(problem(pair ? keyRange(file, pair) : fileStartRange(file), 'tf-rock-version-adopted',
        `The rock's version comes from \`adopt-info\`, so it is only known after packing: the rock file (\`${name}_<version>_<arch>.rock\`) and the image \`${name}:<version>\` that the charm in ` +
        `${shortPath(file.path, charm.path)} deploys are named from the build output. Set \`version\` to know them in advance.`, Severity.Information));
    }
    return out;
  },
};

/**
 * A charm without the extension whose charm.py builds on paas-charm (e.g. an expanded
 * charm): paas-charm looks for the container of its framework, so it must be declared.
 */
function expandedCharmChecks(file: Parameters<Rule['check']>[0]['file'], workspace: Parameters<Rule['check']>[0]['workspace']): Diagnostic[] {
  if (baseName(file.path) !== 'charmcraft.yaml') return [];
  const fw = charmPyFramework(workspace, dirName(file.path));
  if (!fw) return [];
  const doc = file.docs[0];
  const base = charmBase(file);
  const container = charmContainerName(fw, base);
  const resource = charmResourceName(fw, base);
  const containers = getMap(file.root, 'containers', doc);
  const declared = containers ? mapPairs(containers, doc).map(keyText) : [];
  // Split-layout charms declare containers in metadata.yaml.
  const meta = workspace.sibling(file, 'metadata');
  const metaContainers = meta ? getMap(meta.root, 'containers', meta.docs[0]) : undefined;
  if (metaContainers) declared.push(...mapPairs(metaContainers, meta?.docs[0]).map(keyText));
  if (declared.includes(container)) return [];
  const pair = getPair(file.root, 'containers', doc);
  return [problem(pair ? keyRange(file, pair) : fileStartRange(file), 'tf-charm-container',
    `src/charm.py uses ${frameworkFacts(fw).charm.paasModule}, which runs the app in the container \`${container}\` (resource \`${resource}\`)${base ? ` on ${base}` : ''}, ` +
    `but this charm declares ${declared.length ? declared.map((d) => `\`${d}\``).join(', ') : 'no containers'}. Declare \`containers: {${container}: {resource: ${resource}}}\` or use the \`${frameworkFacts(fw).extension}\` extension.`,
    Severity.Warning)];
}
