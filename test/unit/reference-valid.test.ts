import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { REPO, checkIn, show } from './helpers';

/**
 * Valid files taken from what the domain reference (rockcraft.md, charmcraft.md) says the tools
 * accept: every `init` template, the minimal examples, both base syntaxes, every plugin, the
 * advanced grammar, package repositories, Pebble services and checks, Juju metadata, the split
 * layout, paas-config.yaml and whole 12-factor projects with their app files. One folder per
 * case under test/fixtures/valid/. Each checked file must get no error, with and without the
 * project checks (the CLI's `--no-project` is what the corpus is checked with).
 *
 * `warnings` lists the warnings a case is known to produce as `file:code`. Where it is given,
 * the test asserts that exact set, so that new warnings on valid files do not creep in
 * unnoticed; the comment above each case says what it gets either way. Cases on a 22.04 rock
 * base leave it out: Rockcraft's end-of-life warning for 22.04 starts 90 days before June 2027.
 */
interface Case {
  dir: string;
  about: string;
  warnings?: readonly string[];
}

const ROOT = path.join(REPO, 'test', 'fixtures', 'valid');

const CASES: readonly Case[] = [
  // ---------------------------------------------------------------- rockcraft init (rockcraft.md §10)
  // warnings: none
  { dir: 'rock-init-simple', about: 'rockcraft init --profile simple (24.04, nil part)', warnings: [] },
  // warnings: none (app.py + requirements.txt with Flask)
  { dir: 'rock-init-flask', about: 'flask-framework template: bare + build-base 24.04, commented parts block', warnings: [] },
  // warnings: none (<snake>/<snake>/wsgi.py layout)
  { dir: 'rock-init-django', about: 'django-framework template with the project layout of its comment' },
  // warnings: none
  { dir: 'rock-init-fastapi', about: 'fastapi-framework template: 4-space indent, `- fastapi-framework` at column 0' },
  // warnings: none
  { dir: 'rock-init-go', about: 'go-framework template, go.mod module named after the rock' },
  // warnings: none
  { dir: 'rock-init-expressjs', about: 'expressjs-framework template ("ExpresssJS" summary), app/package.json' },
  // warnings: tf-base-experimental (spring-boot is experimental in every Rockcraft version)
  { dir: 'rock-init-spring-boot', about: 'spring-boot-framework template with pom.xml', warnings: ['rockcraft.yaml:tf-base-experimental'] },
  // warnings: none
  { dir: 'rock-flask-1.17-template', about: '1.17-era flask template: base ubuntu@22.04, no build-base' },
  // warnings: none
  { dir: 'rock-django-1.17-template', about: '1.17-era django template: base ubuntu@22.04' },
  // warnings: none
  { dir: 'rock-flask-24.04-parts', about: 'flask on ubuntu@24.04 with the template parts uncommented (prime, dependencies, runtime-slices/-debs)' },
  // warnings: none
  { dir: 'rock-flask-bare-22.04', about: 'flask on bare with build-base ubuntu@22.04, create_app() in <name>/__init__.py' },
  // warnings: none
  { dir: 'rock-flask-pyproject', about: 'flask dependencies in pyproject.toml only, `application` in src/app.py, numeric version' },
  // warnings: none
  { dir: 'rock-go-parts', about: 'go on 24.04 with build-snaps, CGO_ENABLED: 0, organize to the rock name, assets stage' },
  // warnings: none
  { dir: 'rock-fastapi-parts', about: 'fastapi with starlette, app in app/__init__.py, prime and dependencies uncommented' },
  // warnings: none
  { dir: 'rock-expressjs-node', about: 'expressjs with npm-include-node and an unquoted npm-node-version' },
  // warnings: tf-base-experimental
  { dir: 'rock-spring-boot-gradle', about: 'spring-boot with build.gradle and every template part uncommented', warnings: ['rockcraft.yaml:tf-base-experimental'] },
  // warnings: none (entrypoint-service-atypical is information)
  { dir: 'rock-flask-services', about: 'flask with its own service command, entrypoint-service, -worker/-scheduler services, checks, exclusion prime, hashed requirements', warnings: [] },
  // warnings: none
  { dir: 'rock-django-custom', about: 'django on ubuntu@24.04 with its own service command and a complete django-framework/install-app part', warnings: [] },
  // warnings: none
  { dir: 'rock-go-command', about: 'go binary named after its module, services.go.command instead of organize', warnings: [] },
  // warnings: merged-stage-packages (on bare the extension's dependencies part stages the slice
  // python3.10-venv_ensurepip, and the user's libpq-dev is appended to it: a mixed list; inferred
  // from the reference, so a warning)
  { dir: 'rock-django-deps', about: 'django on bare + build-base 22.04 with dependencies.stage-packages and the mysite/wsgi.py layout', warnings: ['rockcraft.yaml:merged-stage-packages'] },
  // ---------------------------------------------------------------- minimal examples (rockcraft.md §13)
  // warnings: none
  { dir: 'rock-minimal', about: 'the plain minimal rock', warnings: [] },
  // warnings: none
  { dir: 'rock-minimal-flask', about: 'the minimal Flask rock with its app files', warnings: [] },
  // ---------------------------------------------------------------- rock keys, plugins, grammar
  // warnings: none
  { dir: 'rock-all-plugins', about: 'every Rockcraft plugin with its plugin-specific keys (§5)', warnings: [] },
  // warnings: none
  { dir: 'rock-python-v2', about: 'python v2 plugin keys and jlink-modules on a 26.04 build base' },
  // warnings: none
  { dir: 'rock-grammar', about: 'on/to/else/try/else fail on lists, strings, organize and build-environment (§5.4)' },
  // warnings: none
  { dir: 'rock-package-repositories', about: 'PPA, cloud archive and deb repositories with every optional key (§6)' },
  // warnings: none (entrypoint-service-atypical is information)
  { dir: 'rock-services-checks', about: 'every Pebble service and check field, entrypoint-service with [ args ], run-user, $CRAFT_* environment', warnings: [] },
  // warnings: none
  { dir: 'rock-entrypoint-command', about: 'entrypoint-command with a [ default args ] group', warnings: [] },
  // warnings: none
  { dir: 'rock-numbers-booleans', about: 'version: 1.0, numeric description and env values, CGO_ENABLED: 0, yes/True/off booleans', warnings: [] },
  // warnings: none
  { dir: 'rock-version-2023.1', about: 'calendar version written as an unquoted number' },
  // warnings: none
  { dir: 'rock-anchors', about: 'anchors, aliases and merge keys (single and list) for parts and services', warnings: [] },
  // warnings: none
  { dir: 'rock-yaml-forms', about: '%YAML directive, --- and ..., tags, quoted and explicit keys, chomping and indentation indicators, numeric part names, TRUE/False', warnings: [] },
  // warnings: none
  { dir: 'rock-crlf', about: 'CRLF line ends, block scalars included', warnings: [] },
  // warnings: none
  { dir: 'rock-bom', about: 'a UTF-8 byte order mark before the first key', warnings: [] },
  // warnings: none (entrypoint-service-atypical is information)
  { dir: 'rock-flow-style', about: 'the whole file in flow style, empty flow lists', warnings: [] },
  // warnings: none
  { dir: 'rock-platforms', about: 'shorthand, inferred build-for, string/list build-on, free platform names (§3)', warnings: [] },
  // warnings: none
  { dir: 'rock-adopt-info', about: 'adopt-info instead of version' },
  // warnings: none
  { dir: 'rock-bare-slices', about: 'bare base with Chisel slices only', warnings: [] },
  // warnings: none (devel-build-base is information)
  { dir: 'rock-devel', about: 'ubuntu@26.10 with build-base: devel' },
  // warnings: deprecated-value (ubuntu:22.04 is tolerated with a warning)
  { dir: 'rock-deprecated-base', about: 'base written as ubuntu:22.04' },
  // warnings: none
  { dir: 'rock-metadata-keys', about: 'title, lower-case license id, contact list, issues, source-code, semver with build metadata', warnings: [] },
  // warnings: none
  { dir: 'rock-metadata-lists', about: 'license: proprietary, contact string, issues and source-code lists' },
  // warnings: missing-parts (tolerated by Rockcraft >= 1.11)
  { dir: 'rock-no-parts', about: 'no parts key at all, one service', warnings: ['rockcraft.yaml:missing-parts'] },
  // warnings: none
  { dir: 'rock-empty-parts', about: 'parts: {}', warnings: [] },
  // warnings: none
  { dir: 'rock-null-sections', about: 'environment, services, checks and package-repositories left empty (null)', warnings: [] },
  // ---------------------------------------------------------------- charmcraft init (charmcraft.md §9)
  // warnings: none
  { dir: 'charm-init-flask', about: 'charmcraft init --profile flask-framework: charmcraft.yaml, requirements.txt, src/charm.py', warnings: [] },
  // warnings: tf-django-database (the template comments out every database integration)
  { dir: 'charm-init-django', about: 'django-framework template', warnings: ['charmcraft.yaml:tf-django-database'] },
  // warnings: none
  { dir: 'charm-init-go', about: 'go-framework template', warnings: [] },
  // warnings: none
  { dir: 'charm-init-fastapi', about: 'fastapi-framework template', warnings: [] },
  // warnings: none
  { dir: 'charm-init-expressjs', about: 'expressjs-framework template (ops>2.17,<4)', warnings: [] },
  // warnings: none
  { dir: 'charm-init-spring-boot', about: 'spring-boot-framework template', warnings: [] },
  // warnings: none
  { dir: 'charm-flask-3x-bases', about: 'Charmcraft 3.1-4.1 flask template: long-form bases 22.04, paas_app_charmer' },
  // warnings: none
  { dir: 'charm-flask-integrations', about: 'config options of every type, every optional integration of §7.6 uncommented, an oauth endpoint, links', warnings: [] },
  // warnings: none
  { dir: 'charm-django-postgresql', about: 'django on long-form bases with architectures, postgresql, an action with params' },
  // warnings: none
  { dir: 'charm-minimal-12f', about: 'the minimal 12-factor charm project of §11 in charm/', warnings: [] },
  // ---------------------------------------------------------------- bases and platforms (charmcraft.md §4)
  // warnings: none
  { dir: 'charm-bases-short', about: 'short-form bases, several entries, plugin taken from the part name' },
  // warnings: none
  { dir: 'charm-bases-long-multi', about: 'long-form bases with several run-on entries and several entries' },
  // warnings: none
  { dir: 'charm-bases-no-parts', about: 'bases charm without parts (default charm part)' },
  // warnings: none
  { dir: 'charm-platforms', about: 'base + platforms: shorthand, build-on string/list, build-for all', warnings: [] },
  // warnings: none
  { dir: 'charm-multi-base', about: 'multi-base platforms (ubuntu@22.04:amd64) without a top-level base', warnings: [] },
  // warnings: none
  { dir: 'charm-null-parts', about: 'parts: (null) becomes the default charm part', warnings: [] },
  // warnings: none
  { dir: 'charm-empty-parts', about: 'parts: {} becomes the default charm part', warnings: [] },
  // ---------------------------------------------------------------- parts and plugins (charmcraft.md §5)
  // warnings: none
  { dir: 'charm-all-plugins', about: 'charm, python, poetry, uv and craft-parts plugins with their keys, permissions modes', warnings: [] },
  // warnings: metadata.yaml deprecated-key (series)
  { dir: 'charm-reactive', about: 'reactive plugin on 20.04 with metadata.yaml and config.yaml', warnings: ['metadata.yaml:deprecated-key'] },
  // warnings: none
  { dir: 'charm-uv', about: 'uv plugin on 24.04 with charm-libs, assumes, container and oci-image resource', warnings: [] },
  // warnings: none
  { dir: 'charm-grammar', about: 'advanced grammar in charm parts (lists, source, organize, build-environment)', warnings: [] },
  // warnings: none
  { dir: 'charm-package-repositories', about: 'package repositories in a charm', warnings: [] },
  // ---------------------------------------------------------------- Juju metadata (charmcraft.md §6)
  // warnings: none
  { dir: 'charm-metadata-full', about: 'every metadata key: config types, JSON-schema actions, relations, resources, containers, storage, devices, assumes, links, analysis', warnings: [] },
  // warnings: none
  { dir: 'charm-subordinate', about: 'subordinate charm with container-scoped juju-info endpoints', warnings: [] },
  // warnings: none
  { dir: 'charm-subordinate-split', about: 'subordinate: True in metadata.yaml beside a bases charmcraft.yaml', warnings: [] },
  // warnings: none
  { dir: 'charm-null-sections', about: 'optional sections (requires, config, links, ...) left empty (null)', warnings: [] },
  // warnings: deprecated-key (charmhub)
  { dir: 'charm-charmhub', about: 'deprecated charmhub key and a version', warnings: ['charmcraft.yaml:deprecated-key'] },
  // ---------------------------------------------------------------- split layout
  // warnings: config.yaml config-default-type (a float option with the whole-number default `2`: Juju's
  // float checker takes only floats, so the rule asks for `2.0`; a warning, not an error)
  { dir: 'charm-split-layout', about: 'charmcraft.yaml with type/bases/parts only + metadata.yaml, config.yaml (every type, float with an int default, secret without default), actions.yaml', warnings: ['config.yaml:config-default-type'] },
  // warnings: none
  { dir: 'charm-metadata-yaml-names', about: 'platforms charm whose name, summary and description are in metadata.yaml', warnings: [] },
  // ---------------------------------------------------------------- paas-config.yaml (charmcraft.md §7.4, §7.7)
  // warnings: none
  { dir: 'charm-paas-config-flask', about: 'flask 24.04 with JSON logs and Prometheus scrape jobs (@scheduler target)', warnings: [] },
  // warnings: tf-base-experimental (26.04 is the experimental V2 extension)
  { dir: 'charm-paas-config-go-v2', about: 'go on 26.04 with port, metrics-port, metrics-path', warnings: ['charmcraft.yaml:tf-base-experimental'] },
  // warnings: none
  { dir: 'charm-paas-config-fastapi', about: 'fastapi with framework_logging_format: json', warnings: [] },
  // ---------------------------------------------------------------- YAML forms in charms
  // warnings: none
  { dir: 'charm-anchors', about: 'anchors in bases, parts, config options and relations, merge keys', warnings: [] },
  // warnings: none
  { dir: 'charm-crlf-comments', about: 'CRLF line ends and a comment on every line', warnings: [] },
  // ---------------------------------------------------------------- 12-factor projects, project checks on
  // warnings: none
  { dir: 'project-flask', about: 'tutorial Flask project: rock on 22.04 + charm/ with postgresql' },
  // warnings: none
  { dir: 'project-django', about: 'Django project on bare + charm/ with postgresql', warnings: [] },
  // warnings: none
  { dir: 'project-fastapi', about: 'FastAPI project, app in app/main.py', warnings: [] },
  // warnings: none
  { dir: 'project-go', about: 'Go project, module named after the rock', warnings: [] },
  // warnings: none
  { dir: 'project-expressjs', about: 'ExpressJS project with app/package.json', warnings: [] },
  // warnings: tf-base-experimental (rock side)
  { dir: 'project-spring-boot', about: 'Spring Boot project with pom.xml and mvnw', warnings: ['rockcraft.yaml:tf-base-experimental'] },
];

