import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkIn, show } from '../helpers';

/**
 * Charm mistakes found by auditing charmcraft.md / juju-deploy.md against what we reported.
 * Each case is one small project; `»` marks where the diagnostic must start (it is removed from
 * the text). Each rule also has valid near misses that must give none of the audited codes.
 */
type FileName = 'charmcraft.yaml' | 'metadata.yaml' | 'config.yaml' | 'actions.yaml';

interface Case {
  title: string;
  text: string;
  code: string;
  severity: 'error' | 'warning';
  /** Defaults to charmcraft.yaml. */
  file?: FileName;
  others?: Record<string, string>;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };
const HEAD = 'name: hello-k8s\ntype: charm\nsummary: Hello charm\ndescription: A test charm.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n';
const PARTS = 'parts:\n  charm:\n    plugin: charm\n    source: .\n';
const charm = (rest: string): string => HEAD + PARTS + rest;
const strictPart = (extra: string): string => `${HEAD}parts:\n  charm:\n    plugin: charm\n    source: .\n    charm-strict-dependencies: true\n${extra}`;
const storage = (range: string): string => charm(`storage:\n  data:\n    type: filesystem\n    multiple:\n      range: ${range}\n`);

const CASES: Case[] = [
  // --- actions in charmcraft.yaml get the same checks as actions.yaml
  { title: 'charmcraft.yaml action requires an undeclared parameter', text: charm('actions:\n  backup:\n    required: [»target]\n    params:\n      path: {type: string}\n'), code: 'action-required-unknown-param', severity: 'warning' },
  { title: 'charmcraft.yaml action parameter typed int', text: charm('actions:\n  backup:\n    params:\n      keep:\n        type: »int\n'), code: 'action-param-type', severity: 'warning' },
  { title: 'charmcraft.yaml action parameter default of another type', text: charm('actions:\n  backup:\n    params:\n      path:\n        type: string\n        default: »5\n'), code: 'action-param-default', severity: 'warning' },
  { title: 'charmcraft.yaml action with parameters instead of params', text: charm('actions:\n  backup:\n    »parameters:\n      path: {type: string}\n'), code: 'action-unknown-key', severity: 'warning' },

  // --- config in charmcraft.yaml
  { title: 'charmcraft.yaml config options written without options', text: charm('»config:\n  greeting:\n    type: string\n'), code: 'config-missing-options', severity: 'error' },
  { title: 'charmcraft.yaml config without options next to an extension', text: `${HEAD}extensions: [flask-framework]\n»config:\n  greeting:\n    type: string\n`, code: 'config-missing-options', severity: 'warning' },
  { title: 'charmcraft.yaml config option with defualt', text: charm('config:\n  options:\n    greeting:\n      type: string\n      »defualt: Hello\n'), code: 'config-option-unknown-key', severity: 'warning' },

  // --- extra bindings
  { title: 'extra binding named like an endpoint', text: charm('extra-bindings:\n  »db:\nrequires:\n  db:\n    interface: mysql_client\n'), code: 'extra-binding-endpoint-name', severity: 'warning' },
  {
    title: 'metadata.yaml extra binding named like a peer endpoint', file: 'metadata.yaml',
    text: 'name: hello\nsummary: s\ndescription: d\npeers:\n  cluster:\n    interface: hello-peers\nextra-bindings:\n  »cluster:\n',
    others: { 'charmcraft.yaml': `type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n${PARTS}` },
    code: 'extra-binding-endpoint-name', severity: 'warning',
  },

  // --- charm plugin, strict dependencies
  { title: 'strict dependencies with a version specifier in the binary packages', text: strictPart('    charm-binary-python-packages: [ops, »pydantic>=2]\n'), code: 'charm-strict-dependencies', severity: 'error' },

  // --- parts
  { title: 'charm parts after each other in a loop', text: `${HEAD}parts:\n  charm:\n    plugin: charm\n    source: .\n    after: [»libs]\n  libs:\n    plugin: dump\n    source: lib\n    after: [charm]\n`, code: 'part-dependency-cycle', severity: 'error' },

  // --- storage counts Juju refuses
  { title: 'storage multiple range of 0', text: storage('»0'), code: 'invalid-format', severity: 'warning' },
  { title: 'storage multiple range with a maximum of 0', text: storage('»0-0'), code: 'invalid-format', severity: 'warning' },
];

