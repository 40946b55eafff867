import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../../server/src/service';
import { MemoryFs } from '../helpers';

// The facade must hand the workspace to the quick-fix engine, or the 12-factor fixes that
// create app files never reach the editor.
void test('LanguageService.codeActions offers to create requirements.txt for a Flask rock without one', () => {
  const rock = [
    'name: hello',
    'base: ubuntu@24.04',
    'version: "0.1"',
    'summary: Hello',
    'description: Hello app.',
    'platforms:',
    '  amd64:',
    'extensions:',
    '  - flask-framework',
    '',
  ].join('\n');
  const fs = MemoryFs.of({ '/app/rockcraft.yaml': rock, '/app/app.py': 'import flask\napp = flask.Flask(__name__)\n' });
  const service = new LanguageService({ fs });
  const parsed = service.parse({ uri: 'file:///app/rockcraft.yaml', path: '/app/rockcraft.yaml', text: rock, version: 1 });
  assert.ok(parsed);
  const diagnostics = service.validate(parsed);
  const missing = diagnostics.find((d) => d.code === 'tf-missing-requirements');
  assert.ok(missing, `expected tf-missing-requirements, got ${diagnostics.map((d) => String(d.code)).join(', ')}`);
  assert.equal(missing.range.start.line, 8);
  const actions = service.codeActions(parsed, missing.range, { diagnostics: [missing] });
  const create = actions.find((a) => /requirements\.txt/.test(a.title));
  assert.ok(create, `no requirements.txt action among: ${actions.map((a) => a.title).join(' | ')}`);
  const changes = JSON.stringify(create.edit);
  assert.match(changes, /"kind":"create"/);
  assert.match(changes, /requirements\.txt/);
  assert.match(changes, /Flask/);
});
