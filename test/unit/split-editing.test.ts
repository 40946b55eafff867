import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, DocumentLink, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFixture, type Fixture } from './features/fixture';
import { LspSession } from './lspSession';

/*
 * Editing across a charm's split layout over the real protocol: `npm run build`, then
 * `node dist/server.js --stdio` on a temp folder (with a space in its name) holding the
 * test/fixtures/editing/charm-split files. Rename, definition, references, completion, hover
 * and links must reach the sibling file, with proper file:// URIs.
 */

let tmp: string;
let dir: string;
let session: LspSession;
let conn: MessageConnection;

const FILES = ['charmcraft.yaml', 'metadata.yaml', 'config.yaml', 'actions.yaml'];
const fixtures = new Map<string, Fixture>(FILES.map((f) => [f, readFixture(`charm-split/${f}`)]));
const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;

function fixture(name: string): Fixture {
  const f = fixtures.get(name);
  assert.ok(f, name);
  return f;
}

function at(name: string, marker: string): { line: number; character: number } {
  const f = fixture(name);
  const offset = f.markers.get(marker);
  assert.ok(offset !== undefined, `no marker {|${marker}} in ${name}`);
  const before = f.text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('x', 'yaml', 1, text);
  return TextDocument.applyEdits(doc, edits);
}

const openDoc = (name: string): Promise<void> => session.open(uri(name), fixture(name).text);

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'split-editing-'));
  dir = path.join(tmp, 'my charm');
  fs.mkdirSync(dir);
  for (const f of FILES) fs.writeFileSync(path.join(dir, f), fixture(f).text);
  ({ session } = await LspSession.start({ root: dir, name: 'split' }));
  conn = session.conn;
  await openDoc('charmcraft.yaml');
  await openDoc('metadata.yaml');
});

after(async () => {
  await session?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

void test('rename across files: one WorkspaceEdit with changes for charmcraft.yaml and metadata.yaml, by their file:// URIs', async () => {
  const doc = { uri: uri('charmcraft.yaml') };
  const prep = await conn.sendRequest<{ placeholder: string }>('textDocument/prepareRename', { textDocument: doc, position: at('charmcraft.yaml', 'res-use') });
  assert.equal(prep.placeholder, 'wiki-image');
  const edit = await conn.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: at('charmcraft.yaml', 'res-use'), newName: 'wiki-oci' });
  assert.ok(uri('metadata.yaml').includes('my%20charm'), uri('metadata.yaml'));
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [uri('charmcraft.yaml'), uri('metadata.yaml')].sort());
  const charm = applyEdits(fixture('charmcraft.yaml').text, edit.changes?.[uri('charmcraft.yaml')] ?? []);
  const meta = applyEdits(fixture('metadata.yaml').text, edit.changes?.[uri('metadata.yaml')] ?? []);
  assert.match(charm, /\n {4}resource: wiki-oci\n/);
  assert.match(meta, /resources:\n {2}wiki-oci:\n/);
  assert.match(meta, /indexer:\n {4}resource: wiki-oci\n/);
  assert.doesNotMatch(`${charm}${meta}`, /wiki-image/);
  // From metadata.yaml the other way round: the storage mounted in charmcraft.yaml.
  const fromMeta = await conn.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri('metadata.yaml') }, position: at('metadata.yaml', 'cache-use'), newName: 'scratch' });
  assert.equal(fromMeta.changes?.[uri('charmcraft.yaml')]?.length, 1);
  assert.equal(fromMeta.changes?.[uri('metadata.yaml')]?.length, 1);
});

void test('definition and references across files over the protocol', async () => {
  const def = await conn.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uri('charmcraft.yaml') }, position: at('charmcraft.yaml', 'st-use') });
  assert.deepEqual(def.map((l) => [l.uri, l.range.start.line]), [[uri('metadata.yaml'), at('metadata.yaml', 'st-def').line]]);
  const refs = await conn.sendRequest<Location[]>('textDocument/references', {
    textDocument: { uri: uri('metadata.yaml') }, position: at('metadata.yaml', 'res-def'), context: { includeDeclaration: true },
  });
  assert.deepEqual(refs.map((l) => l.uri.split('/').pop()).sort(), ['charmcraft.yaml', 'metadata.yaml', 'metadata.yaml']);
});

void test('completion sees an unsaved edit of the sibling; hover says where a name is declared', async () => {
  const text = fixture('metadata.yaml').text.replace('resources:\n', 'resources:\n  search-image:\n    type: oci-image\n');
  await session.change(uri('metadata.yaml'), text);
  const list = await conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: uri('charmcraft.yaml') }, position: at('charmcraft.yaml', 'res-new') });
  assert.deepEqual(list.items.map((i) => i.label).sort(), ['backup-tool', 'search-image', 'wiki-image']);
  const hover = await conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: uri('charmcraft.yaml') }, position: at('charmcraft.yaml', 'res-use') });
  assert.match((hover.contents as { value: string }).value, /Resource `wiki-image`, defined on line 7 of metadata\.yaml\./);
});

void test('document links between charmcraft.yaml and its split files over the protocol', async () => {
  const links = await conn.sendRequest<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uri('charmcraft.yaml') } });
  assert.deepEqual(links.map((l) => l.target).sort(), [uri('actions.yaml'), uri('config.yaml'), uri('metadata.yaml')].sort());
  await openDoc('config.yaml');
  const back = await conn.sendRequest<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uri('config.yaml') } });
  assert.deepEqual(back.map((l) => l.target), [uri('charmcraft.yaml')]);
  const hover = await conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: uri('config.yaml') }, position: at('config.yaml', 'opt') });
  assert.match((hover.contents as { value: string }).value, /^\*\*`port`\*\* · config option · `int`/);
  assert.doesNotMatch(session.stderr, /failed|uncaught|unhandled/i);
});
