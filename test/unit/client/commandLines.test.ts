import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cl from '../../../client/src/core/commandLines';
import { formatCommandLine } from '../../../client/src/core/process';

void describe('command lines', () => {
  void it('init uses <fw>-framework profiles and kubernetes for simple charms', () => {
    assert.deepEqual(cl.rockcraftInit('flask', 'my-app'), ['init', '--profile', 'flask-framework', '--name', 'my-app']);
    assert.deepEqual(cl.charmcraftInit('spring-boot', 'my-app'), ['init', '--profile', 'spring-boot-framework', '--name', 'my-app']);
    assert.deepEqual(cl.rockcraftInit('simple', 'x1'), ['init', '--profile', 'simple', '--name', 'x1']);
    assert.deepEqual(cl.charmcraftInit('simple', 'x1', 'Jane Doe'), ['init', '--profile', 'kubernetes', '--name', 'x1', '--author', 'Jane Doe']);
  });

  void it('skopeo copy follows rockcraft.md §12 and skips TLS only for local registries', () => {
    assert.deepEqual(cl.skopeoCopy('/p/a_0.1_amd64.rock', 'localhost:32000/a:0.1', false), [
      '--insecure-policy',
      'copy',
      '--dest-tls-verify=false',
      'oci-archive:/p/a_0.1_amd64.rock',
      'docker://localhost:32000/a:0.1',
    ]);
    assert.deepEqual(cl.skopeoCopy('a.rock', 'ghcr.io/me/a:1', true), ['--insecure-policy', 'copy', 'oci-archive:a.rock', 'docker://ghcr.io/me/a:1']);
    assert.equal(cl.isLocalRegistry('localhost:32000'), true);
    assert.equal(cl.isLocalRegistry('127.0.0.1:5000'), true);
    assert.equal(cl.isLocalRegistry('ghcr.io/me'), false);
    assert.equal(cl.imageRef('localhost:32000/', 'a', '0.1'), 'localhost:32000/a:0.1');
    assert.equal(cl.imageRef('docker://localhost:32000', 'a', '0.1'), 'localhost:32000/a:0.1');
  });

  void it('juju deploy/refresh take a ./ path, the app and one --resource per image', () => {
    const res = { 'flask-app-image': 'localhost:32000/a:0.1' };
    assert.deepEqual(cl.jujuDeployLocal('./a_amd64.charm', 'a', res), ['deploy', './a_amd64.charm', 'a', '--resource', 'flask-app-image=localhost:32000/a:0.1']);
    assert.deepEqual(cl.jujuRefreshLocal('a', './a_amd64.charm', res, 'dev'), [
      'refresh',
      '-m',
      'dev',
      'a',
      '--path',
      './a_amd64.charm',
      '--resource',
      'flask-app-image=localhost:32000/a:0.1',
    ]);
    assert.deepEqual(cl.jujuStatus(), ['status', '--format', 'json']);
    assert.deepEqual(cl.jujuStatus('m1'), ['status', '-m', 'm1', '--format', 'json']);
    assert.deepEqual(cl.jujuRemoveApplication('a'), ['remove-application', 'a', '--no-prompt']);
    assert.deepEqual(cl.jujuConfigSet('a', 'greeting', 'Hi there; $(x)'), ['config', 'a', 'greeting=Hi there; $(x)']);
    assert.deepEqual(cl.jujuDebugLog(undefined, 'a/0'), ['debug-log', '--include', 'a/0']);
    assert.deepEqual(cl.jujuIntegrate('a', 'postgresql-k8s'), ['integrate', 'a', 'postgresql-k8s']);
    assert.deepEqual(cl.jujuDeployCharmhub({ charm: 'postgresql-k8s', channel: '14/stable', trust: true }), ['deploy', 'postgresql-k8s', '--channel', '14/stable', '--trust']);
  });

  void it('local charm paths always start with ./ or /', () => {
    assert.equal(cl.localCharmPath('/p/charm/a_amd64.charm', '/p/charm'), './a_amd64.charm');
    assert.equal(cl.localCharmPath('/p/charm/out/a_amd64.charm', '/p/charm'), './out/a_amd64.charm');
    assert.equal(cl.localCharmPath('/q/a_amd64.charm', '/p/charm'), '/q/a_amd64.charm');
  });

  void it('display command lines quote what a shell would split', () => {
    assert.equal(formatCommandLine('rockcraft', ['pack']), 'rockcraft pack');
    assert.equal(formatCommandLine('/a b/juju', ['config', 'x', "k=it's"]), `'/a b/juju' config x 'k=it'\\''s'`);
  });
});
