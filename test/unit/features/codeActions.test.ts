import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { LanguageService } from '../../../server/src/service';
import type { ParsedFile } from '../../../server/src/service/parse';
import { MemoryFs, SHARED } from '../helpers';
import { applyEdits, open, type Opened } from './fixture';

const NOWHERE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function actionsFor(o: Opened, d: Diagnostic): CodeAction[] {
  return o.service.codeActions(o.parsed, d.range, { diagnostics: [d] });
}

function diagnostic(o: Opened, code: string, line?: number): Diagnostic {
  const d = o.service.validate(o.parsed).find((x) => x.code === code && (line === undefined || x.range.start.line === line));
  assert.ok(d, `no ${code} diagnostic`);
  return d;
}

/** Applies an action and validates the result in the same project. */
function applied(o: Opened, action: CodeAction): { text: string; diagnostics: Diagnostic[] } {
  const edits = action.edit?.changes?.[o.parsed.uri];
  assert.ok(edits && edits.length, `${action.title} has no edits`);
  const text = applyEdits(o.fixture.text, o.parsed, edits);
  const parsed = o.service.parse({ uri: `${o.parsed.uri}#fixed`, path: o.parsed.path, text, version: 2 }) as ParsedFile;
  return { text, diagnostics: o.service.validate(parsed) };
}

void test('near-miss key, deprecated value and alias key: replace with the suggestion', () => {
  const o = open('rock-legacy/rockcraft.yaml');
  const cases: [string, string, RegExp][] = [
    ['unknown-key', 'Change to `summary`', /\nsummary: A small HTTP API\.\n/],
    ['deprecated-value', 'Replace with `ubuntu@22.04`', /\nbase: ubuntu@22\.04\n/],
    ['alias-key', 'Use `run-user` instead', /\nrun-user: _daemon_\n/],
  ];
  for (const [code, title, expected] of cases) {
    const d = diagnostic(o, code);
    const [fix] = actionsFor(o, d);
    assert.equal(fix.title, title);
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [d]);
    const { text, diagnostics } = applied(o, fix);
    assert.match(text, expected);
    assert.ok(!diagnostics.some((x) => x.code === code), `${code} is gone after the fix`);
  }
});

void test('missing keys are added with placeholders inside the right mapping', () => {
  const o = open('rock-legacy/rockcraft.yaml');
  const d = diagnostic(o, 'service-missing-keys');
  const fix = actionsFor(o, d).find((a) => a.title.startsWith('Add missing keys'));
  assert.ok(fix);
  const { text, diagnostics } = applied(o, fix);
  assert.match(text, /\n {2}metrics:\n {4}startup: enabled\n {4}override: replace\n {4}command: ""\n/);
  assert.ok(!diagnostics.some((x) => x.code === 'service-missing-keys'));
  const top = diagnostic(o, 'missing-key');
  assert.deepEqual(top.data, { missing: ['summary'] });
  const add = actionsFor(o, top)[0];
  assert.match(applied(o, add).text, /\nsummary: ""\n?$/);
});

void test('`entrypoint` + `cmd` become a Pebble service; the removed keys go away', () => {
  const o = open('rock-legacy/rockcraft.yaml');
  const d = diagnostic(o, 'removed-key', o.find('cmd:').line);
  const actions = actionsFor(o, d);
  assert.deepEqual(actions.map((a) => a.title), ['Move `entrypoint`/`cmd` into a Pebble service', 'Remove `cmd`']);
  const { text, diagnostics } = applied(o, actions[0]);
  assert.doesNotMatch(text, /\n(entrypoint|cmd):/);
  assert.match(text, /\nservices:\n {2}metrics:\n {4}startup: enabled\n {2}hello-api:\n {4}override: replace\n {4}command: \/usr\/bin\/python3 -m hello_api \[ --port 8080 \]\n {4}startup: enabled\n/);
  assert.equal(diagnostics.filter((x) => x.code === 'removed-key').length, 1, 'only `env` is left');
  assert.ok(!diagnostics.some((x) => x.code === 'entrypoint-service-args' || String(x.code).startsWith('service-command')));
});

void test('`env` as a list of NAME=value becomes an `environment` mapping', () => {
  const o = open('rock-legacy/rockcraft.yaml');
  const d = diagnostic(o, 'removed-key', o.find('env:').line);
  const fix = actionsFor(o, d)[0];
  assert.equal(fix.title, 'Change `env` to `environment`');
  const { text, diagnostics } = applied(o, fix);
  assert.match(text, /\nenvironment:\n {2}PORT: "8080"\n {2}LOG_LEVEL: info\n/);
  assert.equal(diagnostics.filter((x) => x.code === 'removed-key').length, 2, '`entrypoint` and `cmd` are left');
});

void test('`env` as a mapping is renamed in place; without `services` the command creates the section', () => {
  const text = 'name: hello\nsummary: s\ndescription: d\nversion: "1"\nbase: ubuntu@24.04\nplatforms:\n  amd64:\ncmd: /bin/hello --serve\nenv:\n  MODE: prod\nparts:\n  p:\n    plugin: nil\n';
  const service = new LanguageService({ fs: MemoryFs.of({ '/x/rockcraft.yaml': text }) });
  const parsed = service.parse({ uri: '/x/rockcraft.yaml', path: '/x/rockcraft.yaml', text, version: 1 });
  assert.ok(parsed);
  const removed = service.validate(parsed).filter((d) => d.code === 'removed-key');
  assert.equal(removed.length, 2);
  const fixes = removed.map((d) => service.codeActions(parsed, d.range, { diagnostics: [d] })[0]);
  const edits = fixes.flatMap((f) => f.edit?.changes?.[parsed.uri] ?? []);
  const fixed = applyEdits(text, parsed, edits);
  assert.equal(fixed, 'name: hello\nsummary: s\ndescription: d\nversion: "1"\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nservices:\n  hello:\n    override: replace\n    command: /bin/hello --serve\n    startup: enabled\nenvironment:\n  MODE: prod\nparts:\n  p:\n    plugin: nil\n');
  const again = service.parse({ uri: '/x/rockcraft.yaml#2', path: '/x/rockcraft.yaml', text: fixed, version: 2 });
  assert.ok(again);
  assert.deepEqual(service.validate(again).filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.message), []);
});

