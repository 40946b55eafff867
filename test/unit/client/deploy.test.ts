import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { Deployer, type DeployOptions, type DeployState } from '../../../client/src/core/deploy';
import { loadProject } from '../../../client/src/core/project';
import { FakeEnv, flaskProject } from './fakeEnv';

const OPTS: DeployOptions = { registry: 'localhost:32000', packMode: 'ifStale', waitTimeoutMs: 5000, pollIntervalMs: 20, arch: 'amd64' };

function track(d: Deployer): DeployState[] {
  const states: DeployState[] = [];
  d.onDidChange((s) => {
    if (states.at(-1) !== s.state) states.push(s.state);
  });
  return states;
}

void describe('deploy state machine (fake CLIs)', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('packs, pushes, deploys the first time and refreshes the next', async () => {
    const root = flaskProject(env, 'flow');
    const d = new Deployer(env.ctx());
    const states = track(d);
    const r = await d.deploy(loadProject(root), OPTS);
    assert.equal(r.ok, true, `${r.message} ${r.errorLines?.join('\n')}`);
    assert.equal(r.state, 'active');
    assert.equal(r.action, 'deploy');
    assert.equal(r.model, 'dev');
    assert.equal(r.image, 'localhost:32000/hello-app:0.1');
    assert.equal(r.rockPacked, true);
    assert.equal(r.charmPacked, true);
    assert.deepEqual(states, ['checking', 'packing', 'pushing', 'packing', 'deploying', 'waiting', 'active']);
    const runs = env.runs();
    const deploy = runs.find((x) => x.tool === 'juju' && x.argv[0] === 'deploy');
    assert.deepEqual(deploy?.argv, ['deploy', './hello-app_amd64.charm', 'hello-app', '--resource', 'flask-app-image=localhost:32000/hello-app:0.1']);
    assert.equal(deploy?.cwd, path.join(root, 'charm'));
    assert.equal(d.snapshot().last?.state, 'active');

    // Second run: nothing changed, so nothing is repacked; the app exists, so it is refreshed.
    const before = env.runs().length;
    const r2 = await d.deploy(loadProject(root), OPTS);
    assert.equal(r2.ok, true, r2.message);
    assert.equal(r2.action, 'refresh');
    assert.equal(r2.rockPacked, undefined);
    assert.equal(r2.charmPacked, undefined);
    const later = env.runs().slice(before);
    assert.ok(!later.some((x) => x.argv[0] === 'pack'));
    assert.deepEqual(later.find((x) => x.argv[0] === 'refresh')?.argv, ['refresh', 'hello-app', '--path', './hello-app_amd64.charm', '--resource', 'flask-app-image=localhost:32000/hello-app:0.1']);
  });

  void it('repacks only what changed and honours appName and model', async () => {
    const root = flaskProject(env, 'changed');
    const d = new Deployer(env.ctx());
    assert.equal((await d.deploy(loadProject(root), { ...OPTS, appName: 'web' })).ok, true);
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'charm', 'src', 'charm.py'), future, future);
    const before = env.runs().length;
    const r = await d.deploy(loadProject(root), { ...OPTS, appName: 'web', model: 'dev' });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.rockPacked, undefined);
    assert.equal(r.charmPacked, true);
    const refresh = env.runs().slice(before).find((x) => x.argv[0] === 'refresh');
    assert.deepEqual(refresh?.argv.slice(0, 4), ['refresh', '-m', 'dev', 'web']);
  });

  void it('waits for the units to settle and reports blocked', async () => {
    const root = flaskProject(env, 'blocked');
    fs.appendFileSync(path.join(root, 'charm', 'charmcraft.yaml'), 'requires:\n  postgresql:\n    interface: postgresql_client\n    optional: false\n    limit: 1\n');
    env.extraEnv = { FAKE_JUJU_SETTLE_POLLS: '2' };
    try {
      const d = new Deployer(env.ctx());
      const r = await d.deploy(loadProject(root), { ...OPTS, appName: 'blocked-app' });
      assert.equal(r.state, 'blocked');
      assert.equal(r.message, 'missing integrations: postgresql');
      assert.equal(r.ok, true);
    } finally {
      env.extraEnv = {};
    }
  });

  void it('stops with a clear message when there is no controller or model', async () => {
    const root = flaskProject(env, 'nocontroller');
    for (const [fail, kind, re] of [
      ['no-controller', 'no-controller', /juju bootstrap microk8s/],
      ['no-model', 'no-model', /juju add-model/],
    ] as const) {
      env.extraEnv = { FAKE_JUJU_FAIL: fail };
      try {
        const before = env.runs().length;
        const r = await new Deployer(env.ctx()).deploy(loadProject(root), OPTS);
        assert.equal(r.ok, false);
        assert.equal(r.state, 'error');
        assert.equal(r.jujuError, kind);
        assert.match(r.hint ?? '', re);
        assert.ok(!env.runs().slice(before).some((x) => x.argv[0] === 'pack'), 'nothing is packed before the model check');
      } finally {
        env.extraEnv = {};
      }
    }
    const r = await new Deployer(env.ctx()).deploy(loadProject(root), { ...OPTS, model: 'nope' });
    assert.equal(r.jujuError, 'model-not-found');
  });

  void it('explains a resource name mismatch', async () => {
    const root = flaskProject(env, 'mismatch');
    // The project says flask, but the packed charm (as if by an older charmcraft.yaml) is go.
    const d = new Deployer(env.ctx());
    const project = loadProject(root);
    assert.ok(project.charm);
    const charm = await d.deploy({ ...project, charm: { ...project.charm, resourceName: 'app-image' } }, { ...OPTS, appName: 'mismatch' });
    assert.equal(charm.ok, false);
    assert.equal(charm.jujuError, 'unrecognized-resource');
    assert.match(charm.message ?? '', /does not declare the resource app-image/);
    assert.match(charm.hint ?? '', /this charm expects `app-image`/);
  });

  void it('reports a failed pack with its problems', async () => {
    const root = flaskProject(env, 'badpack');
    env.extraEnv = { FAKE_ROCKCRAFT_FAIL: 'validation' };
    try {
      const r = await new Deployer(env.ctx()).deploy(loadProject(root), OPTS);
      assert.equal(r.state, 'error');
      assert.equal(r.failedPack?.kind, 'rock');
      assert.equal(r.failedPack?.result.problems[0].field, 'parts.my-part.plugn');
    } finally {
      env.extraEnv = {};
    }
  });

  void it('can be cancelled mid-flight, killing the running tool', async () => {
    const root = flaskProject(env, 'cancel');
    env.extraEnv = { FAKE_CLI_HANG: '1' };
    const d = new Deployer(env.ctx());
    const ac = new AbortController();
    const states = track(d);
    const p = d.deploy(loadProject(root), OPTS, ac.signal);
    env.extraEnv = {};
    while (d.snapshot().state !== 'packing') await new Promise((r) => setTimeout(r, 20));
    assert.equal((await d.deploy(loadProject(root), OPTS)).message, 'A deploy is already running.');
    ac.abort();
    const r = await p;
    assert.equal(r.cancelled, true);
    assert.equal(r.state, 'idle');
    assert.equal(states.at(-1), 'idle');
    assert.equal(env.runner.activeCount, 0);
  });

  void it('works in folders whose names have spaces, quotes and shell syntax', async () => {
    const root = flaskProject(env, "my proj's $(touch x); `y` dir");
    const r = await new Deployer(env.ctx()).deploy(loadProject(root), { ...OPTS, appName: 'spaced' });
    assert.equal(r.ok, true, `${r.message} ${r.errorLines?.join('\n')}`);
    const push = env.runs().filter((x) => x.tool === 'rockcraft.skopeo').at(-1);
    assert.equal(push?.argv[3], `oci-archive:${path.join(root, 'hello-app_0.1_amd64.rock')}`);
    assert.equal(env.runs().filter((x) => x.argv[0] === 'deploy').at(-1)?.cwd, path.join(root, 'charm'));
    assert.equal(fs.existsSync(path.join(root, 'x')), false);
  });

  void it('refuses a project without a charm or with a bad app name', async () => {
    const root = env.dir('nocharm');
    fs.writeFileSync(path.join(root, 'rockcraft.yaml'), 'name: a\nversion: "1"\n');
    const r = await new Deployer(env.ctx()).deploy(loadProject(root), OPTS);
    assert.match(r.message ?? '', /No charmcraft\.yaml/);
    const r2 = await new Deployer(env.ctx()).deploy(loadProject(flaskProject(env, 'badapp')), { ...OPTS, appName: '--force' });
    assert.match(r2.message ?? '', /not a valid application name/);
  });
});
