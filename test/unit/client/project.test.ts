import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { appNameProblem, craftNameProblem, endpointRefProblem, initNameProblem, resourceNameFor, suggestName } from '../../../client/src/core/names';
import {
  findArtifacts,
  hostArch,
  isStale,
  loadProject,
  parseCharmcraft,
  parseRockcraft,
  pickForHost,
  projectRoots,
  rockArtifactNames,
  rootFor,
} from '../../../client/src/core/project';
import { resolveSetting, toolCommand } from '../../../client/src/core/tools';
import { FakeEnv, flaskProject } from './fakeEnv';

void describe('names', () => {
  void it('applies the craft name rule', () => {
    for (const ok of ['a', 'flask-hello-world', 'a1', '1a', 'x'.repeat(40)]) assert.equal(craftNameProblem(ok), undefined, ok);
    for (const bad of ['', 'A', 'a--b', '-a', 'a-', '123', 'a_b', 'x'.repeat(41), 'a b']) assert.ok(craftNameProblem(bad), bad);
    // Upstream's regex backtracks exponentially on inputs like this one; ours must not.
    const t = Date.now();
    craftNameProblem(`${'a1'.repeat(19)}-`);
    assert.ok(Date.now() - t < 50);
  });

  void it('init names also satisfy charmcraft init', () => {
    assert.equal(initNameProblem('my-app'), undefined);
    assert.match(initNameProblem('1app') ?? '', /not a valid charm name/);
    assert.match(initNameProblem('a') ?? '', /not a valid charm name/);
    assert.ok(initNameProblem('a;rm -rf'));
    assert.equal(suggestName('My Flask_App!'), 'my-flask-app');
    assert.equal(suggestName('123'), 'my-app');
  });

  void it('validates app names and endpoint references', () => {
    assert.equal(appNameProblem('flask-hello-world'), undefined);
    for (const bad of ['-m', 'a--b', 'a-1', 'A', '$(x)', 'a b']) assert.ok(appNameProblem(bad), bad);
    assert.equal(endpointRefProblem('postgresql-k8s:database'), undefined);
    assert.ok(endpointRefProblem('a:b:c'));
  });

  void it('maps frameworks to resource names', () => {
    assert.equal(resourceNameFor('flask'), 'flask-app-image');
    assert.equal(resourceNameFor('django'), 'django-app-image');
    assert.equal(resourceNameFor('go'), 'app-image');
    assert.equal(resourceNameFor('flask', 'ubuntu@26.04'), 'app-image');
  });
});

void describe('settings', () => {
  const inspected = { defaultValue: '', globalValue: '/usr/bin/juju', workspaceValue: './evil/juju', workspaceFolderValue: './evil2/juju' };
  void it('ignores workspace values when untrusted', () => {
    assert.equal(resolveSetting(inspected, true), './evil2/juju');
    assert.equal(resolveSetting(inspected, false), '/usr/bin/juju');
    assert.equal(resolveSetting({ defaultValue: '', workspaceValue: './evil/juju' }, false), '');
  });
  void it('falls back to the plain command names', () => {
    assert.equal(toolCommand('skopeo', ''), 'rockcraft.skopeo');
    assert.equal(toolCommand('juju', '  '), 'juju');
    assert.equal(toolCommand('juju', '/snap/bin/juju'), '/snap/bin/juju');
  });
});

