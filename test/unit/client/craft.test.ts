import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import * as cl from '../../../client/src/core/commandLines';
import { packProject, planInit, pushRock, runInit, runJuju } from '../../../client/src/core/craft';
import { FakeEnv, flaskProject } from './fakeEnv';

void describe('init', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('runs rockcraft init in the folder and charmcraft init in charm/', async () => {
    const dir = env.dir('fresh');
    const r = await runInit(env.ctx(), dir, { profile: 'flask', name: 'hello-app' });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.created, [path.join(dir, 'rockcraft.yaml'), path.join(dir, 'charm', 'charmcraft.yaml'), path.join(dir, 'charm', 'src', 'charm.py')]);
    const runs = env.runs().slice(-2);
    assert.deepEqual(runs.map((x) => [x.tool, x.argv, x.cwd]), [
      ['rockcraft', ['init', '--profile', 'flask-framework', '--name', 'hello-app'], dir],
      ['charmcraft', ['init', '--profile', 'flask-framework', '--name', 'hello-app'], path.join(dir, 'charm')],
    ]);
    assert.match(env.output('rockcraft'), /Successfully initialised project\./);
    assert.match(env.output('charmcraft'), /^\$ .*charmcraft init --profile flask-framework --name hello-app/m);
  });

  void it('never overwrites: existing halves are skipped and reported', async () => {
    const dir = env.dir('existing');
    fs.writeFileSync(path.join(dir, 'rockcraft.yaml'), 'name: mine\n');
    const before = env.runs().length;
    const r = await runInit(env.ctx(), dir, { profile: 'go', name: 'hello-app' });
    assert.equal(r.ok, true);
    assert.equal(fs.readFileSync(path.join(dir, 'rockcraft.yaml'), 'utf8'), 'name: mine\n');
    assert.match(r.skipped[0], /rockcraft\.yaml already exists/);
    assert.deepEqual(env.runs().slice(before).map((x) => x.tool), ['charmcraft']);

    const again = await runInit(env.ctx(), dir, { profile: 'go', name: 'hello-app' });
    assert.equal(again.ok, false);
    assert.match(again.error ?? '', /already exist/);
    assert.equal(again.skipped.length, 2);
    assert.equal(env.runs().length, before + 1, 'nothing ran the second time');
    assert.deepEqual(planInit(dir), { rockFile: path.join(dir, 'rockcraft.yaml'), rockExists: true, charmDir: path.join(dir, 'charm'), charmState: 'nonEmpty' });
  });

  void it('rejects invalid names before running anything', async () => {
    const before = env.runs().length;
    const r = await runInit(env.ctx(), env.dir('badname'), { profile: 'flask', name: 'Bad Name;$(x)' });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /lowercase/);
    assert.equal(env.runs().length, before);
  });

  void it('asks for the author when charmcraft cannot find one, and cleans up on failure', async () => {
    const dir = env.dir('author');
    env.extraEnv = { FAKE_CHARMCRAFT_NO_AUTHOR: '1' };
    try {
      const r = await runInit(env.ctx(), dir, { profile: 'django', name: 'dj-app', rock: false, askAuthor: async () => 'Jane Doe' });
      assert.equal(r.ok, true, r.error);
      assert.deepEqual(env.runs().at(-1)?.argv, ['init', '--profile', 'django-framework', '--name', 'dj-app', '--author', 'Jane Doe']);
      const dir2 = env.dir('author2');
      const r2 = await runInit(env.ctx(), dir2, { profile: 'django', name: 'dj-app', rock: false, askAuthor: async () => undefined });
      assert.equal(r2.ok, false);
      assert.match((r2.errorLines ?? []).join('\n'), /specify it with --author/);
      assert.equal(fs.existsSync(path.join(dir2, 'charm')), false, 'no empty charm/ left behind');
    } finally {
      env.extraEnv = {};
    }
  });
});

