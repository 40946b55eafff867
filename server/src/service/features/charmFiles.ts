import { baseName } from '../fileKind';
import type { ParsedFile } from '../parse';
import { uriForPath } from '../twelveFactor/fixes';
import type { FileKind } from '../types';
import type { Workspace } from '../workspace';

/*
 * The files of one charm: charmcraft.yaml and the split-layout files beside it
 * (metadata.yaml, config.yaml, actions.yaml), which charmcraft merges into one project. Names
 * declared in one are used in another (a container in charmcraft.yaml mounts storage declared
 * in metadata.yaml), so completion, navigation, rename and hover look at all of them. Siblings
 * are read through the Workspace, so an unsaved editor wins over the disk.
 */

export interface CharmFile {
  parsed: ParsedFile;
  /** The URI for locations and edits: the document's own, or one built from it for a sibling. */
  uri: string;
  /** The file name (`metadata.yaml`), for messages. */
  name: string;
}

const CHARM_KINDS: readonly FileKind[] = ['charmcraft', 'metadata', 'config', 'actions'];

export function isCharmKind(kind: FileKind): boolean {
  return CHARM_KINDS.includes(kind);
}

/** The document first, then the sibling charm files that exist and were analysed. */
export function charmFiles(parsed: ParsedFile, workspace: Workspace | undefined): CharmFile[] {
  const self: CharmFile = { parsed, uri: parsed.uri, name: baseName(parsed.path) };
  if (!workspace?.fs || !isCharmKind(parsed.kind)) return [self];
  const out = [self];
  const siblings = CHARM_KINDS.filter((k) => k !== parsed.kind).map((k) => workspace.sibling(parsed, k));
  // config.yaml or metadata.yaml are charm files only beside a charmcraft.yaml.
  if (parsed.kind !== 'charmcraft' && !siblings.some((s) => s?.kind === 'charmcraft')) return [self];
  for (const other of siblings) {
    // The workspace parses a sibling with its path as URI: locations need a real URI.
    if (other && !other.skipped) out.push({ parsed: other, uri: uriForPath(parsed, other.path), name: baseName(other.path) });
  }
  return out;
}

/** The charm's charmcraft.yaml (the document itself, or its sibling), which lists the extensions. */
export function charmcraftOf(files: readonly CharmFile[]): ParsedFile | undefined {
  return files.find((f) => f.parsed.kind === 'charmcraft')?.parsed;
}
