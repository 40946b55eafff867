import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import { charmcraftOf, charmFiles, type CharmFile } from './charmFiles';
import { definitions, definitionsIn, refNoun, refsDeclaredIn, uses, usesIn, type InFile } from './refs';
import { yamlScalar } from './snippets';
import { injectedCharmNames } from './twelveFactorFacts';

/*
 * Go to definition, find references and rename for the names a file defines and uses (parts
 * in `after`/`adopt-info`, services in `after`/`before`/`requires`/`entrypoint-service`, checks
 * in `on-check-failure`, resources and storage in `containers`), as the schemas' `x-ref` say.
 * A charm's names may be declared in one file and used in another (charmcraft.yaml and the
 * metadata.yaml, config.yaml and actions.yaml beside it): all of them are searched and edited.
 */

/** Why a rename was refused; the LSP layer shows the message to the user. */
export class RenameError extends Error {}

interface NameAt {
  ref: string;
  name: string;
  start: number;
  end: number;
}

/** The defined or used name under the cursor, if any. */
export function nameAt(parsed: ParsedFile, offset: number): NameAt | undefined {
  if (parsed.skipped) return undefined;
  const use = uses(parsed).find((u) => u.start <= offset && offset <= u.end);
  if (use) return use;
  for (const ref of refsDeclaredIn(parsed.kind)) {
    const def = definitions(parsed, ref).find((d) => d.start <= offset && offset <= d.end);
    if (def) return def;
  }
  return undefined;
}

function location(found: InFile<{ start: number; end: number }>): Location {
  return { uri: found.file.uri, range: rangeOfOffsets(found.file.parsed.lines, found.item.start, found.item.end) };
}

export function definition(parsed: ParsedFile, position: Position, workspace?: Workspace): Location[] {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) return [];
  // A name only an extension injects has no definition to go to.
  return definitionsIn(charmFiles(parsed, workspace), at.ref, at.name).map(location);
}

export function references(parsed: ParsedFile, position: Position, includeDeclaration: boolean, workspace?: Workspace): Location[] {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) return [];
  const files = charmFiles(parsed, workspace);
  const out: Location[] = [];
  if (includeDeclaration) out.push(...definitionsIn(files, at.ref, at.name).map(location));
  out.push(...usesIn(files, at.ref, at.name).map(location));
  return out;
}

/** The range of the name to rename; throws a RenameError when the cursor is not on one. */
export function prepareRename(parsed: ParsedFile, position: Position, workspace?: Workspace): { range: Range; placeholder: string } {
  const at = renameTarget(parsed, position, charmFiles(parsed, workspace));
  return { range: rangeOfOffsets(parsed.lines, at.start, at.end), placeholder: at.name };
}

export function rename(parsed: ParsedFile, position: Position, newName: string, workspace?: Workspace): WorkspaceEdit {
  const files = charmFiles(parsed, workspace);
  const at = renameTarget(parsed, position, files);
  const name = newName.trim();
  if (!name) throw new RenameError('The new name is empty.');
  if (yamlScalar(name) !== name || /[\s"'#]/.test(name)) {
    throw new RenameError(`\`${newName}\` cannot be used as a name here: use letters, digits, hyphens (and \`/\` for parts), without spaces or quotes.`);
  }
  if (name !== at.name) {
    const taken = definitionsIn(files, at.ref, name)[0];
    if (taken) throw new RenameError(`A ${refNoun(at.ref)} named \`${name}\` already exists${taken.file.parsed === parsed ? '' : ` in ${taken.file.name}`}.`);
    const injected = injectedBy(files, at.ref, name);
    if (injected) throw new RenameError(`The ${injected} extension already adds a ${refNoun(at.ref)} named \`${name}\`.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const found of [...definitionsIn(files, at.ref, at.name), ...usesIn(files, at.ref, at.name)]) {
    (changes[found.file.uri] ??= []).push({ range: location(found).range, newText: name });
  }
  return { changes };
}

/** The extension that injects `name` into the charm's `ref` map, if one does. */
function injectedBy(files: readonly CharmFile[], ref: string, name: string): string | undefined {
  const charmcraft = charmcraftOf(files);
  return charmcraft ? injectedCharmNames(charmcraft, ref).find((n) => n.name === name)?.extension : undefined;
}

function renameTarget(parsed: ParsedFile, position: Position, files: readonly CharmFile[]): NameAt {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) {
    throw new RenameError('Only the names this file defines can be renamed here: parts, services, checks, resources, storage, containers, config options and actions.');
  }
  // The extension would inject the old name again: renaming it only breaks the reference.
  const injected = injectedBy(files, at.ref, at.name);
  if (injected) {
    throw new RenameError(`The ${refNoun(at.ref)} \`${at.name}\` is injected by the ${injected} extension, so it cannot be renamed.`);
  }
  if (definitionsIn(files, at.ref, at.name).length === 0) {
    const where = files.length > 1 ? 'in this charm\'s files' : 'in this file';
    throw new RenameError(`The ${refNoun(at.ref)} \`${at.name}\` is not defined ${where} (it may come from an extension), so it cannot be renamed here.`);
  }
  return at;
}
