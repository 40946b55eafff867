import * as assert from 'assert';
import * as vscode from 'vscode';

suite('activation', () => {
  test('the extension activates on a 12-factor workspace', async () => {
    const ext = vscode.extensions.getExtension('twelve-factor-charms.twelve-factor-charms');
    assert.ok(ext, 'extension not found');
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });
});