function located(c: Case): { files: Record<string, string>; path: string; line: number; column: number } {
  const marker = c.text.indexOf('»');
  assert.ok(marker >= 0, 'the test text needs a » marker');
  const text = c.text.slice(0, marker) + c.text.slice(marker + 1);
  const before = text.slice(0, marker).split('\n');
  const name = c.file ?? 'charmcraft.yaml';
  const files: Record<string, string> = { [`/p/${name}`]: text };
  for (const [n, t] of Object.entries(c.others ?? {})) files[`/p/${n}`] = t;
  return { files, path: `/p/${name}`, line: before.length, column: before[before.length - 1].length + 1 };
}

for (const c of CASES) {
  void test(`charm audit: ${c.title}`, () => {
    const { files, path, line, column } = located(c);
    const { diagnostics } = checkIn(files, path);
    const hit = diagnostics.find((d) => d.code === c.code && d.range.start.line + 1 === line && d.range.start.character + 1 === column);
    assert.ok(hit, `expected ${c.code} at ${line}:${column}, got:\n${show(diagnostics)}`);
    assert.equal(hit.severity, SEVERITY[c.severity], `severity of ${c.code}: ${show([hit])}`);
    assert.ok(String(hit.message).length > 20, 'the message says what to do');
  });
}

/** Valid near misses: none of the audited codes may appear (nor any error). */
const VALID: { title: string; files: Partial<Record<FileName, string>> }[] = [
  { title: 'charmcraft.yaml action whose required names a declared parameter, JSON types and a matching default', files: { 'charmcraft.yaml': charm('actions:\n  backup:\n    description: Back up.\n    required: [path]\n    params:\n      path: {type: string, default: /srv}\n      keep: {type: integer, default: 3}\n      ratio: {type: number, default: 1}\n    additionalProperties: false\n') } },
  { title: 'charmcraft.yaml action using JSON Schema properties', files: { 'charmcraft.yaml': charm('actions:\n  backup:\n    properties:\n      path: {type: string}\n    required: [path]\n') } },
  { title: 'charmcraft.yaml config with options', files: { 'charmcraft.yaml': charm('config:\n  options:\n    greeting:\n      type: string\n      default: Hello\n      description: The greeting.\n') } },
  { title: 'charmcraft.yaml empty and null config', files: { 'charmcraft.yaml': charm('config: {}\n') } },
  { title: 'charmcraft.yaml null config', files: { 'charmcraft.yaml': charm('config:\n') } },
  { title: 'charmcraft.yaml config option with an extra documentation key', files: { 'charmcraft.yaml': charm('config:\n  options:\n    greeting:\n      type: string\n      example: Hi\n') } },
  { title: 'extra bindings distinct from the endpoints', files: { 'charmcraft.yaml': charm('extra-bindings:\n  public:\n  admin:\nrequires:\n  db:\n    interface: mysql_client\nprovides:\n  website:\n    interface: http\n') } },
  { title: 'strict dependencies with plain binary package names', files: { 'charmcraft.yaml': strictPart('    charm-binary-python-packages: [ops, pydantic_core, ruamel.yaml, jsonschema-specifications]\n    charm-requirements: [requirements.txt]\n') } },
  { title: 'version specifiers in the binary packages without strict dependencies', files: { 'charmcraft.yaml': `${HEAD}${PARTS}    charm-binary-python-packages: [pydantic>=2]\n` } },
  { title: 'charm parts in a chain without a loop', files: { 'charmcraft.yaml': `${HEAD}parts:\n  charm:\n    plugin: charm\n    source: .\n    after: [libs, assets]\n  libs:\n    plugin: dump\n    source: lib\n    after: [assets]\n  assets:\n    plugin: nil\n` } },
  { title: 'storage ranges Juju accepts', files: { 'charmcraft.yaml': charm('storage:\n  a:\n    type: filesystem\n    multiple:\n      range: 0-\n  b:\n    type: filesystem\n    multiple:\n      range: 2\n  c:\n    type: block\n    multiple:\n      range: 0-3\n  d:\n    type: filesystem\n    multiple:\n      range: 1+\n') } },
];

const AUDITED = new Set(CASES.map((c) => c.code));

for (const v of VALID) {
  void test(`charm audit, valid: ${v.title}`, () => {
    const files = Object.fromEntries(Object.entries(v.files).map(([n, t]) => [`/p/${n}`, t]));
    for (const path of Object.keys(files)) {
      const { diagnostics } = checkIn(files, path);
      const bad = diagnostics.filter((d) => AUDITED.has(String(d.code)) || d.severity === DiagnosticSeverity.Error);
      assert.deepEqual(bad, [], `${path}:\n${show(bad)}`);
    }
  });
}
