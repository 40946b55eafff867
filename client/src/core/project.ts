/**
 * Project facts read straight from rockcraft.yaml / charmcraft.yaml (plus the legacy
 * metadata.yaml and config.yaml), so packing and deploying work even before the language
 * server answers. Also: where artifacts land and whether they are older than the sources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { frameworkOf, resourceNameFor, type Framework } from './names';

export interface RockInfo {
  dir: string;
  file: string;
  name?: string;
  version?: string;
  base?: string;
  framework?: Framework;
  platforms: string[];
}

export interface ConfigOption {
  name: string;
  type: string;
  default?: unknown;
  description?: string;
  /** `charm` when declared in the project, `extension` when the 12-factor extension injects it. */
  source: 'charm' | 'extension';
}

export interface Endpoint {
  name: string;
  interface: string;
  role: 'requires' | 'provides' | 'peers';
  optional?: boolean;
}

export interface CharmInfo {
  dir: string;
  file: string;
  name?: string;
  base?: string;
  framework?: Framework;
  /** OCI resource names: declared ones plus the one the framework extension injects. */
  resources: string[];
  /** The resource `juju deploy --resource` must set for the app image. */
  resourceName?: string;
  configOptions: ConfigOption[];
  endpoints: Endpoint[];
  platforms: string[];
  /** Expected `.charm` file names in the charm folder. */
  artifactNames: string[];
}

export interface Project {
  /** Folder with rockcraft.yaml (or the charm folder for a charm-only project). */
  root: string;
  rock?: RockInfo;
  charm?: CharmInfo;
}

type Dict = Record<string, unknown>;

function asDict(v: unknown): Dict | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : undefined;
}

function asString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function safeParse(text: string): Dict | undefined {
  try {
    return asDict(parse(text, { strict: false, uniqueKeys: false }));
  } catch {
    return undefined;
  }
}

export function parseRockcraft(text: string, file: string): RockInfo {
  const y = safeParse(text) ?? {};
  return {
    dir: path.dirname(file),
    file,
    name: asString(y.name),
    version: asString(y.version),
    base: asString(y.base),
    framework: frameworkOf(Array.isArray(y.extensions) ? y.extensions : undefined),
    platforms: Object.keys(asDict(y.platforms) ?? {}),
  };
}

/** Options each 12-factor charm extension injects (charmcraft.md §7.3). */
const GUNICORN: [string, string][] = [
  ['webserver-keepalive', 'int'],
  ['webserver-threads', 'int'],
  ['webserver-timeout', 'int'],
  ['webserver-workers', 'int'],
  ['webserver-worker-class', 'string'],
];
const APP_SECRET: [string, string][] = [
  ['app-secret-key', 'string'],
  ['app-secret-key-id', 'secret'],
];
export const EXTENSION_CONFIG: Record<Framework, [string, string][]> = {
  flask: [
    ...GUNICORN,
    ['flask-application-root', 'string'],
    ['flask-debug', 'boolean'],
    ['flask-env', 'string'],
    ['flask-permanent-session-lifetime', 'int'],
    ['flask-preferred-url-scheme', 'string'],
    ['flask-secret-key', 'string'],
    ['flask-secret-key-id', 'secret'],
    ['flask-session-cookie-secure', 'boolean'],
  ],
  django: [...GUNICORN, ['django-debug', 'boolean'], ['django-secret-key', 'string'], ['django-secret-key-id', 'secret'], ['django-allowed-hosts', 'string']],
  go: [['app-port', 'int'], ['metrics-port', 'int'], ['metrics-path', 'string'], ...APP_SECRET],
  expressjs: [['app-port', 'int'], ['metrics-port', 'int'], ['metrics-path', 'string'], ...APP_SECRET],
  fastapi: [['webserver-workers', 'int'], ['webserver-port', 'int'], ['webserver-log-level', 'string'], ['metrics-port', 'int'], ['metrics-path', 'string'], ...APP_SECRET],
  'spring-boot': [['app-port', 'int'], ['app-profiles', 'string'], ['metrics-port', 'int'], ['metrics-path', 'string'], ...APP_SECRET],
};

/** Endpoints every 12-factor charm extension injects (charmcraft.md §7.2). */
const EXTENSION_ENDPOINTS: Endpoint[] = [
  { name: 'secret-storage', interface: 'secret-storage', role: 'peers' },
  { name: 'logging', interface: 'loki_push_api', role: 'requires', optional: true },
  { name: 'ingress', interface: 'ingress', role: 'requires', optional: true },
  { name: 'metrics-endpoint', interface: 'prometheus_scrape', role: 'provides' },
  { name: 'grafana-dashboard', interface: 'grafana_dashboard', role: 'provides' },
];

