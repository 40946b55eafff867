import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  activateExtension,
  diagnosticCode,
  formatDiagnostics,
  openAndSettle,
  positionOf,
  rangeIn,
  rangeOf,
  waitForDiagnostics,
  workspaceUri,
} from '../helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

suite('language features', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('completion offers the top-level keys a rockcraft.yaml does not have yet', async () => {
    const uri = workspaceUri('flask', 'rockcraft.yaml');
    const { document } = await openAndSettle(uri);
    const end = new vscode.Position(document.lineCount - 1, 0); // the empty last line
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end);
    const got = labels(list);
    for (const key of ['services', 'parts', 'run-user', 'checks']) assert.ok(got.includes(key), `missing ${key} in ${got.join(', ')}`);
    for (const present of ['name', 'base', 'platforms']) assert.ok(!got.includes(present), `${present} is already in the file: ${got.join(', ')}`);
  });

  test('completion offers the allowed values of base', async () => {
    const uri = workspaceUri('flask', 'rockcraft.yaml');
    const { document } = await openAndSettle(uri);
    const value = positionOf(document, 'base: bare', 'base: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, value);
    const got = labels(list);
    for (const base of ['bare', 'ubuntu@22.04', 'ubuntu@24.04']) assert.ok(got.includes(base), `missing ${base} in ${got.join(', ')}`);
    assert.ok(!got.includes('ubuntu:22.04'), 'the deprecated spelling is not offered');
  });

  test('hover documents keys and the framework extension', async () => {
    const uri = workspaceUri('flask', 'rockcraft.yaml');
    const { document } = await openAndSettle(uri);
    const onBase = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'base: bare', 1));
    assert.match(hoverText(onBase), /`base`/);
    assert.match(hoverText(onBase), /build-base/);
    const onExtension = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      positionOf(document, '  - flask-framework\n', 6),
    );
    assert.match(hoverText(onExtension), /Flask/);
    assert.match(hoverText(onExtension), /requirements\.txt/);
  });

  test('document symbols outline rockcraft.yaml and charmcraft.yaml', async () => {
    const rock = workspaceUri('flask', 'rockcraft.yaml');
    await openAndSettle(rock);
    const rockSymbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', rock);
    assert.deepStrictEqual(
      rockSymbols.map((s) => s.name),
      ['name', 'base', 'build-base', 'version', 'summary', 'description', 'platforms', 'extensions'],
    );
    assert.deepStrictEqual(rockSymbols.find((s) => s.name === 'platforms')?.children.map((c) => c.name), ['amd64']);

    const charm = workspaceUri('flask', 'charm', 'charmcraft.yaml');
    await openAndSettle(charm);
    const charmSymbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', charm);
    assert.deepStrictEqual(charmSymbols.map((s) => s.name), ['name', 'type', 'base', 'platforms', 'summary', 'description', 'extensions']);
  });

  test('go to definition jumps from a part named in `after` to the part', async () => {
    const uri = workspaceUri('broken', 'rockcraft.yaml');
    const { document } = await openAndSettle(uri);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      uri,
      positionOf(document, 'after: [app]', 'after: ['.length + 1),
    );
    assert.strictEqual(locations.length, 1, JSON.stringify(locations));
    const target = locations[0];
    const range = 'targetRange' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
    const targetUri = 'targetUri' in target ? target.targetUri : target.uri;
    assert.strictEqual(targetUri.toString(), uri.toString());
    const partKey = new vscode.Range(positionOf(document, '  app:', 2), positionOf(document, '  app:', 5));
    assert.ok(range.isEqual(partKey), `target ${JSON.stringify(range)}`);
  });

  test('a quick fix corrects a misspelt plugin and its diagnostic goes away', async () => {
    const uri = workspaceUri('broken', 'rockcraft.yaml');
    const { document } = await openAndSettle(uri);
    const typo = rangeOf(document, 'pyhton');
    await waitForDiagnostics(uri, (d) => d.some((x) => x.range.isEqual(typo)), 'the plugin error');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, typo);
    const fix = actions.find((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && /python/.test(a.title));
    assert.ok(fix?.edit, `no quick fix with an edit among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.getText().includes('plugin: python'));
    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => x.range.start.line === typo.start.line), 'no error on the plugin line');
    assert.ok(after.every((d) => diagnosticCode(d) !== undefined), formatDiagnostics(after));

    // Put the mistake back for the screenshot and later tests.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, rangeIn(document, 'python', 'plugin: python'), 'pyhton');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, (d) => d.some((x) => x.range.isEqual(typo)), 'the plugin error again');
    await document.save();
  });
});
