import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CompletionItem, Location, TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../../server/src/service';
import { caret, MemoryFs } from '../helpers';
import { applyEdits, expandSnippet, labels, openInFolder, readFixture, type Opened } from './fixture';

/*
 * Editing across a charm's split layout: charmcraft.yaml and the metadata.yaml, config.yaml
 * and actions.yaml beside it (test/fixtures/editing/charm-split*), plus the names a 12-factor
 * charm extension injects.
 */

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no completion "${label}" among: ${labels(items).join(', ')}`);
  return found;
}

function hoverText(o: Opened, marker: string): string {
  const h = o.service.hover(o.parsed, o.at(marker));
  assert.ok(h, `no hover at {|${marker}}`);
  return (h.contents as { value: string }).value;
}

/** `file:line:text` of each location, the file by its name. */
function where(locs: Location[], ...opened: Opened[]): string[] {
  return locs.map((l) => {
    const o = opened.find((x) => x.parsed.uri === l.uri);
    assert.ok(o, `location in an unexpected file: ${l.uri}`);
    return `${o.fixture.path.split('/').pop()}:${l.range.start.line + 1}:${o.parsed.lines.getText(l.range)}`;
  });
}

void test('split completion: a container\'s resource and mount storage offer names from metadata.yaml and charmcraft.yaml', () => {
  const charm = openInFolder('charm-split/charmcraft.yaml');
  const resources = charm.service.complete(charm.parsed, charm.at('res-new')).items;
  assert.deepEqual(labels(resources).sort(), ['backup-tool', 'wiki-image']);
  assert.equal(item(resources, 'wiki-image').detail, 'resource (metadata.yaml)');
  const storage = charm.service.complete(charm.parsed, charm.at('st-new')).items;
  assert.deepEqual(labels(storage).sort(), ['cache', 'pages']);
  assert.equal(item(storage, 'cache').detail, 'storage');
  assert.equal(item(storage, 'pages').detail, 'storage (metadata.yaml)');
  // And the other way round: metadata.yaml mounts storage declared in charmcraft.yaml.
  const meta = openInFolder('charm-split/metadata.yaml');
  const fromMeta = meta.service.complete(meta.parsed, meta.at('cache-use')).items;
  assert.equal(item(fromMeta, 'cache').detail, 'storage (charmcraft.yaml)');
  assert.ok(labels(fromMeta).includes('pages'));
});

void test('split go to definition: charmcraft.yaml → metadata.yaml and back', () => {
  const charm = openInFolder('charm-split/charmcraft.yaml');
  const meta = openInFolder('charm-split/metadata.yaml');
  assert.deepEqual(where(charm.service.definition(charm.parsed, charm.at('res-use')), charm, meta), ['metadata.yaml:5:wiki-image']);
  assert.deepEqual(where(charm.service.definition(charm.parsed, charm.at('st-use')), charm, meta), ['metadata.yaml:12:pages']);
  assert.deepEqual(where(meta.service.definition(meta.parsed, meta.at('cache-use')), charm, meta), ['charmcraft.yaml:22:cache']);
});

void test('split references: from a definition or a use, in both files', () => {
  const charm = openInFolder('charm-split/charmcraft.yaml');
  const meta = openInFolder('charm-split/metadata.yaml');
  const fromDef = where(meta.service.references(meta.parsed, meta.at('res-def'), true), charm, meta);
  assert.deepEqual(fromDef.sort(), ['charmcraft.yaml:12:wiki-image', 'metadata.yaml:17:wiki-image', 'metadata.yaml:5:wiki-image']);
  const fromUse = where(charm.service.references(charm.parsed, charm.at('res-use'), false), charm, meta);
  assert.deepEqual(fromUse.sort(), ['charmcraft.yaml:12:wiki-image', 'metadata.yaml:17:wiki-image']);
});

void test('split rename: one WorkspaceEdit changes both files; taken names in the sibling are refused', () => {
  const charm = openInFolder('charm-split/charmcraft.yaml');
  const meta = openInFolder('charm-split/metadata.yaml');
  const prep = charm.service.prepareRename(charm.parsed, charm.at('st-use'));
  assert.equal(prep.placeholder, 'pages');
  const edit = charm.service.rename(charm.parsed, charm.at('st-use'), 'wiki-pages');
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [charm.parsed.uri, meta.parsed.uri].sort());
  const charmAfter = applyEdits(charm.fixture.text, charm.parsed, edit.changes?.[charm.parsed.uri] as TextEdit[]);
  const metaAfter = applyEdits(meta.fixture.text, meta.parsed, edit.changes?.[meta.parsed.uri] as TextEdit[]);
  assert.match(charmAfter, /- storage: wiki-pages\n {8}location: \/var\/lib\/wiki/);
  assert.match(metaAfter, /storage:\n {2}wiki-pages:\n {4}type: filesystem/);
  // From the definition in metadata.yaml: the uses in both files follow.
  const res = meta.service.rename(meta.parsed, meta.at('res-def'), 'wiki-oci');
  assert.equal(res.changes?.[meta.parsed.uri]?.length, 2);
  assert.equal(res.changes?.[charm.parsed.uri]?.length, 1);
  assert.throws(() => charm.service.rename(charm.parsed, charm.at('res-use'), 'backup-tool'), /named `backup-tool` already exists in metadata\.yaml/);
});

void test('split rename with file URIs: the sibling gets a file:// URI built like the document\'s (spaces encoded)', () => {
  const dir = '/home/me/my charm';
  const charm = readFixture('charm-split/charmcraft.yaml');
  const meta = readFixture('charm-split/metadata.yaml');
  const service = new LanguageService({ fs: MemoryFs.of({ [`${dir}/charmcraft.yaml`]: charm.text, [`${dir}/metadata.yaml`]: meta.text }) });
  const uri = 'file:///home/me/my%20charm/charmcraft.yaml';
  const parsed = service.parse({ uri, path: `${dir}/charmcraft.yaml`, text: charm.text, version: 1 });
  assert.ok(parsed);
  const edit = service.rename(parsed, parsed.lines.positionAt(charm.markers.get('res-use') ?? -1), 'wiki-oci');
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [uri, 'file:///home/me/my%20charm/metadata.yaml']);
  const def = service.definition(parsed, parsed.lines.positionAt(charm.markers.get('st-use') ?? -1));
  assert.deepEqual(def.map((l) => l.uri), ['file:///home/me/my%20charm/metadata.yaml']);
});

void test('names a 12-factor charm extension injects: completed and hovered as injected, no definition, no rename', () => {
  const charm = openInFolder('charm-split-flask/charmcraft.yaml');
  const res = item(charm.service.complete(charm.parsed, charm.at('res')).items, 'flask-app-image');
  assert.equal(res.detail, 'resource (injected by the flask-framework extension)');
  assert.match(hoverText(charm, 'res'), /Resource `flask-app-image`, injected by the flask-framework extension/);
  assert.deepEqual(charm.service.definition(charm.parsed, charm.at('res')), []);
  assert.throws(() => charm.service.prepareRename(charm.parsed, charm.at('res')), /injected by the flask-framework extension, so it cannot be renamed/);
  assert.match(hoverText(charm, 'ctr'), /The flask-framework extension injects this container as well/);
  // From a split file too: the extension is listed in charmcraft.yaml.
  const meta = openInFolder('charm-split-flask/metadata.yaml');
  assert.equal(item(meta.service.complete(meta.parsed, meta.at('meta-res')).items, 'flask-app-image').detail, 'resource (injected by the flask-framework extension)');
  // Under `containers:`, the injected container as the extension writes it.
  const { text, line, character } = caret('name: x\ntype: charm\nbase: ubuntu@24.04\nextensions: [flask-framework]\ncontainers:\n  |\n');
  const service = new LanguageService({ fs: MemoryFs.of({ '/c/charmcraft.yaml': text }) });
  const parsed = service.parse({ uri: '/c/charmcraft.yaml', path: '/c/charmcraft.yaml', text, version: 1 });
  assert.ok(parsed);
  const ctr = item(service.complete(parsed, { line, character }).items, 'flask-app');
  assert.equal(ctr.detail, 'container injected by the flask-framework extension');
  assert.equal(expandSnippet((ctr.textEdit as TextEdit).newText), 'flask-app:\n    resource: flask-app-image');
  // A rock's names from its extension keep their wording.
  const rock = new LanguageService();
  const r = caret('name: x\nextensions: [flask-framework]\nservices:\n  worker:\n    after: [|]\n');
  const rp = rock.parse({ uri: '/r/rockcraft.yaml', path: '/r/rockcraft.yaml', text: r.text, version: 1 });
  assert.ok(rp);
  assert.equal(item(rock.complete(rp, r).items, 'flask').detail, 'service (from extension)');
});

void test('hover on a config option: type, default, description, how to set it; the env variable in a 12-factor charm', () => {
  const config = openInFolder('charm-split/config.yaml');
  const port = hoverText(config, 'opt');
  assert.ok(port.startsWith('**`port`** · config option · `int`\n\nDefault: `8080`\n\nPort the wiki listens on.'), port);
  assert.match(port, /`juju config <app> port=<value>`/);
  assert.doesNotMatch(port, /environment variable/, 'not a 12-factor charm');
  const secret = hoverText(config, 'secret');
  assert.match(secret, /· `secret`\n\nNo default/);
  assert.match(secret, /The admin password,\nas a Juju secret\./);
  assert.match(secret, /`juju add-secret`/);
  assert.match(hoverText(config, 'untyped'), /no type\n\n⚠️ No `type`.*\n\nDefault: `""` \(empty\)/);
  const flask = openInFolder('charm-split-flask/config.yaml');
  assert.match(hoverText(flask, 'greeting'), /Default: `Hello, world!`[^]*environment variable `FLASK_GREETING`/);
  const token = hoverText(flask, 'token');
  assert.match(token, /one environment variable per key of the secret: `FLASK_API_TOKEN_<KEY>`/);
  assert.match(token, /stays blocked until the option is set/);
  // In charmcraft.yaml itself, under config.options.
  const jenkins = openInFolder('charm-jenkins/charmcraft.yaml');
  const h = jenkins.service.hover(jenkins.parsed, jenkins.find('    restart-time-range:', 0, 6));
  assert.ok(h);
  assert.match((h.contents as { value: string }).value, /^\*\*`restart-time-range`\*\* · config option · `string`\n\nDefault: `""` \(empty\)\n\nPreferred UTC time range/);
  assert.deepEqual(h.range, { start: jenkins.find('    restart-time-range:', 0, 4), end: jenkins.find('    restart-time-range:', 0, 22) });
});

void test('hover on an action: description, parameters with types, how to run it', () => {
  const actions = openInFolder('charm-split/actions.yaml');
  const page = hoverText(actions, 'act');
  assert.equal(page, [
    '**`create-page`** · action', 'Create a page.', 'Parameters:', '- `title` · string (required) — Page title.\n- `draft` · boolean',
    '---', 'Run it with `juju run <app>/<unit> create-page title=<value>`.',
  ].join('\n\n'));
  assert.match(hoverText(actions, 'act-bare'), /Rebuild the search index\.\n\nNo parameters\./);
  const jenkins = openInFolder('charm-jenkins/charmcraft.yaml');
  const h = jenkins.service.hover(jenkins.parsed, jenkins.find('  get-admin-password:', 0, 4));
  assert.ok(h);
  assert.match((h.contents as { value: string }).value, /^\*\*`get-admin-password`\*\* · action\n\nRetrieve the admin password/);
});

void test('hover on a 12-factor integration interface: the environment variables paas-charm provides', () => {
  const charm = openInFolder('charm-split-flask/charmcraft.yaml');
  const pg = hoverText(charm, 'pg');
  assert.match(pg, /\*\*12-factor integration\*\*/);
  assert.match(pg, /`juju integrate <app> postgresql-k8s`/);
  for (const v of ['POSTGRESQL_DB_CONNECT_STRING', 'POSTGRESQL_DB_HOSTNAME', 'POSTGRESQL_DB_PASSWORD']) assert.ok(pg.includes(`\`${v}\``), v);
  assert.match(pg, /blocked \(`missing integrations: postgresql`\)/);
  const s3 = hoverText(charm, 's3');
  for (const v of ['S3_ACCESS_KEY', 'S3_BUCKET', 'S3_TLS_CA_CHAIN']) assert.ok(s3.includes(`\`${v}\``), v);
  assert.doesNotMatch(s3, /blocked/, 'optional: true');
  assert.doesNotMatch(s3, /`S3_\*`/, 'the pattern is written out');
  const db = hoverText(charm, 'db');
  assert.match(db, /paas-charm looks for `mysql_client` on an endpoint named `mysql`: under `db` the app gets none/);
  assert.doesNotMatch(hoverText(charm, 'other'), /12-factor integration/);
  // A charm without a 12-factor extension: no paas-charm facts.
  const jenkins = openInFolder('charm-jenkins/charmcraft.yaml');
  const h = jenkins.service.hover(jenkins.parsed, jenkins.find('interface: loki_push_api', 0, 12));
  assert.doesNotMatch((h?.contents as { value: string } | undefined)?.value ?? '', /12-factor/);
});

