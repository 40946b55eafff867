import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyJujuError, parseJujuStatus, settledState, statusMessage } from '../../../client/src/core/juju';
import { errorLines, fieldProblems, fullLogPath, parsePackedFiles, parsePackedLine } from '../../../client/src/core/packOutput';
import { locateField } from '../../../client/src/core/yamlLocate';

void describe('pack output', () => {
  void it('reads Packed lines in every form', () => {
    assert.deepEqual(parsePackedLine('Packed flask-hello-world_0.1_amd64.rock'), ['flask-hello-world_0.1_amd64.rock']);
    assert.deepEqual(parsePackedLine('Packed: a_amd64.charm, a_arm64.charm'), ['a_amd64.charm', 'a_arm64.charm']);
    assert.deepEqual(parsePackedLine("Created 'a_ubuntu-22.04-amd64.charm'."), ['a_ubuntu-22.04-amd64.charm']);
    assert.equal(parsePackedLine('Packing charm a_amd64.charm'), undefined);
    assert.equal(parsePackedLine('Exported to OCI archive \'a.rock\''), undefined);
    assert.deepEqual(parsePackedFiles(['Starting', 'Packing charm x_amd64.charm', 'Packed x_amd64.charm']), ['x_amd64.charm']);
  });

  void it('finds the full log path', () => {
    assert.equal(fullLogPath(['x', "Full execution log: '/home/u/.local/state/rockcraft/log/rockcraft-20260101.log'"]), '/home/u/.local/state/rockcraft/log/rockcraft-20260101.log');
    assert.equal(fullLogPath(['nothing']), undefined);
  });

  const BAD = [
    'Starting rockcraft, version 1.20.0',
    'Bad rockcraft.yaml content:',
    "- extra inputs are not permitted (in field 'parts.foo.plugn', input: 'nil')",
    "- field 'plugin' required in 'parts.foo' configuration",
    "- field 'summary' required in top-level configuration",
    "- invalid name: Names can only use ASCII lowercase letters (in field 'name', input: 'Bad_Name')",
    "Full execution log: '/tmp/x.log'",
  ];

  void it('error lines keep the Bad ... content block', () => {
    assert.deepEqual(errorLines(BAD), BAD.slice(1, 6));
    assert.deepEqual(errorLines(['Launching instance', 'Pulling x', 'LXD is required, but not installed.', "Full execution log: '/t'"]), ['LXD is required, but not installed.']);
    assert.deepEqual(errorLines(['ok', 'ERROR unrecognized resource "app-image"']), ['ERROR unrecognized resource "app-image"']);
  });

  void it('turns field errors into problems', () => {
    assert.deepEqual(fieldProblems(BAD, 'charmcraft.yaml'), [
      { file: 'rockcraft.yaml', field: 'parts.foo.plugn', message: 'extra inputs are not permitted' },
      { file: 'rockcraft.yaml', field: 'parts.foo', message: "field 'plugin' required in 'parts.foo' configuration" },
      { file: 'rockcraft.yaml', field: '', message: "field 'summary' required in top-level configuration" },
      { file: 'rockcraft.yaml', field: 'name', message: 'invalid name: Names can only use ASCII lowercase letters' },
    ]);
    assert.deepEqual(fieldProblems(["Extension 'go-framework' does not support base: 'ubuntu@22.04'"], 'rockcraft.yaml'), [
      { file: 'rockcraft.yaml', field: 'base', message: "Extension 'go-framework' does not support base: 'ubuntu@22.04'" },
    ]);
    assert.deepEqual(fieldProblems(['Some unrelated failure'], 'rockcraft.yaml'), []);
  });

  void it('locates dotted fields, including keys with dots, in the YAML', () => {
    const text = 'name: x\nplatforms:\n  ubuntu@22.04:amd64:\n    build-on: [amd64]\nparts:\n  foo:\n    plugn: nil\n';
    assert.deepEqual(locateField(text, 'parts.foo.plugn'), { startLine: 6, startCharacter: 4, endLine: 6, endCharacter: 9 });
    // A missing field is reported on its nearest existing parent.
    assert.deepEqual(locateField(text, 'parts.foo.plugin'), { startLine: 5, startCharacter: 2, endLine: 5, endCharacter: 5 });
    assert.equal(locateField(text, 'platforms.ubuntu@22.04:amd64.build-for').startLine, 2);
    assert.deepEqual(locateField(text, ''), { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 7 });
  });
});

