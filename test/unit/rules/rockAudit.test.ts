import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkIn, show } from '../helpers';

/**
 * rockcraft.yaml mistakes from the audit against rockcraft.md that Rockcraft reports at
 * `rockcraft pack` (or earlier). `»` marks where the diagnostic starts; each case asserts the
 * code, the severity and that exact 1-based line and column. Each rule also has valid near
 * misses that must not give its code.
 */
interface Case {
  title: string;
  text: string;
  code: string;
  severity: 'error' | 'warning';
  /** Other files of the project, by name. */
  others?: Record<string, string>;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };
const HEAD = 'name: hello\nversion: "0.1"\nsummary: Hello rock\ndescription: A test rock.\n';
const UBUNTU = `${HEAD}base: ubuntu@24.04\nplatforms:\n  amd64:\n`;
const BARE = `${HEAD}base: bare\nbuild-base: ubuntu@24.04\nplatforms:\n  amd64:\n`;
const FLASK_FILES = { 'requirements.txt': 'flask\n', 'app.py': 'import flask\napp = flask.Flask(__name__)\n' };
const DJANGO_FILES = { 'requirements.txt': 'Django\n', 'hello/hello/wsgi.py': 'application = object()\n' };

const MISTAKES: Case[] = [
  // --- base: bare with an empty build-base (Rockcraft's validator tests `if not build_base`)
  { title: 'bare base with an empty build-base', text: `${HEAD}base: bare\n»build-base:\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\n`, code: 'bare-needs-build-base', severity: 'error' },
  { title: 'bare base with a null build-base', text: `${HEAD}base: bare\n»build-base: ~\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\n`, code: 'bare-needs-build-base', severity: 'error' },

  // --- parts ordered in a loop (craft-parts: "A circular dependency chain was detected.")
  {
    title: 'two parts after each other',
    text: `${UBUNTU}parts:\n  app:\n    plugin: nil\n    after: [»config]\n  config:\n    plugin: nil\n    after: [app]\n`,
    code: 'part-dependency-cycle', severity: 'error',
  },
  {
    title: 'three parts in a loop',
    text: `${UBUNTU}parts:\n  a:\n    plugin: nil\n    after: [»b]\n  b:\n    plugin: nil\n    after: [c]\n  c:\n    plugin: nil\n    after: [a]\n`,
    code: 'part-dependency-cycle', severity: 'error',
  },
  {
    title: 'extension part ordered after the part the extension orders after it',
    text: `${UBUNTU}extensions: [spring-boot-framework]\nparts:\n  spring-boot-framework/install-app:\n    after: [»spring-boot-framework/runtime]\n`,
    others: { 'pom.xml': '<project/>\n' },
    code: 'part-dependency-cycle', severity: 'error',
  },

  // --- absolute PARTS_PYTHON_INTERPRETER with Rockcraft's own Python plugins
  {
    title: 'absolute PARTS_PYTHON_INTERPRETER in a python part',
    text: `${UBUNTU}parts:\n  app:\n    plugin: python\n    source: .\n    build-environment:\n      - PARTS_PYTHON_INTERPRETER: »/usr/bin/python3.12\n`,
    code: 'python-interpreter-absolute', severity: 'error',
  },
  {
    title: 'absolute PARTS_PYTHON_INTERPRETER in a poetry part on a bare base',
    text: `${BARE}parts:\n  app:\n    plugin: poetry\n    source: .\n    build-environment:\n      - PATH: /usr/bin\n      - PARTS_PYTHON_INTERPRETER: »/bin/python3\n`,
    code: 'python-interpreter-absolute', severity: 'error',
  },
  {
    title: 'absolute PARTS_PYTHON_INTERPRETER added to the flask dependencies part',
    text: `${BARE}extensions: [flask-framework]\nparts:\n  flask-framework/dependencies:\n    build-environment:\n      - PARTS_PYTHON_INTERPRETER: »/usr/bin/python3.12\n`,
    others: FLASK_FILES,
    code: 'python-interpreter-absolute', severity: 'error',
  },

  // --- stage-packages merged with an extension part's own (craft-parts: "Cannot mix packages and slices")
  {
    title: 'Debian package added to the django dependencies part on a bare base',
    text: `${BARE}extensions: [django-framework]\nparts:\n  django-framework/dependencies:\n    stage-packages:\n      - »libpq-dev\n`,
    others: DJANGO_FILES,
    code: 'merged-stage-packages', severity: 'warning',
  },
  {
    title: 'Debian package added to the flask runtime part on a bare base',
    text: `${BARE}extensions: [flask-framework]\nparts:\n  flask-framework/runtime:\n    stage-packages: [»libpq5]\n`,
    others: FLASK_FILES,
    code: 'merged-stage-packages', severity: 'warning',
  },
  {
    title: 'Chisel slice added to the flask dependencies part on an Ubuntu base',
    text: `${UBUNTU}extensions: [flask-framework]\nparts:\n  flask-framework/dependencies:\n    stage-packages: [»libpq5_libs]\n`,
    others: FLASK_FILES,
    code: 'merged-stage-packages', severity: 'warning',
  },
  {
    title: 'Debian package added to the go runtime part (it stages ca-certificates_data)',
    text: `${UBUNTU}extensions: [go-framework]\nparts:\n  go-framework/runtime:\n    stage-packages: [»tzdata]\n`,
    others: { 'go.mod': 'module hello\n\ngo 1.22\n' },
    code: 'merged-stage-packages', severity: 'warning',
  },
];

