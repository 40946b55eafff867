import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { LanguageService } from '../../../server/src/service';
import { NodeFs } from '../../../server/src/nodeFs';
import { EDITING } from './fixture';

/** Opens a fixture from disk, with the real file system around it. */
function openOnDisk(rel: string): { service: LanguageService; parsed: NonNullable<ReturnType<LanguageService['parse']>> } {
  const file = path.join(EDITING, rel).split(path.sep).join('/');
  const service = new LanguageService({ fs: new NodeFs() });
  const parsed = service.parse({ uri: `file://${file}`, path: file, text: fs.readFileSync(file, 'utf8'), version: 1 });
  assert.ok(parsed);
  return { service, parsed };
}

void test('links for local part sources that exist, resolved against the file\'s folder', () => {
  const { service, parsed } = openOnDisk('rock-links/rockcraft.yaml');
  const links = service.documentLinks(parsed);
  const dir = path.join(EDITING, 'rock-links').split(path.sep).join('/');
  assert.deepEqual(links.map((l) => [parsed.lines.getText(l.range), l.target]), [
    ['app', `file://${encodeURI(`${dir}/app`)}`],
    ['./config/', `file://${encodeURI(`${dir}/config`)}`],
  ]);
  // `.`, a missing folder and a URL get no link.
  for (const l of links) assert.ok(!['.', 'not-there'].includes(parsed.lines.getText(l.range)));
});

void test('a charmcraft.yaml without `name` links to the metadata.yaml it relies on', () => {
  const { service, parsed } = openOnDisk('charm-legacy/charmcraft.yaml');
  const links = service.documentLinks(parsed);
  assert.equal(links.length, 1);
  assert.equal(parsed.lines.getText(links[0].range), 'type');
  assert.ok(links[0].target?.endsWith('/charm-legacy/metadata.yaml'));
  const named = openOnDisk('charm-jenkins/charmcraft.yaml');
  // It has a name, and its `source: templates` folder is not part of the fixture: no links.
  assert.deepEqual(named.service.documentLinks(named.parsed), []);
});
