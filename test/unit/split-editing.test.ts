import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, DocumentLink, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO } from './helpers';
import { readFixture, type Fixture } from './features/fixture';

/*
 * Editing across a charm's split layout over the real protocol: `npm run build`, then
 * `node dist/server.js --stdio` on a temp folder (with a space in its name) holding the
 * test/fixtures/editing/charm-split files. Rename, definition, references, completion, hover
 * and links must reach the sibling file, with proper file:// URIs.
 */

let tmp: string;
let dir: string;
let server: ChildProcess;
let conn: MessageConnection;
let stderr = '';

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

/** The bundle, copied once complete (other test files may be rebuilding dist/ at the same time). */
function builtServer(): string {
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  const copy = path.join(tmp, '.server', 'server.js');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  for (let attempt = 0; attempt < 50; attempt++) {
    const text = fs.readFileSync(path.join(REPO, 'dist', 'server.js'), 'utf8');
    if (/\/\/# sourceMappingURL=server\.js\.map\s*$/.test(text) || /\nmain\(\);?\s*$/.test(text)) {
      fs.writeFileSync(copy, text);
      return copy;
    }
    execFileSync(process.execPath, ['-e', 'setTimeout(() => {}, 100)']);
  }
  throw new Error('dist/server.js never looked complete');
}

async function openDoc(name: string, text = fixture(name).text, version = 1): Promise<void> {
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'yaml', version, text } });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'split-editing-'));
  dir = path.join(tmp, 'my charm');
  fs.mkdirSync(dir);
  for (const f of FILES) fs.writeFileSync(path.join(dir, f), fixture(f).text);
  const bundle = builtServer();
  server = spawn(process.execPath, [bundle, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'split' }], capabilities: {},
  });
  await conn.sendNotification('initialized', {});
  await openDoc('charmcraft.yaml');
  await openDoc('metadata.yaml');
});

after(async () => {
  try {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } catch {
    // the server may already be gone
  }
  conn?.dispose();
  if (server && server.exitCode === null) server.kill();
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
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri('metadata.yaml'), version: 2 }, contentChanges: [{ text }] });
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
  assert.doesNotMatch(stderr, /failed|uncaught|unhandled/i);
});