void test('links: charmcraft.yaml to the split files that provide its content, and each split file back', () => {
  const charm = openInFolder('charm-split/charmcraft.yaml');
  const links = charm.service.documentLinks(charm.parsed).map((l) => [charm.parsed.lines.getText(l.range), l.target?.split('/').pop()]);
  // A comment that names metadata.yaml is its anchor; the others take top-level keys, `type` first.
  assert.deepEqual(links, [['metadata.yaml', 'metadata.yaml'], ['type', 'config.yaml'], ['base', 'actions.yaml']]);
  // A charmcraft.yaml with `name` has no link to metadata.yaml; no actions.yaml, no link.
  const flask = openInFolder('charm-split-flask/charmcraft.yaml');
  assert.deepEqual(flask.service.documentLinks(flask.parsed).map((l) => [flask.parsed.lines.getText(l.range), l.target]), [['type', 'file:///editing/charm-split-flask/config.yaml']]);
  for (const [file, anchor] of [['config.yaml', 'options'], ['metadata.yaml', 'name'], ['actions.yaml', 'create-page']]) {
    const o = openInFolder(`charm-split/${file}`);
    const back = o.service.documentLinks(o.parsed);
    assert.deepEqual(back.map((l) => [o.parsed.lines.getText(l.range), l.target]), [[anchor, 'file:///editing/charm-split/charmcraft.yaml']], file);
  }
  // A split file with only comments: the link sits on its first line.
  const empty = new LanguageService({ fs: MemoryFs.of({ '/e/charmcraft.yaml': 'type: charm\n', '/e/actions.yaml': '\n# No actions yet.\n' }) });
  const parsed = empty.parse({ uri: '/e/actions.yaml', path: '/e/actions.yaml', text: '\n# No actions yet.\n', version: 1 });
  assert.ok(parsed);
  assert.deepEqual(empty.documentLinks(parsed).map((l) => parsed.lines.getText(l.range)), ['# No actions yet.']);
});

