/**
 * Fake `rockcraft` (rockcraft.md §10–11). Failures: FAKE_ROCKCRAFT_FAIL =
 *   lxd | validation | build | experimental | eol | no-packages
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { tar } from './archive';
import { craftMain, err, NAME_MESSAGE, opt, out, PackRun, parseArgs, platformsForHost, projectFile, validCraftName } from './common';

const VERSION = '1.20.0';
const PROFILES = ['django-framework', 'expressjs-framework', 'fastapi-framework', 'flask-framework', 'go-framework', 'simple', 'spring-boot-framework', 'test'];
const TOP_KEYS = new Set([
  'name', 'title', 'version', 'summary', 'description', 'base', 'build-base', 'platforms', 'license', 'contact', 'issues', 'source-code',
  'adopt-info', 'environment', 'run-user', 'services', 'checks', 'entrypoint-service', 'entrypoint-command', 'package-repositories', 'parts', 'extensions',
]);

const BASES = ['bare', 'ubuntu@20.04', 'ubuntu@22.04', 'ubuntu@24.04', 'ubuntu@25.10', 'ubuntu@26.04', 'ubuntu@26.10'];
const PLUGINS = ['dump', 'nil', 'ant', 'autotools', 'bazel', 'cargo-use', 'cmake', 'dotnet', 'go', 'go-use', 'gradle', 'gradle-use', 'jlink', 'make', 'maven', 'maven-use', 'meson', 'npm', 'npm-use', 'poetry', 'python', 'qmake', 'ruby', 'rust', 'scons', 'uv'];

function template(profile: string, name: string): string {
  if (profile === 'simple') {
    return `name: ${name}\nbase: ubuntu@24.04 # the base environment for this rock\nversion: '0.1' # just for humans. Semantic versioning is recommended\nsummary: Single-line elevator pitch for your amazing rock # 79 char long summary\ndescription: |\n  This is ${name}'s description.\nplatforms:\n  amd64:\n\nparts:\n  my-part:\n    plugin: nil\n`;
  }
  const fw = profile.replace(/-framework$/, '');
  return [
    `# This file configures Rockcraft for the ${fw} 12-factor profile (fake template).`,
    `name: ${name}`,
    'base: bare',
    'build-base: ubuntu@24.04',
    "version: '0.1'",
    `summary: A summary of your ${fw} application # 79 char long summary`,
    'description: |',
    `  This is ${name}'s description.`,
    'platforms:',
    '  amd64:',
    '  # arm64:',
    'extensions:',
    `  - ${profile}`,
    '',
  ].join('\n');
}

async function init(argv: string[]): Promise<number> {
  const { opts, pos } = parseArgs(argv, ['--profile', '--name']);
  const profile = opt(opts, '--profile') ?? 'simple';
  if (!PROFILES.includes(profile)) {
    err('Usage: rockcraft init [options] [<project-dir>]');
    err(`Error: argument --profile: invalid choice: '${profile}' (choose from ${PROFILES.map((p) => `'${p}'`).join(', ')})`);
    return 64;
  }
  const dir = path.resolve(pos[0] ?? '.');
  const name = opt(opts, '--name') ?? path.basename(dir);
  if (!validCraftName(name)) {
    err(`Bad rockcraft.yaml content:\n- ${NAME_MESSAGE} (in field 'name', input: '${name}')`);
    return 1;
  }
  const file = path.join(dir, 'rockcraft.yaml');
  if (fs.existsSync(file)) {
    err(`Cannot initialise project in '${dir}' because it would overwrite existing files.`);
    err('Existing files are:');
    err('  - rockcraft.yaml');
    err('Recommended resolution: Initialise the project in an empty directory or remove the existing files.');
    return 73;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, template(profile, name));
  if (profile !== 'simple') out(`Go to https://documentation.ubuntu.com/rockcraft/${VERSION}/reference/extensions/${profile} to read more about the '${profile}' profile.`);
  out('Successfully initialised project.');
  return 0;
}

function validate(y: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const k of ['cmd', 'entrypoint', 'env']) {
    if (k in y) {
      problems.push(
        "the fields 'entrypoint', 'cmd' and 'env' are not supported in Rockcraft. All rocks have Pebble as their entrypoint, so you must use 'services' to define your container application and respective environment.",
      );
      break;
    }
  }
  for (const k of ['name', 'summary', 'description', 'base', 'platforms']) if (!(k in y)) problems.push(`field '${k}' required in top-level configuration`);
  if (typeof y.name === 'string' && !validCraftName(y.name)) problems.push(`${NAME_MESSAGE} (in field 'name', input: '${y.name}')`);
  if (!('version' in y) && !('adopt-info' in y)) problems.push("'adopt-info' not set and required fields are missing: 'version'");
  for (const k of Object.keys(y)) if (!TOP_KEYS.has(k) && !['cmd', 'entrypoint', 'env'].includes(k)) problems.push(`extra inputs are not permitted (in field '${k}', input: ${JSON.stringify(y[k])})`);
  if (typeof y.base === 'string' && !BASES.includes(y.base)) {
    problems.push(`input should be ${BASES.slice(0, -1).map((b) => `'${b}'`).join(', ')} or '${BASES[BASES.length - 1]}' (in field 'base', input: '${y.base}')`);
  }
  // Texts from rockcraft.md §5 (craft-parts part validation).
  const parts = (y.parts ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [pname, spec] of Object.entries(parts)) {
    const input = JSON.stringify(spec ?? {});
    if (!spec || typeof spec.plugin !== 'string') problems.push(`'plugin' not defined (in field 'parts.${pname}', input: ${input})`);
    else if (!PLUGINS.includes(spec.plugin)) problems.push(`plugin not registered: '${spec.plugin}' (in field 'parts.${pname}', input: ${input})`);
  }
  if (y.base === 'bare' && !y['build-base']) problems.push('When "base" is "bare", a build-base must be specified.');
  return problems;
}

async function pack(argv: string[]): Promise<number> {
  const { opts } = parseArgs(argv, ['--output', '-o', '--platform', '--build-for', '--verbosity', '--ignore', '--pro']);
  const cwd = process.cwd();
  const file = projectFile('rockcraft', cwd);
  if (!file) return 66;
  let y: Record<string, unknown>;
  try {
    const parsed = parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      err('Invalid project file.');
      return 66;
    }
    y = parsed as Record<string, unknown>;
  } catch (e) {
    err(`error parsing 'rockcraft.yaml': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    err('Recommended resolution: Ensure rockcraft.yaml contains valid YAML');
    return 1;
  }
  const fail = process.env.FAKE_ROCKCRAFT_FAIL;
  const run = new PackRun('rockcraft');
  await run.say(`Starting rockcraft, version ${VERSION}`);
  if (fail === 'lxd') {
    return run.fail([
      'LXD is required, but not installed.',
      'Recommended resolution: Visit https://snapcraft.io/lxd for instructions on how to install the LXD snap for your distribution',
    ]);
  }
  const problems = fail === 'validation' ? ["extra inputs are not permitted (in field 'parts.my-part.plugn', input: 'nil')", "'plugin' not defined (in field 'parts.my-part', input: {})"] : validate(y);
  if (problems.length) return run.fail(['Bad rockcraft.yaml content:', ...problems.map((p) => `- ${p}`)]);
  const extensions = Array.isArray(y.extensions) ? y.extensions.map(String) : [];
  if (fail === 'experimental') {
    return run.fail([
      `Extension is experimental: '${extensions[0] ?? 'spring-boot-framework'}'`,
      'Recommended resolution: Run with ROCKCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS=True to enable experimental extensions.',
    ]);
  }
  if (fail === 'eol') {
    return run.fail([
      `Cannot pack rock. Base '${String(y.base)}' has reached end-of-life.`,
      'Recommended resolution: If you know the risks and want to continue, rerun with --ignore=unmaintained.',
    ], 65);
  }
  const parts = extensions.length ? extensions.flatMap((e) => [`${e}/dependencies`, `${e}/install-app`, `${e}/runtime`]) : Object.keys((y.parts ?? {}) as object);
  await run.lifecycle(parts);
  if (fail === 'build') {
    return run.fail([
      `Failed to run the build script for part '${parts[0] ?? 'my-part'}'.`,
      'Recommended resolution: Check the build output and verify the project can work with the \'python\' plugin.',
    ]);
  }
  const platforms = fail === 'no-packages' ? [] : platformsForHost((y.platforms ?? {}) as Record<string, unknown>, opt(opts, '--platform'));
  const outDir = path.resolve(opt(opts, '--output', '-o') ?? cwd);
  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const p of platforms) {
    const name = `${String(y.name)}_${String(y.version)}_${p}.rock`;
    await run.say('Creating new layer');
    await run.say('Created new layer');
    await run.say('Adding Pebble entrypoint');
    await run.say('Adding metadata');
    await run.say('Exporting to OCI archive');
    fs.writeFileSync(
      path.join(outDir, name),
      tar({
        'oci-layout': '{"imageLayoutVersion":"1.0.0"}',
        'index.json': JSON.stringify({ schemaVersion: 2, manifests: [{ annotations: { 'org.opencontainers.image.ref.name': String(y.version) } }] }),
        'fake-rock.json': JSON.stringify({ name: y.name, version: y.version, platform: p }),
      }),
    );
    await run.say(`Exported to OCI archive '${name}'`);
    files.push(opt(opts, '--output', '-o') ? path.join(outDir, name) : name);
  }
  return run.packed(files);
}

function expand(): number {
  const file = projectFile('rockcraft', process.cwd());
  if (!file) return 66;
  const y = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const exts = Array.isArray(y.extensions) ? y.extensions.map(String) : [];
  delete y.extensions;
  const parts = (y.parts ?? {}) as Record<string, unknown>;
  for (const e of exts) parts[`${e}/install-app`] = { plugin: 'dump', source: '.' };
  y.parts = parts;
  out(stringify(y));
  return 0;
}

function listExtensions(): number {
  out('Extension name         Supported bases');
  out('flask-framework        bare, ubuntu@22.04, ubuntu@24.04');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  return craftMain('rockcraft', VERSION, argv, { init, pack, 'expand-extensions': expand, 'list-extensions': listExtensions, extensions: listExtensions });
}