for (const m of MISTAKES) {
  void test(`rock audit: ${m.title}`, () => {
    const marker = m.text.indexOf('»');
    assert.ok(marker >= 0, 'the test text needs a » marker');
    const text = m.text.slice(0, marker) + m.text.slice(marker + 1);
    const before = text.slice(0, marker).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    const files: Record<string, string> = { '/p/rockcraft.yaml': text };
    for (const [n, t] of Object.entries(m.others ?? {})) files[`/p/${n}`] = t;
    const { diagnostics } = checkIn(files, '/p/rockcraft.yaml');
    const hit = diagnostics.find((d) => d.code === m.code && d.range.start.line + 1 === line && d.range.start.character + 1 === column);
    assert.ok(hit, `expected ${m.code} at ${line}:${column}, got:\n${show(diagnostics)}`);
    assert.equal(hit.severity, SEVERITY[m.severity], `severity of ${m.code}: ${show([hit])}`);
    assert.equal(diagnostics.filter((d) => d.code === m.code).length, 1, `one ${m.code} only:\n${show(diagnostics)}`);
    assert.ok(String(hit.message).length > 20, 'the message says what to do');
  });
}

/** Valid near misses: the rule's code must not appear. */
const NEAR_MISSES: { title: string; text: string; code: string; others?: Record<string, string> }[] = [
  { title: 'bare base with a build-base', text: `${BARE}parts:\n  a:\n    plugin: nil\n`, code: 'bare-needs-build-base' },
  { title: 'python-constraints on the deprecated spelling of a build base that has it', text: `${HEAD}base: ubuntu:22.04\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: python\n    source: .\n    python-constraints: [c.txt]\n`, code: 'build-base-key' },
  { title: 'Ubuntu base with an empty build-base (defaults to the base)', text: `${HEAD}base: ubuntu@24.04\nbuild-base:\nplatforms:\n  amd64:\nparts:\n  a:\n    plugin: nil\n`, code: 'bare-needs-build-base' },
  {
    title: 'parts ordered in a chain, not a loop',
    text: `${UBUNTU}parts:\n  a:\n    plugin: nil\n    after: [b, c]\n  b:\n    plugin: nil\n    after: [c]\n  c:\n    plugin: nil\n`,
    code: 'part-dependency-cycle',
  },
  {
    title: 'a part ordered after the spring-boot runtime part',
    text: `${UBUNTU}extensions: [spring-boot-framework]\nparts:\n  extra:\n    plugin: nil\n    after: [spring-boot-framework/runtime]\n`,
    others: { 'pom.xml': '<project/>\n' },
    code: 'part-dependency-cycle',
  },
  {
    title: 'PARTS_PYTHON_INTERPRETER given as a name',
    text: `${BARE}parts:\n  app:\n    plugin: python\n    source: .\n    stage-packages: [python3.12-venv_ensurepip]\n    build-environment:\n      - PARTS_PYTHON_INTERPRETER: python3.12\n`,
    code: 'python-interpreter-absolute',
  },
  {
    title: 'absolute PARTS_PYTHON_INTERPRETER on a 26.04 build base (craft-parts plugin, no such check)',
    text: `${HEAD}base: ubuntu@26.04\nplatforms:\n  amd64:\nparts:\n  app:\n    plugin: python\n    source: .\n    build-environment:\n      - PARTS_PYTHON_INTERPRETER: /usr/bin/python3\n`,
    code: 'python-interpreter-absolute',
  },
  {
    title: 'absolute PARTS_PYTHON_INTERPRETER in a part that is not Python',
    text: `${UBUNTU}parts:\n  app:\n    plugin: nil\n    build-environment:\n      - PARTS_PYTHON_INTERPRETER: /usr/bin/python3\n`,
    code: 'python-interpreter-absolute',
  },
  {
    title: 'slices added to the django dependencies part on a bare base',
    text: `${BARE}extensions: [django-framework]\nparts:\n  django-framework/dependencies:\n    stage-packages: [libpq5_libs]\n`,
    others: DJANGO_FILES,
    code: 'merged-stage-packages',
  },
  {
    title: 'Debian package added to the flask dependencies part on an Ubuntu base',
    text: `${UBUNTU}extensions: [flask-framework]\nparts:\n  flask-framework/dependencies:\n    stage-packages: [libpq5]\n`,
    others: FLASK_FILES,
    code: 'merged-stage-packages',
  },
  {
    title: 'Debian packages in a separate part next to a bare flask rock',
    text: `${BARE}extensions: [flask-framework]\nparts:\n  runtime-debs:\n    plugin: nil\n    stage-packages: [libpq5]\n`,
    others: FLASK_FILES,
    code: 'merged-stage-packages',
  },
  {
    title: 'slice added on a build base the extension cannot use (reported as such instead)',
    text: `${HEAD}base: bare\nbuild-base: ubuntu@25.10\nplatforms:\n  amd64:\nextensions: [flask-framework]\nparts:\n  flask-framework/dependencies:\n    stage-packages: [libpq5_libs]\n`,
    others: FLASK_FILES,
    code: 'merged-stage-packages',
  },
];