const STATUS = {
  model: { name: 'flask-hello-world', type: 'caas', controller: 'dev-controller', cloud: 'microk8s', region: 'localhost', version: '3.6.2', 'model-status': { current: 'available' } },
  machines: {},
  applications: {
    'flask-hello-world': {
      charm: 'local:flask-hello-world-0',
      'charm-origin': 'local',
      'charm-name': 'flask-hello-world',
      'charm-rev': 0,
      scale: 1,
      address: '10.152.183.166',
      exposed: false,
      'application-status': { current: 'active', message: '' },
      relations: { ingress: [{ 'related-application': 'nginx-ingress-integrator', interface: 'ingress', scope: 'global' }] },
      units: {
        'flask-hello-world/1': { 'workload-status': { current: 'active' }, 'juju-status': { current: 'idle' }, address: '10.1.87.214' },
        'flask-hello-world/0': { 'workload-status': { current: 'active' }, 'juju-status': { current: 'idle' }, leader: true, address: '10.1.87.213' },
      },
    },
    broken: { 'status-error': 'cannot load application' },
    old: { charm: 'old', 'charm-origin': 'charmhub', 'charm-name': 'old', 'charm-rev': 1, exposed: false, relations: { db: ['pg'] }, units: {} },
  },
};

void describe('juju status', () => {
  void it('parses applications, units, relations and addresses', () => {
    const s = parseJujuStatus(JSON.stringify(STATUS));
    assert.equal(s.model.name, 'flask-hello-world');
    assert.deepEqual(
      s.apps.map((a) => a.name),
      ['broken', 'flask-hello-world', 'old'],
    );
    const app = s.apps[1];
    assert.equal(app.address, '10.152.183.166');
    assert.equal(app.charmRev, 0);
    assert.deepEqual(
      app.units.map((u) => [u.name, u.leader, u.address]),
      [
        ['flask-hello-world/0', true, '10.1.87.213'],
        ['flask-hello-world/1', false, '10.1.87.214'],
      ],
    );
    assert.deepEqual(app.relations, [{ endpoint: 'ingress', relatedApp: 'nginx-ingress-integrator', interface: 'ingress' }]);
    assert.equal(settledState(app), 'active');
    assert.equal(settledState(s.apps[0]), 'error');
    assert.equal(s.apps[0].statusError, 'cannot load application');
    assert.deepEqual(s.apps[2].relations, [{ endpoint: 'db', relatedApp: 'pg' }]);
    assert.throws(() => parseJujuStatus('not json'));
    assert.throws(() => parseJujuStatus('[]'));
  });

  void it('decides when an application has settled', () => {
    const s = parseJujuStatus(JSON.stringify(STATUS));
    const app = s.apps[1];
    const unit = (workload: string, agent: string, message?: string) => ({ ...app, units: [{ ...app.units[0], workload: { current: workload, message }, agent: { current: agent } }] });
    assert.equal(settledState(unit('blocked', 'idle', 'missing integrations: postgresql')), 'blocked');
    assert.equal(statusMessage(unit('blocked', 'idle', 'missing integrations: postgresql')), 'missing integrations: postgresql');
    assert.equal(settledState(unit('waiting', 'idle', 'Waiting for pebble ready')), 'waiting');
    assert.equal(settledState(unit('active', 'executing')), 'waiting');
    assert.equal(settledState(unit('maintenance', 'error')), 'error');
    assert.equal(settledState({ ...app, units: [] }), 'waiting');
  });

  void it('classifies the error catalogue', () => {
    const cases: [string, string][] = [
      ['ERROR No controllers registered.\n\nPlease either create a new controller using "juju bootstrap" or connect to', 'no-controller'],
      ['ERROR No selected controller.\n\nPlease use "juju switch" to select a controller.', 'no-selected-controller'],
      ['ERROR No model in focus.\n\nPlease use "juju models" to see models available to you.', 'no-model'],
      ['ERROR model dev-controller:admin/x not found', 'model-not-found'],
      ['ERROR application "x" not found', 'app-not-found'],
      ['ERROR local charm missing OCI images for: flask-app-image', 'missing-resource'],
      ['ERROR unrecognized resource "app-image"', 'unrecognized-resource'],
      ['ERROR Charm feature requirements cannot be met:\n  - charm requires feature "k8s-api"', 'feature-requirements'],
      ['ERROR ambiguous relation: "a b" could refer to "a:x b:y"; "a:z b:y"', 'ambiguous-relation'],
      ['ERROR no relations found', 'no-relations'],
      ['ERROR unknown option "nope"', 'unknown-option'],
      ['ERROR option "port" expected int, got "abc"', 'option-type'],
      ['ERROR something new', 'unknown'],
    ];
    for (const [text, kind] of cases) assert.equal(classifyJujuError(text).kind, kind, text);
    const mismatch = classifyJujuError('ERROR unrecognized resource "app-image"', { expectedResource: 'flask-app-image' });
    assert.match(mismatch.message, /expects flask-app-image/);
    assert.match(mismatch.hint ?? '', /--resource flask-app-image=/);
    assert.equal(mismatch.detail, 'ERROR unrecognized resource "app-image"');
    assert.match(classifyJujuError('ERROR No controllers registered.').hint ?? '', /juju bootstrap microk8s/);
  });
});
