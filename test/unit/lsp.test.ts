import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type {
  CodeAction, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, SelectionRange, WorkspaceEdit,
} from 'vscode-languageserver-types';
import { runSafe } from '../../server/src/handlers/util';
import type { ServerContext } from '../../server/src/server';
import { REPO } from './helpers';
import { EDITING, readFixture } from './features/fixture';
import { LspSession } from './lspSession';

/*
 * The language server over the real protocol: `npm run build`, then `node dist/server.js
 * --stdio`, driven like an editor. Every request the editing features answer is exercised.
 */

let session: LspSession;
let conn: MessageConnection;

const uriOf = (rel: string): string => pathToFileURL(path.join(EDITING, rel)).href;
const coredns = readFixture('rock-coredns/rockcraft.yaml');
const corednsUri = uriOf('rock-coredns/rockcraft.yaml');
const flask = readFixture('rock-flask/rockcraft.yaml');
const flaskUri = uriOf('rock-flask/rockcraft.yaml');
const legacy = readFixture('rock-legacy/rockcraft.yaml');
const legacyUri = uriOf('rock-legacy/rockcraft.yaml');
const linksUri = uriOf('rock-links/rockcraft.yaml');

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function marker(f: ReturnType<typeof readFixture>, name: string): { line: number; character: number } {
  const offset = f.markers.get(name);
  assert.ok(offset !== undefined, name);
  return position(f.text, offset);
}

/** The diagnostics last published for `uri`, or the first ones to come. */
const published = (uri: string): Promise<Diagnostic[]> => session.diagnostics(uri);

async function openDoc(uri: string, text: string): Promise<Diagnostic[]> {
  await session.open(uri, text);
  return published(uri);
}

void before(async () => {
  const started = await LspSession.start({
    root: EDITING, name: 'editing', cwd: REPO, capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
  });
  session = started.session;
  conn = session.conn;
  const caps = started.init.capabilities;
  for (const cap of [
    'completionProvider', 'hoverProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider',
    'definitionProvider', 'referencesProvider', 'renameProvider', 'codeActionProvider', 'documentLinkProvider',
  ]) {
    assert.ok(caps[cap], `capability ${cap}`);
  }
});

void after(async () => {
  await session?.stop();
});

void test('publishDiagnostics on open, with codes and fix data', async () => {
  const list = await openDoc(legacyUri, legacy.text);
  const codes = list.map((d) => String(d.code));
  for (const c of ['unknown-key', 'deprecated-value', 'alias-key', 'removed-key']) assert.ok(codes.includes(c), `${c} in ${codes.join(', ')}`);
  assert.ok(list.every((d) => d.source === '12-factor'));
  assert.deepEqual(list.find((d) => d.code === 'deprecated-value')?.data, { replacement: 'ubuntu@22.04' });
});

void test('completion, hover and code actions over the protocol', async () => {
  await openDoc(flaskUri, flask.text);
  const completion = await conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: flaskUri }, position: marker(flask, 'svc-after') });
  const labels = completion.items.map((i) => i.label);
  assert.ok(labels.includes('worker') && labels.includes('statsd-exporter'), labels.join(', '));

  await openDoc(corednsUri, coredns.text);
  const hover = await conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: corednsUri }, position: marker(coredns, 'base-value') });
  assert.match((hover.contents as { value: string }).value, /^\*\*`base: bare`\*\*/);

  const deprecated = (await published(legacyUri)).find((d) => d.code === 'deprecated-value');
  assert.ok(deprecated);
  const actions = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: legacyUri }, range: deprecated.range, context: { diagnostics: [deprecated] },
  });
  assert.equal(actions[0].title, 'Replace with `ubuntu@22.04`');
  assert.equal(actions[0].edit?.changes?.[legacyUri]?.[0].newText, 'ubuntu@22.04');
});