void describe('pack and push', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('packs a rock and a charm and reads the Packed lines', async () => {
    const root = flaskProject(env, 'pack');
    const rock = await packProject(env.ctx(), 'rock', root, { name: 'hello-app', version: '0.1' });
    assert.equal(rock.ok, true, rock.errorLines.join('\n'));
    assert.deepEqual(rock.artifacts, [path.join(root, 'hello-app_0.1_amd64.rock')]);
    assert.ok(fs.statSync(rock.artifacts[0]).size > 0);
    assert.match(env.output('rockcraft'), /^\$ .*rockcraft pack {3}\(in /m);
    assert.match(env.output('rockcraft'), /Packed hello-app_0\.1_amd64\.rock/);
    const charm = await packProject(env.ctx(), 'charm', path.join(root, 'charm'), { name: 'hello-app' });
    assert.deepEqual(charm.artifacts, [path.join(root, 'charm', 'hello-app_amd64.charm')]);

    const push = await pushRock(env.ctx(), rock.artifacts[0], 'localhost:32000/hello-app:0.1', 'localhost:32000');
    assert.equal(push.ok, true, push.errorLines.join('\n'));
    assert.deepEqual(env.runs().at(-1)?.argv, ['--insecure-policy', 'copy', '--dest-tls-verify=false', `oci-archive:${rock.artifacts[0]}`, 'docker://localhost:32000/hello-app:0.1']);
  });

  void it('reads several artifacts from "Packed: a, b"', async () => {
    const root = flaskProject(env, 'multi');
    fs.writeFileSync(path.join(root, 'charm', 'charmcraft.yaml'), fs.readFileSync(path.join(root, 'charm', 'charmcraft.yaml'), 'utf8').replace('  amd64:\n', '  amd64:\n  other:\n    build-on: [amd64]\n    build-for: [arm64]\n'));
    const charm = await packProject(env.ctx(), 'charm', path.join(root, 'charm'), { name: 'hello-app' });
    assert.deepEqual(charm.artifacts.map((a) => path.basename(a)), ['hello-app_amd64.charm', 'hello-app_other.charm']);
  });

  void it('falls back to the file name when no Packed line is printed', async () => {
    const root = flaskProject(env, 'fallback');
    const wrapper = env.write('quiet-rockcraft', `#!/bin/sh\n"${path.resolve(__dirname, '../../fake-cli/rockcraft')}" "$@" 2>/dev/null\n`);
    fs.chmodSync(wrapper, 0o755);
    const r = await packProject(env.ctx({ rockcraft: wrapper }), 'rock', root, { name: 'hello-app', version: '0.1' });
    assert.equal(r.ok, true, r.errorLines.join('\n'));
    assert.deepEqual(r.artifacts, [path.join(root, 'hello-app_0.1_amd64.rock')]);
  });

  void it('reports failures with their lines, problems and log file', async () => {
    const root = flaskProject(env, 'fail');
    fs.writeFileSync(path.join(root, 'rockcraft.yaml'), 'name: Bad_Name\nversion: "1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  foo:\n    source: .\nbogus: 1\n');
    const r = await packProject(env.ctx(), 'rock', root, { name: 'x' });
    assert.equal(r.ok, false);
    assert.equal(r.code, 1);
    assert.equal(r.errorLines[0], 'Bad rockcraft.yaml content:');
    assert.deepEqual(r.problems.map((p) => p.field), ['name', 'bogus', 'parts.foo']);
    assert.equal(r.problems[2].message, "'plugin' not defined");
    assert.ok(r.logPath && fs.existsSync(r.logPath));
    assert.equal(r.projectFile, path.join(root, 'rockcraft.yaml'));

    env.extraEnv = { FAKE_ROCKCRAFT_FAIL: 'lxd' };
    try {
      const lxd = await packProject(env.ctx(), 'rock', flaskProject(env, 'lxd'), {});
      assert.deepEqual(lxd.errorLines[0], 'LXD is required, but not installed.');
    } finally {
      env.extraEnv = {};
    }
  });

  void it('allows one pack per folder at a time', async () => {
    const root = flaskProject(env, 'lock');
    const ac = new AbortController();
    env.extraEnv = { FAKE_CLI_HANG: '1' };
    const first = packProject(env.ctx(), 'rock', root, { signal: ac.signal });
    env.extraEnv = {};
    const second = await packProject(env.ctx(), 'rock', root, {});
    assert.equal(second.busy, true);
    assert.equal(env.locks.holder(root), 'rockcraft pack');
    // Another folder is independent.
    const charm = await packProject(env.ctx(), 'charm', path.join(root, 'charm'), { name: 'hello-app' });
    assert.equal(charm.ok, true);
    ac.abort();
    const r = await first;
    assert.equal(r.cancelled, true);
    assert.equal(env.locks.holder(root), undefined);
  });

  void it('reports push failures', async () => {
    const root = flaskProject(env, 'pushfail');
    const rock = await packProject(env.ctx(), 'rock', root, {});
    env.extraEnv = { FAKE_SKOPEO_FAIL: 'refused' };
    try {
      const r = await pushRock(env.ctx(), rock.artifacts[0], 'localhost:32000/hello-app:0.1', 'localhost:32000');
      assert.equal(r.ok, false);
      assert.match(r.errorLines.join('\n'), /connection refused/);
    } finally {
      env.extraEnv = {};
    }
  });
});

void describe('juju actions', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('passes config values as one argument and classifies failures', async () => {
    const root = flaskProject(env, 'cfg');
    const charm = await packProject(env.ctx(), 'charm', path.join(root, 'charm'), {});
    const deploy = await runJuju(env.ctx(), cl.jujuDeployLocal('./hello-app_amd64.charm', 'cfg-app', { 'flask-app-image': 'localhost:32000/x:1' }), path.dirname(charm.artifacts[0]));
    assert.equal(deploy.ok, true, deploy.error?.message);
    const value = "Hi 'there'; $(rm -rf ~) `id`\nsecond line";
    const set = await runJuju(env.ctx(), cl.jujuConfigSet('cfg-app', 'greeting', value), root);
    assert.equal(set.ok, true, set.error?.message);
    assert.deepEqual(env.runs().at(-1)?.argv, ['config', 'cfg-app', `greeting=${value}`]);
    const bad = await runJuju(env.ctx(), cl.jujuConfigSet('cfg-app', 'webserver-workers', 'many'), root);
    assert.equal(bad.error?.kind, 'option-type');
    const unknown = await runJuju(env.ctx(), cl.jujuConfigSet('cfg-app', 'nope', '1'), root);
    assert.equal(unknown.error?.kind, 'unknown-option');
    const integrate = await runJuju(env.ctx(), cl.jujuIntegrate('cfg-app', 'missing-app'), root);
    assert.equal(integrate.error?.kind, 'app-not-found');
    const removed = await runJuju(env.ctx(), cl.jujuRemoveApplication('cfg-app'), root);
    assert.equal(removed.ok, true);
    assert.match(env.output('juju'), /will remove application cfg-app/);
  });
});
