import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeActionKind, type CreateFile, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFile, loadProject, one } from './fixtures';
import { MemoryFs } from '../helpers';
import { Workspace } from '../../../server/src/service/workspace';
import { twelveFactorCodeActions, uriForPath } from '../../../server/src/service/twelveFactor/fixes';

function apply(text: string, edit: TextDocumentEdit): string {
  const plain = edit.edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : '' }));
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 0, text), plain);
}

void test('create-file: requirements.txt with Flask, only while it does not exist', () => {
  const files = loadProject('flask-broken');
  const { parsed, diagnostics } = checkFile(files, '/projects/flask-broken/rockcraft.yaml');
  const d = one(diagnostics, 'tf-missing-requirements');
  const [action] = twelveFactorCodeActions(parsed, d, new Workspace(MemoryFs.of(files)));
  assert.equal(action.title, 'Create requirements.txt with Flask');
  assert.equal(action.kind, CodeActionKind.QuickFix);
  assert.deepEqual(action.diagnostics, [d]);
  const [create, edit] = action.edit?.documentChanges as [CreateFile, TextDocumentEdit];
  assert.deepEqual(create, { kind: 'create', uri: '/projects/flask-broken/requirements.txt', options: { ignoreIfExists: true } });
  assert.equal(edit.textDocument.uri, '/projects/flask-broken/requirements.txt');
  assert.equal(apply('', edit), 'Flask\n');
  files['/projects/flask-broken/requirements.txt'] = 'flask\n';
  assert.deepEqual(twelveFactorCodeActions(parsed, d, new Workspace(MemoryFs.of(files))), []);
});

void test('append-file: a module-level app at the end of app.py', () => {
  const files = loadProject('flask-broken');
  const { parsed, diagnostics } = checkFile(files, '/projects/flask-broken/rockcraft.yaml');
  const [action] = twelveFactorCodeActions(parsed, one(diagnostics, 'tf-missing-entrypoint'), new Workspace(MemoryFs.of(files)));
  const [edit] = action.edit?.documentChanges as [TextDocumentEdit];
  const fixed = apply(files['/projects/flask-broken/app.py'], edit);
  assert.ok(fixed.startsWith(files['/projects/flask-broken/app.py']));
  assert.ok(fixed.endsWith('\napp = flask.Flask(__name__)\n'));
  files['/projects/flask-broken/app.py'] = fixed;
  assert.equal(checkFile(files, '/projects/flask-broken/rockcraft.yaml').diagnostics.filter((x) => x.code === 'tf-missing-entrypoint').length, 0, 'the fix resolves the finding');
});

void test('remove-key: deletes the reserved key with its value, leaving valid YAML', () => {
  const files = loadProject('flask-broken');
  const path = '/projects/flask-broken/charm/charmcraft.yaml';
  const { parsed, diagnostics } = checkFile(files, path);
  const ws = new Workspace(MemoryFs.of(files));
  const removeAll = (code: string): string => {
    const [action] = twelveFactorCodeActions(parsed, one(diagnostics, code), ws);
    const [edit] = action.edit?.documentChanges as [TextDocumentEdit];
    assert.equal(edit.textDocument.uri, path);
    return apply(files[path], edit);
  };
  const noContainers = removeAll('tf-charm-reserved-key');
  assert.ok(!noContainers.includes('containers:') && !noContainers.includes('resource: app-image'));
  assert.ok(noContainers.includes('platforms:\n  amd64:\nsummary:') && noContainers.includes('\nstorage:\n'));
  const noDefault = removeAll('tf-charm-non-optional-default');
  assert.ok(noDefault.includes('      optional: false\nparts:'));
  const noCharmPart = removeAll('tf-charm-part');
  assert.ok(noCharmPart.endsWith('parts:\n'));
  files[path] = noContainers;
  assert.equal(checkFile(files, path).diagnostics.filter((x) => x.code === 'tf-charm-reserved-key').length, 0);
});

void test('diagnostics without data.tf get no 12-factor actions', () => {
  const files = loadProject('flask-broken');
  const { parsed, diagnostics } = checkFile(files, '/projects/flask-broken/rockcraft.yaml');
  const d: Diagnostic = one(diagnostics, 'tf-unknown-extension-part');
  assert.deepEqual(twelveFactorCodeActions(parsed, d, new Workspace(MemoryFs.of(files))), []);
});

void test('URIs of other project files follow the document URI', () => {
  const files = loadProject('go');
  const { parsed } = checkFile(files, '/projects/go/rockcraft.yaml');
  const asFile = { ...parsed, uri: 'file:///c%3A/my%20project/rockcraft.yaml', path: '/c:/my project/rockcraft.yaml' };
  assert.equal(uriForPath(asFile, '/c:/my project/app/package.json'), 'file:///c%3A/my%20project/app/package.json');
  assert.equal(uriForPath(parsed, '/projects/go/go.mod'), '/projects/go/go.mod');
});
