// Last in the run: removing the application, and Init in a new folder (it adds a project to the
// workspace, so it comes after everything that expects two).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../../../client/src/extension';
import type { InitResult } from '../../../../client/src/core/craft';
import type { JujuActionResult } from '../../../../client/src/jujuCommands';
import { cliCalls, describeCalls } from '../fakeCli';
import { activateExtension, workspaceRoot } from '../helpers';

const APP = 'flask-hello-world';

suite('lifecycle', () => {
  let api: TwelveFactorApi;

  suiteSetup(async () => {
    api = await activateExtension<TwelveFactorApi>();
  });

  test('Remove App removes the application from the model and the Juju view', async () => {
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<JujuActionResult>(api.commands.removeApp, { app: APP, confirm: true });
    assert.ok(r?.ok, `remove failed: ${JSON.stringify(r)}`);
    const calls = cliCalls().slice(from);
    const remove = calls.find((c) => c.tool === 'juju' && c.argv[0] === 'remove-application');
    assert.ok(remove && remove.argv.includes(APP) && remove.argv.includes('--no-prompt'), describeCalls(calls));
    await api.refreshJuju();
    const lines = api.jujuTree();
    assert.ok(!lines.some((l) => l.depth === 0 && l.label === APP), JSON.stringify(lines));
  });

  test('Init creates rockcraft.yaml and a charm in an empty folder', async () => {
    const folder = path.join(workspaceRoot(), 'new-app');
    fs.mkdirSync(folder, { recursive: true });
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<InitResult>(api.commands.init, { folder, profile: 'flask', name: 'new-app', open: false });
    assert.ok(r?.ok, `init failed: ${JSON.stringify(r)}`);
    for (const file of ['rockcraft.yaml', path.join('charm', 'charmcraft.yaml'), path.join('charm', 'src', 'charm.py'), path.join('charm', 'requirements.txt')]) {
      assert.ok(fs.existsSync(path.join(folder, file)), `${file} was not created`);
    }
    assert.ok(r.created.includes(path.join(folder, 'rockcraft.yaml')), JSON.stringify(r.created));
    assert.match(fs.readFileSync(path.join(folder, 'rockcraft.yaml'), 'utf8'), /^name: new-app$/m);
    assert.match(fs.readFileSync(path.join(folder, 'charm', 'charmcraft.yaml'), 'utf8'), /flask-framework/);

    const calls = cliCalls().slice(from);
    const rock = calls.find((c) => c.tool === 'rockcraft' && c.argv[0] === 'init');
    const charm = calls.find((c) => c.tool === 'charmcraft' && c.argv[0] === 'init');
    assert.ok(rock && rock.argv.join(' ').includes('--profile flask-framework') && rock.argv.join(' ').includes('--name new-app'), describeCalls(calls));
    assert.ok(charm && charm.argv.join(' ').includes('--profile flask-framework'), describeCalls(calls));
    assert.ok(api.projectRoots().includes(folder), `roots: ${api.projectRoots().join(', ')}`);
  });

  test('Init never overwrites an existing project', async () => {
    const folder = path.join(workspaceRoot(), 'new-app');
    const before = fs.readFileSync(path.join(folder, 'rockcraft.yaml'), 'utf8');
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<InitResult>(api.commands.init, { folder, profile: 'flask', name: 'new-app', open: false });
    assert.strictEqual(r?.ok, false, JSON.stringify(r));
    assert.strictEqual(fs.readFileSync(path.join(folder, 'rockcraft.yaml'), 'utf8'), before);
    assert.deepStrictEqual(cliCalls().slice(from), [], 'no tool ran');
  });
});
