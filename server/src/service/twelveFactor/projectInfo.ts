/**
 * Facts the client needs to pack and deploy a project (`twelveFactor/projectInfo`): the
 * rock's name/version/platforms and the charm's resource, options and endpoints, with what
 * the 12-factor extensions inject included. The shape matches ProjectInfoRequest.Result in
 * common/protocol.ts (the core does not import it; the handler checks it structurally).
 */
import { deref, getMap, getNode, isMap, keyText, mapPairs, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { charmBase, fileFramework, knownConfigOptions, knownEndpoints } from './fileFacts';
import { charmResourceName } from './frameworks';
import { charmFramework, locateProject } from './project';

export interface ProjectInfo {
  rock?: { path: string; name?: string; version?: string; framework?: string; platforms: string[] };
  charm?: { path: string; name?: string; framework?: string; resourceName?: string; configOptions: string[]; endpoints: string[] };
}

function platformNames(file: ParsedFile): string[] {
  const platforms = getMap(file.root, 'platforms', file.docs[0]);
  return platforms ? mapPairs(platforms, file.docs[0]).map(keyText) : [];
}

const str = (file: ParsedFile, key: string): string | undefined => scalarString(getNode(file.root, key, file.docs[0]));

/** The project around `path` (a folder, a project file, or any file inside the project). */
export function projectInfo(workspace: Workspace, path: string): ProjectInfo {
  const where = locateProject(workspace, path);
  const out: ProjectInfo = {};
  const rock = where.rock ? workspace.parsedAt(where.rock, 'rockcraft') : undefined;
  if (rock && where.rock) {
    out.rock = { path: where.rock, name: str(rock, 'name'), version: str(rock, 'version'), framework: fileFramework(rock), platforms: platformNames(rock) };
  }
  const charm = where.charm ? workspace.parsedAt(where.charm, 'charmcraft') : undefined;
  if (charm && where.charm) {
    const fw = charmFramework(workspace, charm, true);
    const meta = workspace.sibling(charm, 'metadata');
    const config = workspace.sibling(charm, 'config');
    const endpoints = knownEndpoints(charm);
    const names = new Set([...endpoints.requires, ...endpoints.provides, ...endpoints.peers]);
    for (const kind of ['requires', 'provides', 'peers']) {
      const m = meta ? getMap(meta.root, kind, meta.docs[0]) : undefined;
      for (const p of m ? mapPairs(m, meta?.docs[0]) : []) names.add(keyText(p));
    }
    const options = new Set(knownConfigOptions(charm));
    const configOptions = config ? getMap(config.root, 'options', config.docs[0]) : undefined;
    for (const p of configOptions ? mapPairs(configOptions, config?.docs[0]) : []) options.add(keyText(p));
    out.charm = {
      path: where.charm,
      name: str(charm, 'name') ?? (meta ? str(meta, 'name') : undefined),
      framework: fw,
      resourceName: fw ? charmResourceName(fw, charmBase(charm)) : ociResource(charm, meta),
      configOptions: [...options],
      endpoints: [...names],
    };
  }
  return out;
}

/** Without an extension: the charm's only oci-image resource, if it has exactly one. */
function ociResource(charm: ParsedFile, meta: ParsedFile | undefined): string | undefined {
  const found: string[] = [];
  for (const f of [charm, meta]) {
    const resources = f ? getMap(f.root, 'resources', f.docs[0]) : undefined;
    if (!f || !resources) continue;
    for (const p of mapPairs(resources, f.docs[0])) {
      const value = deref(p.value, f.docs[0]);
      const type = isMap(value) ? scalarString(getNode(value, 'type', f.docs[0])) : undefined;
      if (type === 'oci-image') found.push(keyText(p));
    }
  }
  return found.length === 1 ? found[0] : undefined;
}
