import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspSession } from './lspSession';

/*
 * The split layout over the real protocol: `npm run build`, then `node dist/server.js --stdio`
 * on a temp folder holding charmcraft.yaml, metadata.yaml and config.yaml. Editing one of them
 * (unsaved, in the editor) must update the diagnostics published for the others.
 */

let tmp: string;
let session: LspSession;

const CHARM = 'name: demo\ntype: charm\nsummary: Demo.\ndescription: A demo.\nbase: ubuntu@22.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n    source: .\n';
const META = 'name: demo\nrequires:\n  db:\n    interface: pgsql\n';
const CONFIG = 'options:\n  port:\n    type: int\n    default: 8080\n';

const uri = (name: string): string => pathToFileURL(path.join(tmp, name)).href;
const codes = (list: Diagnostic[]): string[] => list.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);

/** Resolves with the next diagnostics published for `name` that satisfy `ok` (or the current ones). */
const diagnosticsOf = (name: string, ok: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> => session.diagnostics(uri(name), ok, what);

const has = (code: string, line?: number) => (d: Diagnostic[]): boolean => d.some((x) => x.code === code && (line === undefined || x.range.start.line + 1 === line));
const lacks = (code: string) => (d: Diagnostic[]): boolean => !d.some((x) => x.code === code);

const open = (name: string, text: string): Promise<void> => session.open(uri(name), text);
/** An unsaved edit: the whole text replaced. */
const edit = (name: string, text: string): Promise<void> => session.change(uri(name), text);

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'split-lsp-'));
  fs.writeFileSync(path.join(tmp, 'charmcraft.yaml'), CHARM);
  fs.writeFileSync(path.join(tmp, 'metadata.yaml'), META);
  fs.writeFileSync(path.join(tmp, 'config.yaml'), CONFIG);
  ({ session } = await LspSession.start({ root: tmp, name: 'split' }));
});

after(async () => {
  await session?.stop();
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
  await session.close(uri('charmcraft.yaml'));
  // The file on disk still has `name:`.
  await diagnosticsOf('metadata.yaml', has('duplicated-in-metadata', 1), 'the disk charmcraft.yaml has a name');
});
