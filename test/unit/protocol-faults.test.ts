/**
 * Protocol faults against the real server (`dist/server.js --stdio`): every request gets an
 * answer (a result or a proper error), the server keeps running, and it goes away with its
 * client.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import { CLIENT_CAPABILITIES, LspClient, ResponseError, configurationAnswerer } from '../fuzz/lspClient';
import { REPO } from './helpers';
import { builtServer } from './lspSession';

// A copy of the freshly built dist/server.js (see lspSession.ts), set before the tests.
let SERVER = '';
const ANSWER_MS = 5_000;

const ROCK = `name: fault-rock
base: ubuntu@24.04
version: '0.1'
summary: A rock for tests
description: A rock for the protocol-fault tests.
license: Apache-2.0
platforms:
  amd64:
parts:
  app:
    plugin: nil
services:
  web:
    override: replace
    command: /bin/web
`;

const clients: LspClient[] = [];
before(async () => {
  SERVER = await builtServer();
});
after(() => {
  for (const c of clients) c.kill();
});

function spawnServer(): LspClient {
  assert.ok(fs.existsSync(SERVER), 'dist/server.js exists (npm run build)');
  const c = new LspClient(process.execPath, [SERVER, '--stdio'], { cwd: REPO, onServerRequest: configurationAnswerer({ twelveFactor: {} }) });
  clients.push(c);
  return c;
}

async function started(processId: number | null = process.pid): Promise<{ client: LspClient; capabilities: Record<string, unknown> }> {
  const client = spawnServer();
  const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId, rootUri: null, capabilities: CLIENT_CAPABILITIES }, ANSWER_MS);
  client.notify('initialized', {});
  return { client, capabilities: init.capabilities };
}

type Outcome = { ok: true; result: unknown } | { ok: false; code: number; message: string };

/** Sends a request and returns its answer, failing the test if there is none within ANSWER_MS. */
async function ask(client: LspClient, method: string, params: unknown): Promise<Outcome> {
  try {
    return { ok: true, result: await client.request(method, params, ANSWER_MS) };
  } catch (e) {
    if (e instanceof ResponseError) return { ok: false, code: e.error.code, message: e.error.message };
    throw e;
  }
}

/** The document requests the server announced, with params at `position`. */
function documentRequests(capabilities: Record<string, unknown>, uri: string, position: unknown): [string, unknown][] {
  const td = { textDocument: { uri } };
  const at = { ...td, position };
  const out: [string, unknown][] = [];
  const has = (k: string): boolean => !!capabilities[k];
  if (has('completionProvider')) out.push(['textDocument/completion', at]);
  if (has('hoverProvider')) out.push(['textDocument/hover', at]);
  if (has('definitionProvider')) out.push(['textDocument/definition', at]);
  if (has('referencesProvider')) out.push(['textDocument/references', { ...at, context: { includeDeclaration: true } }]);
  if (has('documentSymbolProvider')) out.push(['textDocument/documentSymbol', td]);
  if (has('foldingRangeProvider')) out.push(['textDocument/foldingRange', td]);
  if (has('selectionRangeProvider')) out.push(['textDocument/selectionRange', { ...td, positions: [position] }]);
  if (has('documentLinkProvider')) out.push(['textDocument/documentLink', td]);
  if (has('codeActionProvider')) out.push(['textDocument/codeAction', { ...td, range: { start: position, end: position }, context: { diagnostics: [] } }]);
  if (has('renameProvider')) {
    out.push(['textDocument/prepareRename', at]);
    out.push(['textDocument/rename', { ...at, newName: 'other' }]);
  }
  return out;
}

/** A request that failed only because the position is not a name (rename) is a proper answer. */
const INTERNAL_ERROR = -32603;

async function assertAlive(client: LspClient, capabilities: Record<string, unknown>, expectedStrays: string[] = []): Promise<void> {
  const uri = 'file:///faults/alive/rockcraft.yaml';
  const wait = client.nextDiagnostics(uri, ANSWER_MS);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: ROCK } });
  const { params } = await wait;
  assert.equal(params.version, 1);
  if (capabilities.hoverProvider) {
    const h = await ask(client, 'textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
    assert.ok(h.ok, 'hover on a valid document still works');
  }
  client.notify('textDocument/didClose', { textDocument: { uri } });
  assert.ok(client.alive, 'the server is still running');
  assert.deepEqual(client.violations, expectedStrays, 'the server sent only well-formed messages, each answering a request');
}

