import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { definitions, refNoun, uses, type NameDef, type NameUse } from './refs';
import { yamlScalar } from './snippets';

/*
 * Go to definition, find references and rename for the names a file defines and uses (parts
 * in `after`/`adopt-info`, services in `after`/`before`/`requires`/`entrypoint-service`, checks
 * in `on-check-failure`, resources and storage in `containers`), as the schemas' `x-ref` say.
 */

/** Why a rename was refused; the LSP layer shows the message to the user. */
export class RenameError extends Error {}

const REFS = ['parts', 'services', 'checks', 'resources', 'storage', 'containers', 'config.options', 'actions'];

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
  for (const ref of REFS) {
    const def = definitions(parsed, ref).find((d) => d.start <= offset && offset <= d.end);
    if (def) return def;
  }
  return undefined;
}

function location(parsed: ParsedFile, item: NameDef | NameUse): Location {
  return { uri: parsed.uri, range: rangeOfOffsets(parsed.lines, item.start, item.end) };
}

export function definition(parsed: ParsedFile, position: Position): Location[] {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) return [];
  return definitions(parsed, at.ref).filter((d) => d.name === at.name).map((d) => location(parsed, d));
}

export function references(parsed: ParsedFile, position: Position, includeDeclaration: boolean): Location[] {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push(...definitions(parsed, at.ref).filter((d) => d.name === at.name).map((d) => location(parsed, d)));
  out.push(...uses(parsed).filter((u) => u.ref === at.ref && u.name === at.name).map((u) => location(parsed, u)));
  return out;
}

/** The range of the name to rename; throws a RenameError when the cursor is not on one. */
export function prepareRename(parsed: ParsedFile, position: Position): { range: Range; placeholder: string } {
  const at = renameTarget(parsed, position);
  return { range: rangeOfOffsets(parsed.lines, at.start, at.end), placeholder: at.name };
}

export function rename(parsed: ParsedFile, position: Position, newName: string): WorkspaceEdit {
  const at = renameTarget(parsed, position);
  const name = newName.trim();
  if (!name) throw new RenameError('The new name is empty.');
  if (yamlScalar(name) !== name || /[\s"'#]/.test(name)) {
    throw new RenameError(`\`${newName}\` cannot be used as a name here: use letters, digits, hyphens (and \`/\` for parts), without spaces or quotes.`);
  }
  const defs = definitions(parsed, at.ref);
  if (name !== at.name && defs.some((d) => d.name === name)) {
    throw new RenameError(`A ${refNoun(at.ref)} named \`${name}\` already exists.`);
  }
  const edits: TextEdit[] = [];
  for (const d of defs.filter((x) => x.name === at.name)) edits.push({ range: rangeOfOffsets(parsed.lines, d.start, d.end), newText: name });
  for (const u of uses(parsed).filter((x) => x.ref === at.ref && x.name === at.name)) {
    edits.push({ range: rangeOfOffsets(parsed.lines, u.start, u.end), newText: name });
  }
  return { changes: { [parsed.uri]: edits } };
}

function renameTarget(parsed: ParsedFile, position: Position): NameAt {
  const at = nameAt(parsed, parsed.lines.offsetAt(position));
  if (!at) {
    throw new RenameError('Only the names this file defines can be renamed here: parts, services, checks, resources, storage, containers, config options and actions.');
  }
  if (!definitions(parsed, at.ref).some((d) => d.name === at.name)) {
    throw new RenameError(`The ${refNoun(at.ref)} \`${at.name}\` is not defined in this file (it may come from an extension), so it cannot be renamed here.`);
  }
  return at;
}
