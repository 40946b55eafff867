/**
 * A 12-factor project: a folder with rockcraft.yaml and its charm, usually in `charm/`
 * (or charmcraft.yaml in the same folder). These helpers find one file from the other,
 * always through the Workspace so open editors' text wins over the disk.
 */
import type { ParsedFile } from '../parse';
import { baseName, dirName, joinPath } from '../fileKind';
import type { Workspace } from '../workspace';
import { fileFramework } from './fileFacts';
import type { FrameworkId } from './frameworks';

/** The charmcraft.yaml that goes with a rock folder, if any. */
export function charmPathForRock(workspace: Workspace, rockDir: string): string | undefined {
  const preferred = [joinPath(rockDir, 'charm', 'charmcraft.yaml'), joinPath(rockDir, 'charmcraft.yaml')];
  for (const p of preferred) if (workspace.exists(p)) return p;
  // Some projects name the charm folder differently (`flask-app_charm`, `operator`): take the
  // only sub-folder holding a charmcraft.yaml.
  const found = (workspace.fs?.readDir(rockDir) ?? [])
    .filter((n) => !n.startsWith('.') && n !== 'node_modules')
    .map((n) => joinPath(rockDir, n, 'charmcraft.yaml'))
    .filter((p) => workspace.exists(p));
  return found.length === 1 ? found[0] : undefined;
}

/** The rockcraft.yaml that goes with a charm folder: the same folder or its parent. */
export function rockPathForCharm(workspace: Workspace, charmDir: string): string | undefined {
  const same = joinPath(charmDir, 'rockcraft.yaml');
  if (workspace.exists(same)) return same;
  const parent = dirName(charmDir);
  if (parent === charmDir) return undefined;
  const up = joinPath(parent, 'rockcraft.yaml');
  // The parent's rock must see this folder as its charm (not a sibling charm of another rock).
  if (workspace.exists(up) && charmPathForRock(workspace, parent) === joinPath(charmDir, 'charmcraft.yaml')) return up;
  return undefined;
}

/** The other half of the project for a parsed rockcraft.yaml or charmcraft.yaml. */
export function counterpart(workspace: Workspace, file: ParsedFile): ParsedFile | undefined {
  const dir = dirName(file.path);
  if (file.kind === 'rockcraft') {
    const p = charmPathForRock(workspace, dir);
    return p ? workspace.parsedAt(p, 'charmcraft') : undefined;
  }
  if (file.kind === 'charmcraft') {
    const p = rockPathForCharm(workspace, dir);
    return p ? workspace.parsedAt(p, 'rockcraft') : undefined;
  }
  return undefined;
}

const PAAS_MODULES: Record<string, FrameworkId> = {
  flask: 'flask', django: 'django', fastapi: 'fastapi', go: 'go', expressjs: 'expressjs', springboot: 'spring-boot',
};

/** The framework a charm's src/charm.py builds on (`paas_charm.flask.Charm` → flask). */
export function charmPyFramework(workspace: Workspace, charmDir: string): FrameworkId | undefined {
  const src = workspace.readText(joinPath(charmDir, 'src', 'charm.py'));
  if (!src) return undefined;
  const m = /\b(?:paas_charm|paas_app_charmer)\.(flask|django|fastapi|go|expressjs|springboot)\b/.exec(src);
  return m ? PAAS_MODULES[m[1]] : undefined;
}

/** A charm's framework: its extension, else the paas-charm module its charm.py uses. */
export function charmFramework(workspace: Workspace, charm: ParsedFile, readProject: boolean): FrameworkId | undefined {
  return fileFramework(charm) ?? (readProject ? charmPyFramework(workspace, dirName(charm.path)) : undefined);
}

/**
 * Finds the project around a path (a folder, a project file or any file inside the
 * project): the rockcraft.yaml and charmcraft.yaml paths, when they exist.
 */
export function locateProject(workspace: Workspace, path: string): { rock?: string; charm?: string } {
  const name = baseName(path);
  let dir = name === 'rockcraft.yaml' || name === 'charmcraft.yaml' || !workspace.fs?.isDirectory(path) ? dirName(path) : path;
  for (let i = 0; i < 12; i++) {
    const rock = joinPath(dir, 'rockcraft.yaml');
    const charm = joinPath(dir, 'charmcraft.yaml');
    if (workspace.exists(rock)) return { rock, charm: charmPathForRock(workspace, dir) };
    if (workspace.exists(charm)) return { charm, rock: rockPathForCharm(workspace, dir) };
    // A folder holding only the charm in charm/ still is a project.
    const sub = charmPathForRock(workspace, dir);
    if (sub && i === 0) return { charm: sub };
    const parent = dirName(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}