export interface CharmSidecars {
  /** Legacy metadata.yaml next to charmcraft.yaml. */
  metadata?: string;
  /** Legacy config.yaml next to charmcraft.yaml. */
  config?: string;
}

export function parseCharmcraft(text: string, file: string, sidecars: CharmSidecars = {}): CharmInfo {
  const y = safeParse(text) ?? {};
  const meta = sidecars.metadata ? (safeParse(sidecars.metadata) ?? {}) : {};
  const cfgFile = sidecars.config ? (safeParse(sidecars.config) ?? {}) : {};
  const framework = frameworkOf(Array.isArray(y.extensions) ? y.extensions : undefined);
  const base = asString(y.base);
  const name = asString(y.name) ?? asString(meta.name);

  const configOptions: ConfigOption[] = [];
  const options = asDict(asDict(y.config)?.options) ?? asDict(asDict(cfgFile)?.options) ?? {};
  for (const [k, v] of Object.entries(options)) {
    const o = asDict(v) ?? {};
    configOptions.push({ name: k, type: asString(o.type) ?? 'string', default: o.default, description: asString(o.description), source: 'charm' });
  }
  if (framework) {
    for (const [k, type] of EXTENSION_CONFIG[framework]) {
      if (!configOptions.some((o) => o.name === k)) configOptions.push({ name: k, type, source: 'extension' });
    }
  }

  const endpoints: Endpoint[] = [];
  for (const role of ['requires', 'provides', 'peers'] as const) {
    for (const [k, v] of Object.entries(asDict(y[role]) ?? asDict(meta[role]) ?? {})) {
      const spec = asDict(v);
      endpoints.push({ name: k, interface: asString(spec?.interface) ?? asString(v) ?? '', role, optional: typeof spec?.optional === 'boolean' ? spec.optional : undefined });
    }
  }
  if (framework) for (const e of EXTENSION_ENDPOINTS) if (!endpoints.some((x) => x.name === e.name)) endpoints.push(e);

  const resources = Object.entries(asDict(y.resources) ?? asDict(meta.resources) ?? {})
    .filter(([, v]) => asString(asDict(v)?.type) === 'oci-image')
    .map(([k]) => k);
  let resourceName: string | undefined;
  if (framework) {
    resourceName = resourceNameFor(framework, base);
    if (!resources.includes(resourceName)) resources.push(resourceName);
  } else if (resources.length === 1) {
    resourceName = resources[0];
  }

  const platforms = Object.keys(asDict(y.platforms) ?? {});
  return {
    dir: path.dirname(file),
    file,
    name,
    base,
    framework,
    resources,
    resourceName,
    configOptions,
    endpoints,
    platforms,
    artifactNames: name ? charmArtifactNames(name, y) : [],
  };
}

/**
 * `.charm` names Charmcraft produces (charmcraft.md §4): `<name>_<platform>.charm` with `:`
 * turned into `-`, or for legacy `bases:` `<name>_<os>-<channel>-<archs>.charm`.
 */
function charmArtifactNames(name: string, y: Dict): string[] {
  if (Array.isArray(y.bases)) {
    const out: string[] = [];
    for (const b of y.bases) {
      const entry = asDict(b) ?? {};
      const buildOn = Array.isArray(entry['build-on']) ? asDict(entry['build-on'][0]) : entry;
      const runOn = Array.isArray(entry['run-on']) ? (entry['run-on'] as unknown[]).map(asDict) : [entry];
      const archs = runOn.flatMap((r) => (Array.isArray(r?.architectures) ? (r.architectures as unknown[]).map(String) : [hostArch()]));
      if (buildOn) out.push(`${name}_${asString(buildOn.name) ?? 'ubuntu'}-${asString(buildOn.channel) ?? ''}-${archs.join('-')}.charm`);
    }
    return out;
  }
  return Object.keys(asDict(y.platforms) ?? {}).map((p) => `${name}_${p.replace(/:/g, '-')}.charm`);
}

/** `<name>_<version>_<platform>.rock` for every platform (rockcraft.md §11). */
export function rockArtifactNames(rock: RockInfo): string[] {
  if (!rock.name || !rock.version) return [];
  return rock.platforms.map((p) => `${rock.name}_${rock.version}_${p}.rock`);
}