void test('fixes from rules are handled generically (replacement and missing from `data`)', () => {
  const text = 'name: c\ntype: charm\nsummary: s\ndescription: d\nbases:\n  - name: ubuntu\n    channel: 22.04\n';
  const service = new LanguageService({ fs: MemoryFs.of({ '/c/charmcraft.yaml': text }) });
  const parsed = service.parse({ uri: '/c/charmcraft.yaml', path: '/c/charmcraft.yaml', text, version: 1 });
  assert.ok(parsed);
  const d = service.validate(parsed).find((x) => x.code === 'channel-not-string');
  assert.ok(d, 'the charm-bases rule reports the unquoted channel');
  const [fix] = service.codeActions(parsed, d.range, { diagnostics: [d] });
  assert.equal(fix.title, 'Change to `"22.04"`');
  assert.match(applyEdits(text, parsed, fix.edit?.changes?.[parsed.uri] ?? []), /channel: "22\.04"\n/);
  const other = service.codeActions(parsed, NOWHERE, { diagnostics: [{ ...d, source: 'another-linter' }] });
  assert.ok(other.every((a) => a.kind !== CodeActionKind.QuickFix), 'diagnostics of other tools are left alone');
});

void test('legacy `bases:` → `base:` + `platforms:` as a source action and, on `bases`, a rewrite', () => {
  const o = open('charm-legacy/charmcraft.yaml', ['charm-legacy/metadata.yaml']);
  const source = o.service.codeActions(o.parsed, NOWHERE, { diagnostics: [], only: [CodeActionKind.Source] });
  assert.equal(source.length, 1);
  assert.equal(source[0].kind, 'source.convertBases');
  assert.equal(o.service.codeActions(o.parsed, NOWHERE, { diagnostics: [], only: [CodeActionKind.RefactorRewrite] }).length, 0, 'cursor not on bases');
  const onBases = o.service.codeActions(o.parsed, { start: o.find('run-on'), end: o.find('run-on') }, { diagnostics: [], only: [CodeActionKind.Refactor] });
  assert.equal(onBases.length, 1);
  const { text, diagnostics } = applied(o, source[0]);
  assert.equal(text, [
    '# This file configures Charmcraft.',
    '# See https://juju.is/docs/sdk/charmcraft-config for guidance.',
    '',
    'type: charm',
    'platforms:',
    '  ubuntu@20.04:amd64:',
    '  ubuntu@22.04:amd64:',
    '',
    'parts:',
    '  charm:',
    '    build-packages: [git]',
    '    charm-python-packages: [setuptools]',
    '',
  ].join('\n'));
  assert.deepEqual(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.message), []);
});

void test('bases → platforms on every corpus charm that uses `bases:`: no new errors where the bases were valid', () => {
  const dir = path.join(SHARED, 'corpus', 'charmcraft');
  const arches = new Set(['amd64', 'arm64', 'armhf', 'ppc64el', 'riscv64', 's390x']);
  let converted = 0;
  let checked = 0;
  for (const f of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (!/^bases:/m.test(text)) continue;
    const p = `/corpus/${f}/charmcraft.yaml`;
    const files: Record<string, string> = { [p]: text };
    if (!/^name:/m.test(text)) files[`/corpus/${f}/metadata.yaml`] = 'name: x\nsummary: s\ndescription: d\n';
    const service = new LanguageService({ fs: MemoryFs.of(files), settings: { projectChecks: false } });
    const parsed = service.parse({ uri: p, path: p, text, version: 1 });
    assert.ok(parsed);
    const before = new Set(service.validate(parsed).filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => String(d.code)));
    const [action] = service.codeActions(parsed, NOWHERE, { diagnostics: [], only: [CodeActionKind.Source] });
    assert.ok(action, `${f}: no conversion offered`);
    const out = applyEdits(text, parsed, action.edit?.changes?.[p] ?? []);
    assert.doesNotMatch(out, /^bases:/m, f);
    assert.match(out, /^platforms:/m, f);
    const after = service.parse({ uri: `${p}#2`, path: p, text: out, version: 2 });
    assert.ok(after);
    const valid = [...text.matchAll(/channel:\s*"?([\d.]+)/g)].every((m) => ['18.04', '20.04', '22.04'].includes(m[1]))
      && [...text.matchAll(/architectures:\s*\[([^\]]*)\]/g)].every((m) => m[1].split(',').every((a) => arches.has(a.trim().replace(/"/g, ''))))
      && !/architectures:\n(\s+- (?!(amd64|arm64|armhf|ppc64el|riscv64|s390x)\b).*\n)/.test(text);
    if (valid) {
      const fresh = service.validate(after).filter((d) => d.severity === DiagnosticSeverity.Error && !before.has(String(d.code)));
      assert.deepEqual(fresh.map((d) => `${String(d.code)}: ${d.message}`), [], f);
      checked++;
    }
    converted++;
  }
  assert.ok(converted >= 20, `converted ${converted} files`);
  assert.ok(checked >= converted - 3, `validated ${checked} of ${converted}`);
});
