// The commands against the fake CLIs, in the order a user goes: pack, cancel a pack, push, deploy,
// deploy again (refresh), look at the Juju view, integrate, configure, read logs, expand extensions.
// The tests share the flask project and the fake Juju model, so they run in this order.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TwelveFactorApi } from '../../../../client/src/extension';
import type { PackResult, PushResult } from '../../../../client/src/core/craft';
import type { DeployResult } from '../../../../client/src/core/deploy';
import type { JujuActionResult } from '../../../../client/src/jujuCommands';
import type { TerminalInfo } from '../../../../client/src/services';
import { cliCalls, describeCalls, hasSequence, onCliCall, waitForCliCall, type CliCall } from '../fakeCli';
import { activateExtension, parseJson, pollUntil, processEnded, waitForFileContent, waitUntil, withTimeout, workspaceRoot } from '../helpers';

const APP = 'flask-hello-world';
const ROCK = `${APP}_0.1_amd64.rock`;
const IMAGE = `localhost:32000/${APP}:0.1`;

/** Sets environment variables the fake CLIs read (the extension passes its environment on) for one test. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function jujuState(): { images: string[]; models: Record<string, { apps: Record<string, { rev: number; config: Record<string, unknown>; relations: { endpoint: string; app: string }[] }> }> } {
  return JSON.parse(fs.readFileSync(process.env.FAKE_JUJU_STATE ?? '', 'utf8')) as ReturnType<typeof jujuState>;
}

suite('commands', () => {
  let api: TwelveFactorApi;
  let flask: string;

  suiteSetup(async () => {
    api = await activateExtension<TwelveFactorApi>();
    flask = path.join(workspaceRoot(), 'flask');
  });

  test('the commands are registered under the 12-Factor category', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of Object.values(api.commands)) assert.ok(all.includes(id), `${id} is not registered`);
    const manifest = vscode.extensions.getExtension('twelve-factor-charms.twelve-factor-charms')?.packageJSON as {
      contributes: { commands: { command: string; category?: string }[] };
    };
    for (const c of manifest.contributes.commands) assert.strictEqual(c.category, '12-Factor', c.command);
    assert.ok(api.isProject(), 'the workspace is a 12-factor project');
    assert.deepStrictEqual(api.toolPaths().rockcraft, path.join(process.env.E2E_FAKE_CLI_DIR ?? '', 'rockcraft'));
  });

  test('the status bar shows the deploy item before anything ran', () => {
    const bar = api.statusBar();
    assert.ok(bar.visible, 'the deploy item is shown in a 12-factor project');
    assert.match(bar.text, /idle$/);
    assert.strictEqual(bar.command, api.commands.deploy);
  });

  test('Pack Rock streams rockcraft output to the panel and reports the artifact', async () => {
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<PackResult>(api.commands.packRock, { folder: flask });
    assert.ok(r?.ok, `pack failed: ${JSON.stringify(r)}`);
    assert.deepStrictEqual(r.artifacts.map((a) => path.basename(a)), [ROCK]);
    assert.ok(fs.existsSync(path.join(flask, ROCK)), 'the .rock file exists');
    assert.strictEqual(api.lastArtifact('rock'), path.join(flask, ROCK));
    const out = api.outputText('rockcraft');
    for (const line of ['Pulling flask-framework/dependencies', 'Exporting to OCI archive', `Packed ${ROCK}`]) assert.ok(out.includes(line), `output lacks "${line}":\n${out}`);
    const call = cliCalls().slice(from).find((c) => c.tool === 'rockcraft');
    assert.ok(call && call.argv[0] === 'pack' && call.cwd === flask, describeCalls(cliCalls().slice(from)));
  });

  test('Pack Charm runs charmcraft pack in charm/ and reports the .charm', async () => {
    const charmDir = path.join(flask, 'charm');
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<PackResult>(api.commands.packCharm, { folder: flask });
    assert.ok(r?.ok, `pack failed: ${JSON.stringify(r)}`);
    assert.strictEqual(r.artifacts.length, 1);
    assert.match(path.basename(r.artifacts[0]), new RegExp(`^${APP}_.*amd64\\.charm$`));
    assert.ok(fs.existsSync(path.resolve(charmDir, r.artifacts[0])));
    assert.match(api.outputText('charmcraft'), /Packed .*\.charm/);
    const call = cliCalls().slice(from).find((c) => c.tool === 'charmcraft');
    assert.ok(call && call.argv[0] === 'pack' && call.cwd === charmDir, describeCalls(cliCalls().slice(from)));
  });

  test('cancelling a pack stops rockcraft and everything it started', async () => {
    const childFile = path.join(process.env.E2E_RUN_DIR ?? workspaceRoot(), 'hanging-pack.json');
    fs.rmSync(childFile, { force: true });
    let pids: number[] = [];
    await withEnv({ FAKE_CLI_HANG: '1', FAKE_CLI_SPAWN_CHILD: childFile }, async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      const packing = Promise.resolve(vscode.commands.executeCommand<PackResult>(api.commands.packRock, { folder: flask }));
      try {
        // The fake writes its pid and its child's once it hangs in the middle of the build.
        const { pid, child } = await waitForFileContent(childFile, (t) => parseJson<{ pid: number; child: number }>(t));
        pids = [pid, child];
        assert.ok(pids.every((p) => !processEnded(p)), 'the pack is running');
        assert.ok(api.runningProcesses() >= 1);

        // What the user does: the Cancel button of the progress notification (its primary action).
        let result: PackResult | undefined;
        for (let attempt = 0; attempt < 5 && !result; attempt++) {
          await vscode.commands.executeCommand('notification.acceptPrimaryAction');
          result = await withTimeout(packing, 2_000, () => 'pack still running').catch(() => undefined);
        }
        assert.ok(result, 'the pack did not stop');
        assert.strictEqual(result.ok, false);
        assert.strictEqual(result.cancelled, true);
        await pollUntil(() => pids.every(processEnded), () => `processes left: ${pids.filter((p) => !processEnded(p)).join(', ')}`, 5_000);
        assert.strictEqual(api.runningProcesses(), 0);
      } finally {
        // Never leave a hanging pack behind for the next tests.
        for (const p of pids) if (!processEnded(p)) process.kill(p, 'SIGKILL');
        await packing.catch(() => undefined);
      }
    });
  });

  test('Push Rock copies the packed rock to the registry with rockcraft.skopeo', async () => {
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<PushResult>(api.commands.pushRock, { folder: flask });
    assert.ok(r?.ok, `push failed: ${JSON.stringify(r)}`);
    const call = cliCalls().slice(from).find((c) => c.tool === 'rockcraft.skopeo');
    assert.ok(call, describeCalls(cliCalls().slice(from)));
    assert.ok(call.argv.includes('copy'));
    assert.ok(call.argv.some((a) => a.startsWith('oci-archive:') && a.endsWith(ROCK)), call.argv.join(' '));
    assert.ok(call.argv.includes(`docker://${IMAGE}`), call.argv.join(' '));
    assert.ok(jujuState().images.includes(IMAGE));
  });

  test('Deploy pushes the rock and deploys the charm; the status bar follows each step', async () => {
    const from = cliCalls().length;
    // At every CLI call, what the status bar said: the state is set before each program starts.
    const seen: { call: CliCall; state: string; text: string }[] = [];
    const stop = onCliCall((call) => seen.push({ call, state: api.deployState().state, text: api.statusBar().text }));
    let r: DeployResult | undefined;
    try {
      // Slow the fakes a little so each step outlasts the file notification; one extra status poll.
      r = await withEnv({ FAKE_CLI_DELAY_MS: '30', FAKE_JUJU_SETTLE_POLLS: '1' }, () =>
        Promise.resolve(vscode.commands.executeCommand<DeployResult>(api.commands.deploy, { folder: flask })),
      );
    } finally {
      stop();
    }
    assert.ok(r?.ok, `deploy failed: ${JSON.stringify(r)}`);
    assert.strictEqual(r.action, 'deploy');
    assert.strictEqual(r.state, 'active');
    assert.strictEqual(r.app, APP);
    assert.strictEqual(r.image, IMAGE);
    assert.ok(!r.rockPacked && !r.charmPacked, 'the artifacts are fresh, nothing is packed again');

    const calls = cliCalls().slice(from);
    const deploy = calls.find((c) => c.tool === 'juju' && c.argv[0] === 'deploy');
    assert.ok(deploy, describeCalls(calls));
    assert.ok(hasSequence(deploy.argv, '--resource', `flask-app-image=${IMAGE}`) || deploy.argv.includes(`--resource=flask-app-image=${IMAGE}`), deploy.argv.join(' '));
    assert.ok(deploy.argv.some((a) => a.endsWith('.charm')), deploy.argv.join(' '));
    assert.ok(calls.findIndex((c) => c.tool === 'rockcraft.skopeo') < calls.indexOf(deploy), 'the rock is pushed before the deploy');

    const stateAt = (pred: (c: CliCall) => boolean): string[] => seen.filter((x) => pred(x.call)).map((x) => x.state);
    assert.deepStrictEqual(stateAt((c) => c.tool === 'rockcraft.skopeo'), ['pushing'], JSON.stringify(seen.map((x) => [x.call.argv[0], x.state])));
    assert.deepStrictEqual(stateAt((c) => c.tool === 'juju' && c.argv[0] === 'deploy'), ['deploying']);
    const statusStates = stateAt((c) => c.tool === 'juju' && c.argv[0] === 'status');
    assert.strictEqual(statusStates[0], 'checking');
    assert.ok(statusStates.includes('waiting'), `status polls while settling: ${statusStates.join(', ')}`);
    for (const x of seen) assert.ok(x.text.endsWith(`· ${x.state}`), `status bar "${x.text}" during ${x.state}`);

    const bar = api.statusBar();
    assert.match(bar.text, /\$\(pass\) dev · active$/);
    assert.match(bar.tooltip, new RegExp(`${APP}.*deploy.*active`, 's'));
  });

  test('a second Deploy repacks what changed and refreshes the application', async () => {
    const appPy = path.join(flask, 'app.py');
    fs.appendFileSync(appPy, '\n# changed by the end-to-end suite\n');
    const future = new Date(Date.now() + 2000); // newer than the .rock, whatever the clock granularity
    fs.utimesSync(appPy, future, future);
    const revisionBefore = jujuState().models.dev.apps[APP].rev;
    const from = cliCalls().length;
    const seen: { call: CliCall; state: string }[] = [];
    const stop = onCliCall((call) => seen.push({ call, state: api.deployState().state }));
    let r: DeployResult | undefined;
    try {
      r = await withEnv({ FAKE_CLI_DELAY_MS: '30' }, () => Promise.resolve(vscode.commands.executeCommand<DeployResult>(api.commands.deploy, { folder: flask })));
    } finally {
      stop();
    }
    assert.ok(r?.ok, `deploy failed: ${JSON.stringify(r)}`);
    assert.strictEqual(r.action, 'refresh');
    assert.strictEqual(r.state, 'active');
    assert.strictEqual(r.rockPacked, true, 'app.py changed: the rock is packed again');
    assert.ok(!r.charmPacked, 'the charm did not change');
    const calls = cliCalls().slice(from);
    assert.ok(calls.some((c) => c.tool === 'rockcraft' && c.argv[0] === 'pack'), describeCalls(calls));
    assert.ok(!calls.some((c) => c.tool === 'juju' && c.argv[0] === 'deploy'), describeCalls(calls));
    const refresh = calls.find((c) => c.tool === 'juju' && c.argv[0] === 'refresh');
    assert.ok(refresh && refresh.argv.includes(APP), describeCalls(calls));
    assert.deepStrictEqual(seen.filter((x) => x.call.tool === 'rockcraft').map((x) => x.state), ['packing']);
    assert.deepStrictEqual(seen.filter((x) => x.call.tool === 'juju' && x.call.argv[0] === 'refresh').map((x) => x.state), ['deploying']);
    assert.strictEqual(jujuState().models.dev.apps[APP].rev, revisionBefore + 1, 'the refresh added a charm revision');
    assert.match(api.statusBar().text, /active$/);
  });

  test('the Juju view shows the application and its unit', async () => {
    await vscode.commands.executeCommand('twelveFactor.juju.focus');
    await api.refreshJuju();
    const lines = api.jujuTree();
    const app = lines.find((l) => l.depth === 0 && l.label === APP);
    assert.ok(app, JSON.stringify(lines));
    assert.strictEqual(app.contextValue, 'jujuApp');
    assert.match(app.description ?? '', /^active/);
    assert.ok(lines.some((l) => l.depth === 1 && l.label === `${APP}/0*` && l.contextValue === 'jujuUnit'), JSON.stringify(lines));
  });

  test('Integrate deploys the ingress charm from Charmhub and integrates it', async () => {
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<JujuActionResult>(api.commands.integrate, { app: APP, target: 'traefik-k8s' });
    assert.ok(r?.ok, `integrate failed: ${JSON.stringify(r)}`);
    const calls = cliCalls().slice(from);
    assert.ok(calls.some((c) => c.tool === 'juju' && c.argv[0] === 'deploy' && c.argv.includes('traefik-k8s')), describeCalls(calls));
    assert.ok(calls.some((c) => c.tool === 'juju' && c.argv[0] === 'integrate' && hasSequence(c.argv, APP, 'traefik-k8s')), describeCalls(calls));
    assert.ok(jujuState().models.dev.apps[APP].relations.some((x) => x.app === 'traefik-k8s' && x.endpoint === 'ingress'));
    await api.refreshJuju();
    const lines = api.jujuTree();
    assert.ok(lines.some((l) => l.depth === 0 && l.label === 'traefik-k8s'), JSON.stringify(lines));
    assert.ok(lines.some((l) => l.label === 'Integrations'), JSON.stringify(lines));
  });

  test('Config sets an option of the framework extension', async () => {
    const from = cliCalls().length;
    const r = await vscode.commands.executeCommand<JujuActionResult>(api.commands.config, { app: APP, key: 'webserver-workers', value: '3' });
    assert.ok(r?.ok, `config failed: ${JSON.stringify(r)}`);
    const calls = cliCalls().slice(from);
    assert.ok(calls.some((c) => c.tool === 'juju' && c.argv[0] === 'config' && c.argv.includes('webserver-workers=3')), describeCalls(calls));
    assert.strictEqual(String(jujuState().models.dev.apps[APP].config['webserver-workers']), '3');

    const bad = await vscode.commands.executeCommand<JujuActionResult>(api.commands.config, { app: APP, key: 'webserver-workers', value: 'many' });
    assert.strictEqual(bad?.ok, false, 'a non-integer value is refused before juju runs');
  });

  test('Show Logs opens a terminal running juju debug-log for the application', async () => {
    const from = cliCalls().length;
    const opened = waitUntil(
      vscode.window.onDidOpenTerminal,
      () => vscode.window.terminals.find((t) => t.name === `Juju debug-log: ${APP}`),
      () => `terminals: ${vscode.window.terminals.map((t) => t.name).join(', ')}`,
    );
    const info = await vscode.commands.executeCommand<TerminalInfo>(api.commands.showLogs, { app: APP });
    assert.ok(info, 'no terminal info');
    assert.strictEqual(info.shellPath, api.toolPaths().juju);
    assert.strictEqual(info.shellArgs[0], 'debug-log');
    const terminal = await opened;
    const call = await waitForCliCall((c) => c.tool === 'juju' && c.argv[0] === 'debug-log', 'juju debug-log', from);
    assert.ok(call.argv.includes(APP), call.argv.join(' '));
    terminal.dispose();
  });

  test('Expand Extensions shows what the flask-framework extension adds', async () => {
    const rock = vscode.Uri.file(path.join(flask, 'rockcraft.yaml'));
    const yaml = await vscode.commands.executeCommand<string>(api.commands.expandExtensions, rock);
    assert.ok(yaml, 'nothing expanded');
    const text = api.expandedText() ?? '';
    assert.match(text, /flask-framework\/install-app/);
    assert.doesNotMatch(text, /^extensions:/m);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'twelve-factor-expanded');
    assert.ok(shown, 'the expanded file is shown in an editor');
    assert.strictEqual(shown.document.languageId, 'yaml');
  });
});