void test('requests for documents that are unknown, closed or not ours get an answer', async () => {
  const { client, capabilities } = await started();
  const unknown = 'file:///faults/never-opened/rockcraft.yaml';
  const closed = 'file:///faults/closed/rockcraft.yaml';
  const other = 'file:///faults/other/values.yaml';
  client.notify('textDocument/didOpen', { textDocument: { uri: closed, languageId: 'yaml', version: 1, text: ROCK } });
  client.notify('textDocument/didClose', { textDocument: { uri: closed } });
  client.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'a: [1, 2]\n' } });
  for (const uri of [unknown, closed, other, 'untitled:Untitled-1', 'not a uri at all']) {
    for (const [method, params] of documentRequests(capabilities, uri, { line: 1, character: 2 })) {
      const a = await ask(client, method, params);
      assert.ok(a.ok || a.code !== INTERNAL_ERROR, `${method} on ${uri}: ${a.ok ? '' : a.message}`);
    }
  }
  await assertAlive(client, capabilities);
  await client.stop();
});

void test('positions out of range are clamped, not errors', async () => {
  const { client, capabilities } = await started();
  const uri = 'file:///faults/range/rockcraft.yaml';
  const text = ROCK.replace('A rock for tests', 'A rock 😀 for tests').replace(/\n/g, '\r\n');
  const wait = client.nextDiagnostics(uri, ANSWER_MS);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await wait;
  const positions = [
    { line: 0, character: 10_000 }, // past the end of a line
    { line: 10_000, character: 0 }, // past the last line
    { line: 3, character: 17 }, // inside a surrogate pair
    { line: 0, character: 18 }, // between \r and \n
    { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
  ];
  for (const position of positions) {
    for (const [method, params] of documentRequests(capabilities, uri, position)) {
      const a = await ask(client, method, params);
      const renameRefusal = !a.ok && method.includes('ename') && a.code !== INTERNAL_ERROR;
      assert.ok(a.ok || renameRefusal, `${method} at ${JSON.stringify(position)}: ${a.ok ? '' : `${a.code} ${a.message}`}`);
    }
  }
  // Edits with ranges past the end are clamped too (the client and the server then agree).
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, text: '# appended\n' }] });
  const after2 = client.nextDiagnostics(uri, ANSWER_MS);
  client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 2, character: 400 }, end: { line: 1, character: 0 } }, text: '' }] });
  const { params } = await after2;
  assert.ok(params.version === 2 || params.version === 3);
  await assertAlive(client, capabilities);
  await client.stop();
});

void test('invalid params and unknown methods get errors, and the server keeps going', async () => {
  const { client, capabilities } = await started();
  const uri = 'file:///faults/params/rockcraft.yaml';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: ROCK } });
  const bad: unknown[] = [
    undefined,
    null,
    {},
    { textDocument: {} },
    { textDocument: { uri: 42 }, position: 'here' },
    { textDocument: { uri }, position: { line: -1, character: -5 } },
    { textDocument: { uri }, position: { line: 1.5, character: Number.NaN } },
    { textDocument: { uri }, position: null, positions: 'x', range: 7, context: null, newName: 3 },
    [1, 2, 3],
  ];
  for (const params of bad) {
    for (const [method] of documentRequests(capabilities, uri, { line: 0, character: 0 })) {
      // any answer will do (a result or an error): what matters is that there is one
      await ask(client, method, params);
    }
  }
  const unknownMethod = await ask(client, 'textDocument/noSuchThing', { textDocument: { uri } });
  assert.ok(!unknownMethod.ok && unknownMethod.code === -32601, 'an unknown method is MethodNotFound');
  client.notify('$/noSuchNotification', { x: 1 });
  client.notify('textDocument/didChange', { textDocument: { uri: 'file:///faults/never/rockcraft.yaml', version: 2 }, contentChanges: [{ text: 'x' }] });
  client.notify('textDocument/didClose', { textDocument: { uri: 'file:///faults/never/rockcraft.yaml' } });
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: ROCK } });
  client.notify('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [] });
  client.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: null });
  client.notify('textDocument/didOpen', null);
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///nowhere/rockcraft.yaml', type: 2 }, { uri: 42 }] });
  client.notify('workspace/didChangeConfiguration', { settings: null });
  // Frames that are not JSON-RPC at all.
  client.writeRaw('{ this is not json');
  // A request with a string id, written by hand: the client sees its answer as a response to an id it did not send.
  client.writeRaw(JSON.stringify({ jsonrpc: '2.0', id: 'str-id', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 1 } } }));
  client.writeRaw(JSON.stringify({ jsonrpc: '2.0', result: 'a response to nothing', id: 9999 }));
  client.writeRaw(JSON.stringify({ jsonrpc: '2.0' }));
  await assertAlive(client, capabilities, ['response to unknown id "str-id"']);
  await client.stop();
});