const PROJECT_FILES = new Set(['rockcraft.yaml', 'charmcraft.yaml']);
const SPLIT_FILES = new Set(['metadata.yaml', 'config.yaml', 'actions.yaml', 'paas-config.yaml']);

/** A case folder as in-memory files under `/valid/<dir>/`. */
function load(dir: string): Record<string, string> {
  const root = path.join(ROOT, dir);
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[`/valid/${dir}/${path.relative(root, full).split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** The files the tools read: project files anywhere, split files beside a charmcraft.yaml. */
function checkedFiles(files: Record<string, string>): string[] {
  return Object.keys(files).sort().filter((p) => {
    const name = path.posix.basename(p);
    return PROJECT_FILES.has(name) || (SPLIT_FILES.has(name) && files[path.posix.join(path.posix.dirname(p), 'charmcraft.yaml')] !== undefined);
  });
}

void test('every fixture folder under test/fixtures/valid is a case, and there are at least 60', () => {
  const folders = fs.readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const listed = CASES.map((c) => c.dir).sort();
  assert.deepEqual(folders, listed);
  assert.equal(new Set(listed).size, listed.length, 'a case is listed twice');
  assert.ok(CASES.length >= 60, `only ${CASES.length} cases`);
});

for (const c of CASES) {
  void test(`valid: ${c.dir} (${c.about})`, () => {
    const files = load(c.dir);
    const checked = checkedFiles(files);
    assert.ok(checked.some((p) => PROJECT_FILES.has(path.posix.basename(p))), `no rockcraft.yaml or charmcraft.yaml in ${c.dir}`);
    const warnings = new Set<string>();
    for (const file of checked) {
      for (const projectChecks of [false, true]) {
        const { diagnostics } = checkIn(files, file, { projectChecks });
        const errors = diagnostics.filter((d: Diagnostic) => d.severity === DiagnosticSeverity.Error);
        assert.equal(errors.length, 0, `${file} (project checks ${projectChecks ? 'on' : 'off'}):\n${show(errors)}`);
        for (const d of diagnostics) if (d.severity === DiagnosticSeverity.Warning) warnings.add(`${path.posix.basename(file)}:${String(d.code)}`);
      }
    }
    if (c.warnings) assert.deepEqual([...warnings].sort(), [...c.warnings].sort(), `warnings of ${c.dir}`);
  });
}
