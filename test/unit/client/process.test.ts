import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { isProcessAlive, ProcessRunner } from '../../../client/src/core/process';
import { ToolNotFoundError } from '../../../client/src/core/tools';
import { FAKE_TOOLS, FakeEnv } from './fakeEnv';

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

void describe('process runner', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('passes hostile arguments through as single argv entries', async () => {
    const hostile = ['a b', "it's", '"dq"', 'x; rm -rf /', '$(touch pwned)', '`touch pwned2`', 'line1\nline2', '--flag=a b', '*', ''];
    const cwd = env.dir('dir with spaces', "and 'quotes'; $(x)");
    const r = await new ProcessRunner().run(FAKE_TOOLS.juju, ['version', ...hostile], { cwd, env: env.env });
    assert.equal(r.code, 0);
    const run = env.runs().at(-1);
    assert.deepEqual(run?.argv, ['version', ...hostile]);
    assert.equal(run?.cwd, cwd);
    assert.equal(fs.existsSync(path.join(cwd, 'pwned')), false);
    assert.equal(fs.existsSync(path.join(cwd, 'pwned2')), false);
  });

  void it('streams stdout and stderr line by line', async () => {
    const lines: string[] = [];
    const r = await new ProcessRunner().run(process.execPath, ['-e', 'process.stdout.write("a\\nb"); process.stderr.write("c\\r\\nd\\n")'], {
      cwd: env.tmp,
      onLine: (l, s) => lines.push(`${s}:${l}`),
    });
    assert.equal(r.code, 0);
    assert.deepEqual([...lines].sort(), ['stderr:c', 'stderr:d', 'stdout:a', 'stdout:b']);
    assert.equal(r.stdout, 'a\nb');
  });

  void it('reports a missing tool with its install command', async () => {
    await assert.rejects(
      new ProcessRunner().run(path.join(env.tmp, 'no-such-rockcraft'), ['pack'], { cwd: env.tmp, tool: 'rockcraft' }),
      (e: unknown) => e instanceof ToolNotFoundError && /sudo snap install rockcraft --classic/.test(e.message),
    );
    await assert.rejects(new ProcessRunner().run('juju-does-not-exist-here', [], { cwd: env.tmp, tool: 'juju' }), /sudo snap install juju/);
    await assert.rejects(new ProcessRunner().run('x', [], { cwd: env.tmp, tool: 'skopeo' }), /skopeo comes with rockcraft/);
    await assert.rejects(new ProcessRunner().run(FAKE_TOOLS.juju, [], { cwd: path.join(env.tmp, 'missing-dir'), tool: 'juju' }), /Folder not found/);
  });

  void it('cancellation kills the whole process tree', async () => {
    const pidFile = path.join(env.tmp, 'pids.json');
    const proj = env.dir('hang');
    fs.writeFileSync(path.join(proj, 'rockcraft.yaml'), 'name: a\nversion: "1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  p:\n    plugin: nil\n');
    const runner = new ProcessRunner();
    const ac = new AbortController();
    const done = runner.run(FAKE_TOOLS.rockcraft, ['pack'], { cwd: proj, env: { ...env.env, FAKE_CLI_HANG: '1', FAKE_CLI_SPAWN_CHILD: pidFile }, signal: ac.signal, killGraceMs: 500 });
    await waitFor(() => fs.existsSync(pidFile));
    const { pid, child } = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { pid: number; child: number };
    assert.ok(isProcessAlive(pid) && isProcessAlive(child));
    assert.equal(runner.activeCount, 1);
    ac.abort();
    const r = await done;
    assert.equal(r.cancelled, true);
    await waitFor(() => !isProcessAlive(pid) && !isProcessAlive(child));
    assert.equal(runner.activeCount, 0);
  });

  void it('killAll ends every running tree (deactivate)', async () => {
    const pidFile = path.join(env.tmp, 'pids2.json');
    const runner = new ProcessRunner();
    const done = runner.run(FAKE_TOOLS.juju, ['debug-log'], { cwd: env.tmp, env: { ...env.env, FAKE_CLI_SPAWN_CHILD: '' } });
    const done2 = runner.run(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, JSON.stringify({pid: process.pid, child: require('child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)']).pid})); setInterval(()=>{},1000)`], { cwd: env.tmp });
    await waitFor(() => fs.existsSync(pidFile));
    const { child } = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { child: number };
    assert.equal(runner.activeCount, 2);
    await runner.killAll(500);
    await Promise.all([done, done2]);
    await waitFor(() => !isProcessAlive(child));
    assert.equal(runner.activeCount, 0);
  });
});
