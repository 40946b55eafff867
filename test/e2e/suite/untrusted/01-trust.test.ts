// Restricted mode: the workspace is not trusted. Language features keep working; every command
// that would run rockcraft, charmcraft, rockcraft.skopeo or juju refuses, and tool paths that the
// workspace's own settings name are ignored (the runner put such settings in .vscode/settings.json).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../../../client/src/extension';
import { cliCalls, describeCalls } from '../fakeCli';
import { activateExtension, diagnosticCode, openAndSettle, waitForDiagnostics, workspaceRoot, workspaceUri } from '../helpers';

suite('restricted mode', () => {
  let api: TwelveFactorApi;

  suiteSetup(async () => {
    api = await activateExtension<TwelveFactorApi>();
  });

  test('the workspace is not trusted and the extension is active', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('twelve-factor-charms.twelve-factor-charms')?.isActive);
  });

  test('diagnostics still appear on a broken rockcraft.yaml', async () => {
    const uri = workspaceUri('broken', 'rockcraft.yaml');
    await openAndSettle(uri);
    const d = await waitForDiagnostics(uri, (x) => x.length >= 3, 'three errors');
    assert.ok(d.some((x) => diagnosticCode(x) === 'removed-key'));
  });

  test('tool paths from the workspace settings are ignored', () => {
    const fake = process.env.E2E_FAKE_CLI_DIR ?? '';
    assert.deepStrictEqual(api.toolPaths(), {
      rockcraft: path.join(fake, 'rockcraft'),
      charmcraft: path.join(fake, 'charmcraft'),
      skopeo: path.join(fake, 'rockcraft.skopeo'),
      juju: path.join(fake, 'juju'),
    });
  });

  test('every command that runs a tool refuses and runs nothing', async () => {
    const flask = path.join(workspaceRoot(), 'flask');
    const app = 'flask-hello-world';
    const c = api.commands;
    const runs: [string, unknown][] = [
      [c.init, { folder: path.join(workspaceRoot(), 'new-app'), profile: 'flask', name: 'new-app', open: false }],
      [c.packRock, { folder: flask }],
      [c.packCharm, { folder: flask }],
      [c.pushRock, { folder: flask }],
      [c.deploy, { folder: flask }],
      [c.integrate, { app, target: 'traefik-k8s' }],
      [c.config, { app, key: 'webserver-workers', value: '2' }],
      [c.showLogs, { app }],
      [c.removeApp, { app, confirm: true }],
    ];
    const terminals = vscode.window.terminals.length;
    for (const [id, arg] of runs) {
      const r = await vscode.commands.executeCommand(id, arg);
      assert.strictEqual(r, undefined, `${id} ran: ${JSON.stringify(r)}`);
    }
    await api.refreshJuju();
    assert.deepStrictEqual(cliCalls(), [], `tools ran:\n    ${describeCalls(cliCalls())}`);
    assert.strictEqual(vscode.window.terminals.length, terminals, 'no terminal was opened');
    assert.ok(!fs.existsSync(path.join(workspaceRoot(), 'new-app', 'rockcraft.yaml')), 'init created nothing');
    assert.ok(!fs.existsSync(path.join(workspaceRoot(), 'EVIL_RAN')), 'the workspace-chosen program never ran');
    assert.strictEqual(api.runningProcesses(), 0);
  });

  test('the Juju view stays empty and the status bar does not deploy', async () => {
    await api.refreshJuju();
    assert.deepStrictEqual(api.jujuTree(), []);
    assert.strictEqual(api.jujuStatus(), undefined);
    assert.match(api.statusBar().text, /idle$/);
  });

  test('Expand Extensions still works: the language server answers without running a tool', async () => {
    const yaml = await vscode.commands.executeCommand<string>(api.commands.expandExtensions, workspaceUri('flask', 'rockcraft.yaml'));
    assert.match(yaml ?? '', /flask-framework\/install-app/);
    assert.deepStrictEqual(cliCalls(), []);
  });
});