void test('cancelled requests get a result or RequestCancelled', async () => {
  const { client, capabilities } = await started();
  const uri = 'file:///faults/cancel/rockcraft.yaml';
  let big = ROCK;
  for (let i = 0; i < 2_000; i++) big += `  svc-${i}:\n    override: replace\n    command: /bin/svc-${i}\n    after: [web]\n`;
  const opened = client.nextDiagnostics(uri, ANSWER_MS * 2);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: big } });
  await opened;
  const answers: Promise<Outcome>[] = [];
  for (let round = 0; round < 5; round++) {
    for (const [method, params] of documentRequests(capabilities, uri, { line: 14, character: 6 })) {
      const id = client.peekId();
      answers.push(ask(client, method, params));
      client.notify('$/cancelRequest', { id });
    }
  }
  client.notify('$/cancelRequest', { id: 123_456 });
  client.notify('$/cancelRequest', { id: null });
  client.notify('$/cancelRequest', {});
  for (const a of await Promise.all(answers)) {
    assert.ok(a.ok || a.code === -32800 || a.code !== INTERNAL_ERROR, a.ok ? '' : `${a.code} ${a.message}`);
  }
  assert.equal(client.outstanding, 0);
  await assertAlive(client, capabilities);
  await client.stop();
});

void test('before initialize a request gets ServerNotInitialized; after shutdown, an answer', async () => {
  const client = spawnServer();
  const early = await ask(client, 'textDocument/hover', { textDocument: { uri: 'file:///x/rockcraft.yaml' }, position: { line: 0, character: 0 } });
  assert.ok(!early.ok && early.code === -32002, 'ServerNotInitialized before initialize');
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, ANSWER_MS);
  client.notify('initialized', {});
  await client.request('shutdown', null, ANSWER_MS);
  // The protocol says "should error with InvalidRequest"; vscode-languageserver still answers: an answer is what counts here.
  await ask(client, 'textDocument/hover', { textDocument: { uri: 'file:///x/rockcraft.yaml' }, position: { line: 0, character: 0 } });
  client.notify('exit');
  const { code } = await client.exited;
  assert.equal(code, 0, 'exit after shutdown is a clean exit');
});

void test('exit without shutdown exits with status 1', async () => {
  const { client } = await started();
  client.notify('exit');
  const { code } = await client.exited;
  assert.equal(code, 1);
});

function exitsWithin(client: LspClient, ms: number): Promise<boolean> {
  return Promise.race([client.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

void test('the server exits when its client process (processId) dies', async () => {
  const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  assert.ok(parent.pid);
  const { client } = await started(parent.pid);
  assert.ok(client.alive);
  parent.kill('SIGKILL');
  assert.ok(await exitsWithin(client, 10_000), 'the server exits within 10 s of its client process');
});

void test('the server exits when stdin closes', async () => {
  const { client } = await started();
  client.child.stdin?.end();
  assert.ok(await exitsWithin(client, 10_000), 'the server exits within 10 s of losing stdin');
});
