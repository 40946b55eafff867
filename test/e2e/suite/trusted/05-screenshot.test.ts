// The picture in docs/screenshot.png: the broken rockcraft.yaml with its errors underlined, the
// Problems panel, the Juju view with the deployed app and the deploy item in the status bar.
// Taken only when the launcher serves screenshots (E2E_SCREENSHOT=1 npm run test:e2e); otherwise
// the suite is not registered at all, so no run reports a skipped test.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../../../client/src/extension';
import { activateExtension, openAndSettle, screenshot, waitForDiagnostics, workspaceUri } from '../helpers';

if (process.env.E2E_SCREENSHOT_DIR) suite('screenshot', () => {
  test('the workbench with diagnostics, the Juju view and the status bar', async function () {
    const api = await activateExtension<TwelveFactorApi>();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const uri = workspaceUri('broken', 'rockcraft.yaml');
    await openAndSettle(uri);
    await waitForDiagnostics(uri, (d) => d.length >= 3, 'the errors of the broken project');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('twelveFactor.juju.focus');
    await api.refreshJuju();
    // Back to the editor, so the cursor and the line highlight are in the file.
    await vscode.window.showTextDocument(uri, { preserveFocus: false });
    const state = api.deployState().state;
    assert.ok(
      await screenshot('workbench', ['.squiggly-error', '.markers-panel', `.statusbar-item >> text=· ${state}`, '.monaco-list-row >> text=flask-hello-world']),
      'no screenshot was taken',
    );
  });
});