void describe('project facts', () => {
  const env = new FakeEnv();
  after(() => env.cleanup());

  void it('reads rock and charm facts, including injected options and resources', () => {
    const rock = parseRockcraft('name: a\nversion: 0.10\nplatforms:\n  amd64:\n  arm64:\nextensions: [django-framework]\n', '/p/rockcraft.yaml');
    assert.equal(rock.version, '0.1'); // YAML reads 0.10 as a number, as Rockcraft does
    assert.equal(rock.framework, 'django');
    assert.deepEqual(rockArtifactNames(rock), ['a_0.1_amd64.rock', 'a_0.1_arm64.rock']);
    const charm = parseCharmcraft(
      'name: a\ntype: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n  ubuntu@22.04:arm64:\nextensions: [flask-framework]\nconfig:\n  options:\n    greeting: {type: string, default: hi}\nrequires:\n  postgresql: {interface: postgresql_client, optional: false}\n',
      '/p/charm/charmcraft.yaml',
    );
    assert.equal(charm.resourceName, 'flask-app-image');
    assert.deepEqual(charm.artifactNames, ['a_amd64.charm', 'a_ubuntu@22.04-arm64.charm']);
    assert.equal(charm.configOptions[0].name, 'greeting');
    assert.ok(charm.configOptions.some((o) => o.name === 'flask-debug' && o.source === 'extension'));
    assert.ok(charm.endpoints.some((e) => e.name === 'postgresql' && e.optional === false));
    assert.ok(charm.endpoints.some((e) => e.name === 'ingress'));
    const legacy = parseCharmcraft('name: b\ntype: charm\nbases:\n  - build-on:\n      - name: ubuntu\n        channel: "22.04"\n    run-on:\n      - name: ubuntu\n        channel: "22.04"\n        architectures: [amd64]\n', '/q/charmcraft.yaml');
    assert.deepEqual(legacy.artifactNames, ['b_ubuntu-22.04-amd64.charm']);
    const plain = parseCharmcraft('name: c\nresources:\n  img: {type: oci-image}\n  f: {type: file, filename: x}\n', '/c/charmcraft.yaml');
    assert.equal(plain.resourceName, 'img');
    assert.doesNotThrow(() => parseCharmcraft(': : :\n\t- broken', '/x/charmcraft.yaml'));
  });

  void it('groups files into project roots', () => {
    const roots = projectRoots(['/w/app/rockcraft.yaml', '/w/app/charm/charmcraft.yaml', '/w/other/charmcraft.yaml', '/w/both/rockcraft.yaml', '/w/both/charmcraft.yaml']);
    assert.deepEqual(roots, ['/w/app', '/w/both', '/w/other']);
    assert.equal(rootFor('/w/app/charm/src/charm.py', roots), '/w/app');
    assert.equal(rootFor('/w/elsewhere/x', roots), undefined);
  });

  void it('loads a project from disk and finds artifacts for this host', () => {
    const root = flaskProject(env, 'load');
    const p = loadProject(root);
    assert.equal(p.rock?.name, 'hello-app');
    assert.equal(p.charm?.dir, path.join(root, 'charm'));
    fs.writeFileSync(path.join(root, 'hello-app_0.1_arm64.rock'), 'x');
    fs.writeFileSync(path.join(root, 'hello-app_0.1_amd64.rock'), 'x');
    const found = findArtifacts(root, 'rock', 'hello-app', '0.1');
    assert.equal(found.length, 2);
    assert.equal(path.basename(pickForHost(found, 'amd64') ?? ''), 'hello-app_0.1_amd64.rock');
    assert.equal(hostArch('x64'), 'amd64');
    assert.equal(hostArch('ppc64'), 'ppc64el');
  });

  void it('an artifact is stale when a source file is newer', () => {
    const root = flaskProject(env, 'stale');
    const rock = path.join(root, 'hello-app_0.1_amd64.rock');
    assert.equal(isStale(undefined, root), true);
    fs.writeFileSync(rock, 'x');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(rock, future, future);
    assert.equal(isStale(rock, root), false);
    const later = new Date(Date.now() + 120_000);
    fs.utimesSync(path.join(root, 'charm', 'charmcraft.yaml'), later, later);
    assert.equal(isStale(rock, root, [path.join(root, 'charm')]), false, 'charm changes do not make the rock stale');
    fs.utimesSync(path.join(root, 'app.py'), later, later);
    assert.equal(isStale(rock, root, [path.join(root, 'charm')]), true);
  });
});
