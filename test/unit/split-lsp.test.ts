import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { REPO } from './helpers';

/*
 * The split layout over the real protocol: `npm run build`, then `node dist/server.js --stdio`
 * on a temp folder holding charmcraft.yaml, metadata.yaml and config.yaml. Editing one of them
 * (unsaved, in the editor) must update the diagnostics published for the others.
 */

let tmp: string;
let server: ChildProcess;
let conn: MessageConnection;
let stderr = '';
const latest = new Map<string, Diagnostic[]>();
const watchers: { uri: string; ok: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
const versions = new Map<string, number>();

const CHARM = 'name: demo\ntype: charm\nsummary: Demo.\ndescription: A demo.\nbase: ubuntu@22.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n    source: .\n';
const META = 'name: demo\nrequires:\n  db:\n    interface: pgsql\n';
const CONFIG = 'options:\n  port:\n    type: int\n    default: 8080\n';

const uri = (name: string): string => pathToFileURL(path.join(tmp, name)).href;
const codes = (list: Diagnostic[]): string[] => list.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);

/**
 * The bundle, copied out of dist/ once complete: other test files run `npm run build` at the
 * same time, and a half-written dist/server.js must not be what this test starts.
 */
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

/** Resolves with the next diagnostics published for `name` that satisfy `ok` (or the current ones). */
function diagnosticsOf(name: string, ok: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
  const u = uri(name);
  const have = latest.get(u);
  if (have && ok(have)) return Promise.resolve(have);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no diagnostics where ${what} within 10 s; last: ${codes(latest.get(u) ?? []).join(', ')}\n${stderr}`)), 10_000);
    watchers.push({ uri: u, ok, resolve: (d) => { clearTimeout(timer); resolve(d); } });
  });
}

const has = (code: string, line?: number) => (d: Diagnostic[]): boolean => d.some((x) => x.code === code && (line === undefined || x.range.start.line + 1 === line));
const lacks = (code: string) => (d: Diagnostic[]): boolean => !d.some((x) => x.code === code);

async function open(name: string, text: string): Promise<void> {
  versions.set(name, 1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'yaml', version: 1, text } });
}

/** Replaces the whole text of an open document, as an editor does on an unsaved edit. */
async function edit(name: string, text: string): Promise<void> {
  const version = (versions.get(name) ?? 1) + 1;
  versions.set(name, version);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version }, contentChanges: [{ text }] });
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'split-lsp-'));
  fs.writeFileSync(path.join(tmp, 'charmcraft.yaml'), CHARM);
  fs.writeFileSync(path.join(tmp, 'metadata.yaml'), META);
  fs.writeFileSync(path.join(tmp, 'config.yaml'), CONFIG);
  const bundle = builtServer();
  server = spawn(process.execPath, [bundle, '--stdio'], { cwd: tmp, stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    latest.set(p.uri, p.diagnostics);
    for (let i = watchers.length - 1; i >= 0; i--) {
      const w = watchers[i];
      if (w.uri === p.uri && w.ok(p.diagnostics)) {
        watchers.splice(i, 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: pathToFileURL(tmp).href, workspaceFolders: [{ uri: pathToFileURL(tmp).href, name: 'split' }], capabilities: {},
  });
  await conn.sendNotification('initialized', {});
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

void test('opening both files: the duplicated name is reported on each side', async () => {
  await open('charmcraft.yaml', CHARM);
  await open('metadata.yaml', META);
  await diagnosticsOf('metadata.yaml', has('duplicated-in-metadata', 1), 'name is duplicated');
  await diagnosticsOf('charmcraft.yaml', has('duplicated-in-metadata', 1), 'name is duplicated');
});

void test('an unsaved edit of charmcraft.yaml revalidates metadata.yaml', async () => {
  await edit('charmcraft.yaml', CHARM.replace('name: demo\n', ''));
  const meta = await diagnosticsOf('metadata.yaml', lacks('duplicated-in-metadata'), 'the duplicate is gone');
  assert.deepEqual(codes(meta), []);
  await diagnosticsOf('charmcraft.yaml', lacks('duplicated-in-metadata'), 'the duplicate is gone');
  // Putting the name back brings the error back on the other side, without saving.
  await edit('charmcraft.yaml', CHARM);
  await diagnosticsOf('metadata.yaml', has('duplicated-in-metadata', 1), 'the duplicate is back');
});

void test('an unsaved edit of metadata.yaml revalidates charmcraft.yaml', async () => {
  await edit('metadata.yaml', `${META}summary: Also here.\n`);
  const charm = await diagnosticsOf('charmcraft.yaml', has('duplicated-in-metadata', 3), 'summary is duplicated');
  assert.ok(charm.some((d) => d.code === 'duplicated-in-metadata' && d.range.start.line === 0), codes(charm).join(', '));
  await diagnosticsOf('metadata.yaml', has('duplicated-in-metadata', 5), 'summary is duplicated');
  await edit('metadata.yaml', META);
  await diagnosticsOf('charmcraft.yaml', (d) => codes(d).join() === 'duplicated-in-metadata@1', 'only the name is duplicated');
});

void test('config.yaml follows the config section of charmcraft.yaml', async () => {
  await open('config.yaml', CONFIG);
  await diagnosticsOf('config.yaml', (d) => d.length === 0, 'config.yaml is clean');
  await edit('charmcraft.yaml', `${CHARM}config:\n  options: {}\n`);
  const config = await diagnosticsOf('config.yaml', has('duplicated-in-file', 1), 'config is in both');
  assert.match(String(config[0].message), /^Cannot specify 'config' section in 'charmcraft.yaml' when 'config.yaml' exists/);
  await diagnosticsOf('charmcraft.yaml', has('duplicated-in-file', 12), 'config is in both');
  await edit('charmcraft.yaml', CHARM);
  await diagnosticsOf('config.yaml', (d) => d.length === 0, 'config.yaml is clean again');
});

void test('closing an edited file falls back to the disk version for the others', async () => {
  await edit('charmcraft.yaml', CHARM.replace('name: demo\n', ''));
  await diagnosticsOf('metadata.yaml', lacks('duplicated-in-metadata'), 'the edited charmcraft.yaml has no name');
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri('charmcraft.yaml') } });
  // The file on disk still has `name:`.
  await diagnosticsOf('metadata.yaml', has('duplicated-in-metadata', 1), 'the disk charmcraft.yaml has a name');
});