void test('completion right after `key: ` when the value is a mapping: its keys and templates on a new, indented line', () => {
  const run = (name: string, textWithCaret: string): { items: CompletionItem[]; accept: (label: string) => string } => {
    const { text, line, character } = caret(textWithCaret);
    const service = new LanguageService({ fs: MemoryFs.of({ [`/n/${name}`]: text }) });
    const parsed = service.parse({ uri: `/n/${name}`, path: `/n/${name}`, text, version: 1 });
    assert.ok(parsed);
    const items = service.complete(parsed, { line, character }).items;
    const acceptItem = (label: string): string => {
      const it = item(items, label);
      const te = it.textEdit as TextEdit;
      return applyEdits(text, parsed, [{ range: te.range, newText: expandSnippet(te.newText) }, ...(it.additionalTextEdits ?? [])]);
    };
    return { items, accept: acceptItem };
  };
  const services = run('rockcraft.yaml', 'name: x\nextensions: [flask-framework]\nservices: |\n');
  assert.ok(labels(services.items).includes('statsd-exporter') && labels(services.items).includes('service'), labels(services.items).join(', '));
  assert.equal(services.accept('statsd-exporter'), 'name: x\nextensions: [flask-framework]\nservices:\n  statsd-exporter:\n    \n');
  assert.equal(services.accept('service'), 'name: x\nextensions: [flask-framework]\nservices:\n  app:\n    override: replace\n    command: /usr/bin/app\n    startup: enabled\n');
  // Right after the colon, and with a word typed: the same, the word replaced.
  const parts = run('rockcraft.yaml', 'name: x\nextensions: [flask-framework]\nparts:|\n');
  assert.match(parts.accept('part'), /\nparts:\n {2}my-part:\n {4}plugin: dump\n {4}source: \.\n$/);
  assert.ok(labels(parts.items).includes('flask-framework/install-app'));
  const typed = run('rockcraft.yaml', 'name: x\nparts:  pa|\n');
  assert.equal(typed.accept('part'), 'name: x\nparts:\n  my-part:\n    plugin: dump\n    source: .\n');
  // Entries already below set the indentation, and are not offered again.
  const below = run('charmcraft.yaml', 'name: x\ntype: charm\nrequires: |\n    postgresql:\n        interface: postgresql_client\n');
  assert.ok(!labels(below.items).includes('postgresql'));
  assert.match(below.accept('redis'), /\nrequires:\n {4}redis:\n {8}interface: redis\n/);
  const config = run('charmcraft.yaml', 'name: x\ntype: charm\nconfig: |\n');
  assert.deepEqual(labels(config.items), ['options']);
  // Not for scalar values, nor after a value, nor inside a block of text.
  assert.ok(run('rockcraft.yaml', 'name: x\nbase: |\n').items.every((i) => !(i.textEdit as TextEdit).newText.includes('\n')));
  assert.equal(run('rockcraft.yaml', 'name: x\nparts: foo |\n').items.length, 0);
  assert.equal(run('rockcraft.yaml', 'name: x\nparts:\n  a:\n    plugin: nil\n    override-build: |\n').items.length, 0);
});
