/**
 * Fake `charmcraft` (charmcraft.md §9–10). Failures: FAKE_CHARMCRAFT_FAIL =
 *   lxd | validation | lint | build; FAKE_CHARMCRAFT_NO_AUTHOR=1 makes `init` need --author.
 * The packed `.charm` is a zip with metadata.yaml/config.yaml as the extension expands them,
 * which the fake juju reads to know the charm's resources, endpoints and options.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { zip } from './archive';
import { craftMain, err, hostArch, NAME_MESSAGE, opt, out, PackRun, parseArgs, platformsForHost, projectFile, validCraftName } from './common';

const VERSION = '4.4.0';
const PROFILES = ['kubernetes', 'machine', 'flask-framework', 'django-framework', 'go-framework', 'fastapi-framework', 'expressjs-framework', 'spring-boot-framework', 'test-kubernetes', 'test-machine'];
const TOP_KEYS = new Set([
  'type', 'name', 'title', 'summary', 'description', 'base', 'build-base', 'platforms', 'bases', 'parts', 'actions', 'config', 'requires', 'provides', 'peers',
  'resources', 'containers', 'storage', 'devices', 'extra-bindings', 'assumes', 'subordinate', 'charm-user', 'terms', 'links', 'charm-libs', 'analysis',
  'charmhub', 'adopt-info', 'package-repositories', 'version', 'extensions',
]);

type Dict = Record<string, unknown>;

const FRAMEWORK_CONFIG: Record<string, Dict> = {
  flask: { 'flask-debug': { type: 'boolean' }, 'flask-env': { type: 'string' }, 'flask-secret-key': { type: 'string' }, 'webserver-workers': { type: 'int' } },
  django: { 'django-debug': { type: 'boolean', default: false }, 'django-allowed-hosts': { type: 'string' }, 'webserver-workers': { type: 'int' } },
  go: { 'app-port': { type: 'int', default: 8080 }, 'metrics-port': { type: 'int', default: 8080 } },
  expressjs: { 'app-port': { type: 'int', default: 8080 } },
  fastapi: { 'webserver-port': { type: 'int', default: 8080 }, 'webserver-workers': { type: 'int', default: 1 } },
  'spring-boot': { 'app-port': { type: 'int', default: 8080 } },
};

function initFiles(profile: string, name: string, author: string): Record<string, string> {
  const fw = profile.endsWith('-framework') ? profile.replace(/-framework$/, '') : undefined;
  const cls = `${name.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()).replace(/\W/g, '')}Charm`;
  const charmcraft = [
    '# This file configures Charmcraft (fake template).',
    `name: ${name}`,
    'type: charm',
    'base: ubuntu@24.04',
    'platforms:',
    '  amd64:',
    '  # arm64:',
    '# (Required)',
    `summary: A very short one-line summary of the ${fw ?? 'Kubernetes'} application.`,
    '# (Required)',
    'description: |',
    `  A comprehensive overview of your ${fw ?? 'Kubernetes'} application.`,
    ...(fw ? ['extensions:', `  - ${profile}`] : ['parts:', '  charm:', '    plugin: charm', '    source: .']),
    '# requires:',
    '#   postgresql:',
    '#     interface: postgresql_client',
    '#     optional: false',
    '#     limit: 1',
    '',
  ].join('\n');
  return {
    'charmcraft.yaml': charmcraft,
    'requirements.txt': 'ops ~= 2.17\npaas-charm>=1.0,<2\n',
    'pyproject.toml': '[tool.ruff]\nline-length = 99\n',
    'tox.ini': '[tox]\nenv_list = format, lint, static, unit\n',
    '.gitignore': 'venv/\nbuild/\n*.charm\n.tox/\n.coverage\n__pycache__/\n',
    'src/charm.py': `#!/usr/bin/env python3\n# Copyright ${new Date().getFullYear()} ${author}\nimport ops\n${fw ? `import paas_charm.${fw.replace('-', '')}\n\n\nclass ${cls}(paas_charm.${fw.replace('-', '')}.Charm)` : `\n\nclass ${cls}(ops.CharmBase)`}:\n    def __init__(self, *args):\n        super().__init__(*args)\n\n\nif __name__ == "__main__":\n    ops.main(${cls})\n`,
  };
}

async function init(argv: string[]): Promise<number> {
  const { opts } = parseArgs(argv, ['--profile', '--name', '--author', '-p', '--project-dir']);
  const profile = opt(opts, '--profile') ?? 'kubernetes';
  if (!PROFILES.includes(profile)) {
    err('Usage: charmcraft init [options]');
    err(`Error: argument --profile: invalid choice: '${profile}' (choose from ${PROFILES.map((p) => `'${p}'`).join(', ')})`);
    return 64;
  }
  const dir = path.resolve(opt(opts, '-p', '--project-dir') ?? '.');
  const name = opt(opts, '--name') ?? path.basename(dir);
  if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(name)) {
    err(`${name} is not a valid charm name. The name must start with a lowercase letter and contain only alphanumeric characters and hyphens.`);
    return 1;
  }
  const force = opts.has('--force') || opts.has('-f');
  if (fs.existsSync(dir) && fs.readdirSync(dir).length && !force) {
    err(`'${dir}' is not empty (consider using --force to work on nonempty directories)`);
    return 1;
  }
  const author = opt(opts, '--author') ?? (process.env.FAKE_CHARMCRAFT_NO_AUTHOR === '1' ? undefined : 'Fake Author');
  if (!author) {
    err("Unable to automatically determine author's name, specify it with --author");
    return 1;
  }
  const written: string[] = [];
  for (const [rel, text] of Object.entries(initFiles(profile, name, author))) {
    const full = path.join(dir, rel);
    if (fs.existsSync(full)) continue; // never overwrites, even with --force
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    written.push(rel);
  }
  out('Created project files for your charm:');
  const notable = ['charmcraft.yaml', 'pyproject.toml', 'README.md', 'requirements.txt', 'spread.yaml', 'src/charm.py'];
  for (const f of written.filter((w) => notable.includes(w)).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) out(f);
  out('...');
  return 0;
}

function expandExtension(y: Dict): Dict {
  const exts = Array.isArray(y.extensions) ? y.extensions.map(String) : [];
  const fwExt = exts.find((e) => e.endsWith('-framework'));
  const out: Dict = { ...y };
  delete out.extensions;
  if (!fwExt) return out;
  const fw = fwExt.replace(/-framework$/, '');
  const v2 = y.base === 'ubuntu@26.04';
  const res = v2 ? 'app-image' : fw === 'flask' ? 'flask-app-image' : fw === 'django' ? 'django-app-image' : 'app-image';
  const container = res.replace(/-image$/, '');
  out.assumes = ['k8s-api'];
  out.containers = { [container]: { resource: res } };
  out.resources = { [res]: { type: 'oci-image', description: `${fw} application image.` } };
  out.peers = { 'secret-storage': { interface: 'secret-storage' } };
  out.requires = { logging: { interface: 'loki_push_api', optional: true }, ingress: { interface: 'ingress', limit: 1, optional: true }, ...((y.requires as Dict) ?? {}) };
  out.provides = { 'metrics-endpoint': { interface: 'prometheus_scrape' }, 'grafana-dashboard': { interface: 'grafana_dashboard' }, ...((y.provides as Dict) ?? {}) };
  const userOptions = ((y.config as Dict | undefined)?.options as Dict) ?? {};
  out.config = { options: { ...FRAMEWORK_CONFIG[fw], ...userOptions } };
  return out;
}

function validate(y: Dict): string[] {
  const problems: string[] = [];
  for (const k of ['name', 'summary', 'description']) if (!(k in y)) problems.push(`field '${k}' required in top-level configuration`);
  if (typeof y.name === 'string' && !validCraftName(y.name)) problems.push(`${NAME_MESSAGE} (in field 'name', input: '${y.name}')`);
  for (const k of Object.keys(y)) if (!TOP_KEYS.has(k)) problems.push(`extra inputs are not permitted (in field '${k}', input: ${JSON.stringify(y[k])})`);
  return problems;
}

function extensionProblem(y: Dict): string | undefined {
  const exts = Array.isArray(y.extensions) ? y.extensions.map(String) : [];
  const fwExt = exts.find((e) => e.endsWith('-framework'));
  if (!fwExt) return undefined;
  const prefix = `${fwExt.replace(/-framework$/, '')}-`;
  const options = ((y.config as Dict | undefined)?.options as Dict) ?? {};
  for (const k of Object.keys(options)) {
    if (k.startsWith(prefix) || k.startsWith('webserver-')) {
      return `config.options '${k}' starts with ${fwExt} reserved configuration prefix '${k.startsWith('webserver-') ? 'webserver-' : prefix}', please rename or remove it`;
    }
  }
  return undefined;
}

function artifactNames(y: Dict, only?: string): string[] {
  const name = String(y.name);
  if (Array.isArray(y.bases)) {
    return y.bases.map((b: Dict) => {
      const on = (Array.isArray(b['build-on']) ? (b['build-on'][0] as Dict) : b) ?? {};
      const run = Array.isArray(b['run-on']) ? (b['run-on'] as Dict[]) : [b];
      const archs = run.flatMap((r) => (Array.isArray(r.architectures) ? r.architectures.map(String) : [hostArch()]));
      return `${name}_${String(on.name ?? 'ubuntu')}-${String(on.channel ?? '22.04')}-${archs.join('-')}.charm`;
    });
  }
  return platformsForHost((y.platforms ?? {}) as Dict, only).map((p) => `${name}_${p.replace(/:/g, '-')}.charm`);
}

async function pack(argv: string[]): Promise<number> {
  const { opts } = parseArgs(argv, ['--output', '-o', '--platform', '--build-for', '-p', '--project-dir', '--bases-index', '--format', '--measure', '--verbosity']);
  const cwd = path.resolve(opt(opts, '-p', '--project-dir') ?? process.cwd());
  const file = projectFile('charmcraft', cwd);
  if (!file) return 66;
  let y: Dict;
  try {
    y = parse(fs.readFileSync(file, 'utf8')) as Dict;
    if (!y || typeof y !== 'object') throw new Error('File generated a non-dict object, expected a dictionary');
  } catch (e) {
    err(`Invalid 'charmcraft.yaml' file: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 1;
  }
  const fail = process.env.FAKE_CHARMCRAFT_FAIL;
  const run = new PackRun('charmcraft');
  await run.say(`Starting charmcraft, version ${VERSION}`);
  if (fail === 'lxd') return run.fail(['LXD is required, but not installed.']);
  if (!('type' in y)) return run.fail(['Project type must be declared in charmcraft.yaml.']);
  const ext = extensionProblem(y);
  if (ext) return run.fail([ext]);
  const problems = fail === 'validation' ? ["input should be 'charm' (in field 'type', input: 'bundle')"] : validate(y);
  if (problems.length) return run.fail(['Bad charmcraft.yaml content:', ...problems.map((p) => `- ${p}`)]);
  await run.lifecycle(['charm']);
  if (fail === 'build') return run.fail(["Failed to run the build script for part 'charm'."]);
  if (fail === 'lint') {
    return run.fail([
      'Lint Errors:',
      '- juju-config: Error in config.yaml: items under \'options\' must have a \'type\' key.',
      'Aborting due to lint errors (use --force to override).',
    ]);
  }
  const expanded = expandExtension(y);
  const metadata: Dict = { name: y.name };
  for (const k of ['summary', 'description', 'assumes', 'containers', 'resources', 'requires', 'provides', 'peers']) if (expanded[k] !== undefined) metadata[k] = expanded[k];
  const outDir = path.resolve(opt(opts, '--output', '-o') ?? cwd);
  fs.mkdirSync(outDir, { recursive: true });
  const names = artifactNames(y, opt(opts, '--platform'));
  for (const n of names) {
    await run.say(`Packing charm ${n}`);
    fs.writeFileSync(
      path.join(outDir, n),
      zip({
        'metadata.yaml': stringify(metadata),
        'config.yaml': stringify(expanded.config ?? { options: {} }),
        'manifest.yaml': stringify({ 'charmcraft-version': VERSION, 'charmcraft-started-at': new Date().toISOString() }),
        dispatch: '#!/bin/sh\nJUJU_DISPATCH_PATH="${JUJU_DISPATCH_PATH:-$0}" PYTHONPATH=lib:venv ./src/charm.py\n',
      }),
    );
  }
  return run.packed(names);
}

export async function main(argv: string[]): Promise<number> {
  return craftMain('charmcraft', VERSION, argv, {
    init,
    pack,
    'expand-extensions': () => {
      const file = projectFile('charmcraft', process.cwd());
      if (!file) return 66;
      out(stringify(expandExtension(parse(fs.readFileSync(file, 'utf8')) as Dict)));
      return 0;
    },
  });
}