for (const n of NEAR_MISSES) {
  void test(`rock audit, valid: ${n.title}`, () => {
    const files: Record<string, string> = { '/p/rockcraft.yaml': n.text };
    for (const [f, t] of Object.entries(n.others ?? {})) files[`/p/${f}`] = t;
    const { diagnostics } = checkIn(files, '/p/rockcraft.yaml');
    assert.deepEqual(diagnostics.filter((d) => d.code === n.code), [], show(diagnostics));
  });
}

void test('rock audit: every mistake rule has a valid near miss', () => {
  const covered = new Set(NEAR_MISSES.map((n) => n.code));
  for (const m of MISTAKES) assert.ok(covered.has(m.code), `no near miss for ${m.code}`);
});

void test('a loop through 3,000 parts: one error at the entry that closes it, the loop shortened in the message', () => {
  const n = 3000;
  let text = 'name: hello\nversion: "0.1"\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n';
  for (let i = 0; i < n; i++) text += `  p${i}:\n    plugin: nil\n    after: [p${(i + 1) % n}]\n`;
  // and a long chain without a loop beside it
  for (let i = 0; i < n; i++) text += `  q${i}:\n    plugin: nil\n${i ? `    after: [q${i - 1}]\n` : ''}`;
  const loops = checkIn({ '/p/rockcraft.yaml': text }, '/p/rockcraft.yaml').diagnostics.filter((d) => d.code === 'part-dependency-cycle');
  assert.equal(loops.length, 1, show(loops));
  assert.deepEqual(loops[0].range.start, { line: 10, character: 12 });
  assert.match(String(loops[0].message), /^A circular dependency chain was detected: `p0` → `p1` → .* … .* → `p0`\./);
  assert.ok(String(loops[0].message).length < 400, String(loops[0].message).length.toString());
});