void test('outline, folding and selection ranges over the protocol', async () => {
  await openDoc(corednsUri, coredns.text);
  const symbols = await conn.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: corednsUri } });
  assert.deepEqual(symbols.find((s) => s.name === 'parts')?.children?.map((c) => c.name), ['openssl', 'coredns', 'corefile']);
  const folds = await conn.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: corednsUri } });
  assert.ok(folds.length >= 10);
  const [sel] = await conn.sendRequest<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: corednsUri }, positions: [marker(coredns, 'part-use')] });
  assert.ok(sel.parent?.parent, 'a chain of ranges');
});

void test('definition, references, prepareRename and rename over the protocol; rename refused off a name', async () => {
  await openDoc(corednsUri, coredns.text);
  const doc = { uri: corednsUri };
  const def = await conn.sendRequest<Location[]>('textDocument/definition', { textDocument: doc, position: marker(coredns, 'part-use') });
  assert.deepEqual(def.map((l) => l.range.start.line), [marker(coredns, 'part-def').line]);
  const refs = await conn.sendRequest<Location[]>('textDocument/references', { textDocument: doc, position: marker(coredns, 'part-def'), context: { includeDeclaration: true } });
  assert.equal(refs.length, 3);
  const prep = await conn.sendRequest<{ placeholder: string }>('textDocument/prepareRename', { textDocument: doc, position: marker(coredns, 'eps') });
  assert.equal(prep.placeholder, 'coredns');
  const edit = await conn.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: marker(coredns, 'eps'), newName: 'dns' });
  assert.equal(edit.changes?.[corednsUri]?.length, 2);
  await assert.rejects(
    conn.sendRequest('textDocument/prepareRename', { textDocument: doc, position: marker(coredns, 'override') }),
    (e: unknown) => e instanceof ResponseError && /can be renamed here/.test(e.message),
  );
});

void test('document links over the protocol', async () => {
  const file = path.join(EDITING, 'rock-links', 'rockcraft.yaml');
  await openDoc(linksUri, fs.readFileSync(file, 'utf8'));
  const links = await conn.sendRequest<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: linksUri } });
  assert.deepEqual(links.map((l) => l.target?.split('/').slice(-2).join('/')), ['rock-links/app', 'rock-links/config']);
});

void test('a request cancelled right after it is sent is answered or cancelled, never failed; the server stays healthy', async () => {
  const source = new CancellationTokenSource();
  const pending = conn.sendRequest('textDocument/hover', { textDocument: { uri: corednsUri }, position: marker(coredns, 'base-value') }, source.token);
  source.cancel();
  // Whether the cancel arrives before the work runs is a race: answered or cancelled, nothing else.
  const outcome = await pending.then(() => 'answered', (e: unknown) => (e instanceof ResponseError ? e.code : String(e)));
  assert.ok(outcome === 'answered' || outcome === LSPErrorCodes.RequestCancelled, String(outcome));
  const hover = await conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: corednsUri }, position: marker(coredns, 'eps') });
  assert.ok(hover);
  assert.doesNotMatch(session.stderr, /uncaught|unhandled/i);
});

// The safe runner, without a connection: cancellation, user errors, internal errors.
function fakeContext(logged: string[]): ServerContext {
  return { log: (m: string) => logged.push(m) } as unknown as ServerContext;
}

void test('runSafe: a cancelled token gives RequestCancelled, an internal error a logged safe default', async () => {
  const logged: string[] = [];
  const ctx = fakeContext(logged);
  const cancelled = await runSafe(ctx, 'hover', { isCancellationRequested: true, onCancellationRequested: () => ({ dispose: () => undefined }) }, null, () => 'never');
  assert.ok(cancelled instanceof ResponseError);
  assert.equal(cancelled.code, LSPErrorCodes.RequestCancelled);
  const failed = await runSafe(ctx, 'completion', undefined, [] as string[], () => {
    throw new Error('boom');
  });
  assert.deepEqual(failed, []);
  assert.match(logged[0], /^completion failed: Error: boom/);
  assert.equal(await runSafe(ctx, 'x', undefined, 0, () => 42), 42);
});