/** The Debian architecture of this machine (what `dpkg --print-architecture` says). */
export function hostArch(arch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64', ia32: 'i386' };
  return map[arch] ?? arch;
}

/** Of several artifacts, the one for this machine's architecture, else the first. */
export function pickForHost(files: readonly string[], arch: string = hostArch()): string | undefined {
  const tagged = files.find((f) => {
    const stem = path.basename(f).replace(/\.(rock|charm)$/, '');
    return stem.endsWith(`_${arch}`) || stem.endsWith(`-${arch}`);
  });
  return tagged ?? files[0];
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The charm folder of a project root: `<root>/charm` (the tutorial layout) or the root itself. */
export function charmDirOf(root: string): string | undefined {
  if (fs.existsSync(path.join(root, 'charm', 'charmcraft.yaml'))) return path.join(root, 'charm');
  if (fs.existsSync(path.join(root, 'charmcraft.yaml'))) return root;
  return undefined;
}

export function loadProject(root: string): Project {
  const project: Project = { root };
  const rockFile = path.join(root, 'rockcraft.yaml');
  const rockText = readIfExists(rockFile);
  if (rockText !== undefined) project.rock = parseRockcraft(rockText, rockFile);
  const charmDir = charmDirOf(root);
  if (charmDir) {
    const charmFile = path.join(charmDir, 'charmcraft.yaml');
    const text = readIfExists(charmFile);
    if (text !== undefined) {
      project.charm = parseCharmcraft(text, charmFile, {
        metadata: readIfExists(path.join(charmDir, 'metadata.yaml')),
        config: readIfExists(path.join(charmDir, 'config.yaml')),
      });
    }
  }
  return project;
}

/**
 * Groups rockcraft.yaml / charmcraft.yaml paths into project roots: a `charm/` folder whose
 * parent has a rockcraft.yaml belongs to that parent; other charm folders stand alone.
 */
export function projectRoots(yamlFiles: readonly string[]): string[] {
  const rockDirs = new Set(yamlFiles.filter((f) => path.basename(f) === 'rockcraft.yaml').map((f) => path.dirname(f)));
  const roots = new Set(rockDirs);
  for (const f of yamlFiles) {
    if (path.basename(f) !== 'charmcraft.yaml') continue;
    const dir = path.dirname(f);
    if (rockDirs.has(dir)) continue;
    if (path.basename(dir) === 'charm' && rockDirs.has(path.dirname(dir))) continue;
    roots.add(dir);
  }
  return [...roots].sort();
}

/** The deepest root containing `file`, if any. */
export function rootFor(file: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) {
    const rel = path.relative(r, file);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      if (!best || r.length > best.length) best = r;
    }
  }
  return best;
}

/**
 * Existing artifacts in `dir` for a name (and version, for rocks), newest first. The
 * fallback when the `Packed ...` line was not seen (older tools, a pack run in a terminal).
 */
export function findArtifacts(dir: string, kind: 'rock' | 'charm', name: string, version?: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = kind === 'rock' ? `${name}_${version ?? ''}${version ? '_' : ''}` : `${name}_`;
  const files = entries
    .filter((e) => e.startsWith(prefix) && e.endsWith(`.${kind}`))
    .map((e) => path.join(dir, e))
    .map((f) => ({ f, t: mtime(f) ?? 0 }));
  return files.sort((a, b) => b.t - a.t).map((x) => x.f);
}

function mtime(f: string): number | undefined {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return undefined;
  }
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', 'build', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.idea', '.vscode', 'target', '.gradle', 'parts', 'stage', 'prime']);

/** The newest modification time of the files under `dir` (bounded walk), skipping build output. */
export function newestSourceTime(dir: string, exclude: readonly string[] = [], limit = 20000): number {
  let newest = 0;
  let seen = 0;
  const excluded = new Set(exclude.map((e) => path.resolve(e)));
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > limit) return;
      const full = path.join(d, e.name);
      if (excluded.has(full)) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && !/\.(rock|charm)$/.test(e.name)) {
        const t = mtime(full);
        if (t !== undefined && t > newest) newest = t;
      }
    }
  };
  walk(dir);
  return newest;
}

/** True when `artifact` is missing or older than a source file of `sourceDir`. */
export function isStale(artifact: string | undefined, sourceDir: string, exclude: readonly string[] = []): boolean {
  if (!artifact) return true;
  const t = mtime(artifact);
  if (t === undefined) return true;
  return newestSourceTime(sourceDir, exclude) > t;
}
