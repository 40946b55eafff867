import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { it } from 'node:test';
import { COMMANDS, RUNS_PROGRAMS } from '../../../client/src/commandIds';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
    problemPatterns: { name: string; patterns: { regexp: string; file?: number; message?: number; code?: number }[] }[];
    problemMatchers: { name: string; pattern: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const REPO = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

void it('package.json declares exactly the registered commands, in the 12-Factor category', () => {
  const declared = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(declared, Object.values(COMMANDS).sort());
  for (const c of pkg.contributes.commands) assert.equal(c.category, '12-Factor', c.command);
});

void it('commands that run programs are hidden from the palette unless trusted and in a project', () => {
  const palette = new Map(pkg.contributes.menus.commandPalette.map((m) => [m.command, m.when ?? '']));
  for (const id of RUNS_PROGRAMS) assert.match(palette.get(id) ?? '', /isWorkspaceTrusted/, id);
  for (const id of RUNS_PROGRAMS.filter((c) => c !== COMMANDS.init)) assert.match(palette.get(id) ?? '', /twelveFactor\.isProject/, id);
});

void it('tool paths are machine-overridable, restricted, and default to the plain command names', () => {
  const props = pkg.contributes.configuration.properties;
  const defaults: Record<string, string> = { rockcraft: 'rockcraft', charmcraft: 'charmcraft', skopeo: 'rockcraft.skopeo', juju: 'juju' };
  for (const [tool, def] of Object.entries(defaults)) {
    const key = `twelveFactor.paths.${tool}`;
    assert.equal(props[key].scope, 'machine-overridable');
    assert.equal(props[key].default, def);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key));
  }
  for (const key of ['twelveFactor.registry', 'twelveFactor.juju.model', 'twelveFactor.deploy.appName', 'twelveFactor.deploy.packBeforeDeploy', 'twelveFactor.validation.projectChecks', 'twelveFactor.trace.server']) {
    assert.ok(props[key], key);
  }
  assert.equal(props['twelveFactor.validation.projectChecks'].default, true);
  assert.equal(props['twelveFactor.registry'].default, 'localhost:32000');
});

void it('the problem matchers read the "Bad <file> content" block the tools print', () => {
  const output = [
    'Bad rockcraft.yaml content:',
    "- plugin not registered: 'pyhton' (in field 'parts.app', input: {'plugin': 'pyhton'})",
    "- field 'summary' required in top-level configuration",
  ];
  const pattern = pkg.contributes.problemPatterns.find((p) => p.name === 'rockcraft-bad-content');
  assert.ok(pattern);
  assert.ok(pkg.contributes.problemMatchers.some((m) => m.name === 'rockcraft' && m.pattern === '$rockcraft-bad-content'));
  const [head, item] = pattern.patterns.map((p) => new RegExp(p.regexp));
  assert.equal(head.exec(output[0])?.[pattern.patterns[0].file ?? 0], 'rockcraft.yaml');
  const m1 = item.exec(output[1]);
  assert.equal(m1?.[1], "plugin not registered: 'pyhton'");
  assert.equal(m1?.[2], 'parts.app');
  assert.equal(item.exec(output[2])?.[1], "field 'summary' required in top-level configuration");
});

void it('the Juju view, the walkthrough media and the icon exist', () => {
  assert.ok(pkg.contributes.views.twelveFactor.some((v) => v.id === 'twelveFactor.juju'));
  for (const step of pkg.contributes.walkthroughs[0].steps) {
    if (step.media.markdown) assert.ok(fs.existsSync(path.join(REPO, step.media.markdown)), step.media.markdown);
  }
  assert.ok(fs.existsSync(path.join(REPO, 'media', 'icon.png')));
  assert.ok(fs.existsSync(path.join(REPO, 'media', 'twelve-factor.svg')));
});
