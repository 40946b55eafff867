/**
 * What the six 12-factor extensions do, in Rockcraft 1.20 and Charmcraft 4.4, as data and as
 * pure functions: supported bases, generated parts/services, injected charm keys, reserved
 * names and the integrations paas-charm recognises. Sources: docs/reference rockcraft.md
 * §8–10 and charmcraft.md §7 (error texts are quoted exactly there and here).
 *
 * Nothing here reads files: functions that depend on the app's files take a `ProjectView`.
 */
import {
  goModulePath, packageJsonProblem, pyHasFunction, pyHasGlobal, pyprojectDependencies, requirementName, requirementNames,
} from './sources';

export type FrameworkId = 'flask' | 'django' | 'fastapi' | 'go' | 'expressjs' | 'spring-boot';
export type ExtensionName = `${FrameworkId}-framework`;

export const FRAMEWORK_IDS: readonly FrameworkId[] = ['flask', 'django', 'fastapi', 'go', 'expressjs', 'spring-boot'];
export const EXTENSION_NAMES: readonly ExtensionName[] = FRAMEWORK_IDS.map((f) => `${f}-framework` as const);

/** The daemon user every 12-factor rock runs as (UID and GID). */
export const DAEMON_USER = '_daemon_';
export const DAEMON_UID = 584792;

/** Environment variables that switch on experimental extensions (any non-empty value). */
export const ROCKCRAFT_EXPERIMENTAL_ENV = 'ROCKCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS';
export const CHARMCRAFT_EXPERIMENTAL_ENV = 'CHARMCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS';

/** The only base of the "V2" extensions (Rockcraft 1.20, Charmcraft 4.4); always experimental. */
export const V2_BASE = 'ubuntu@26.04';

/** One part an extension may generate. */
export interface GeneratedPartFacts {
  /** Full part name, e.g. `flask-framework/install-app`. */
  name: string;
  plugin: string;
  summary: string;
  /** When the part is only generated in some cases. */
  onlyWhen?: string;
  /** Keys of this part the extension reads from the user's part of the same name. */
  userKeys?: readonly string[];
}

/** A list the extension requires to start with a prefix (e.g. `flask/app`). */
export interface PathPrefixRule {
  part: string;
  key: 'prime' | 'stage';
  /** The prefix to add in a quick fix. */
  prefix: string;
  /** The regular expression Rockcraft applies to each entry (`re.match`, so anchored at the start). */
  pattern: string;
  /** The exact ExtensionError text. */
  message: string;
}

/** A file (or alternatives) the rock extension needs in the project. */
export interface ProjectFileFacts {
  paths: readonly string[];
  description: string;
}

export interface RockFacts {
  /** Bases the V1 extension accepts (checked against `base`, not `build-base`). */
  bases: readonly string[];
  /** Experimental on its V1 bases in Rockcraft 1.20 (needs ROCKCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS). */
  experimental: boolean;
  introducedIn: string;
  /** Rockcraft version that made it stable, when it once was experimental. */
  stableSince?: string;
  /** Python frameworks need a known build-base on `bare` to pick an interpreter. */
  python: boolean;
  /** The framework's own Pebble service. */
  service: string;
  /** Every service the extension generates. */
  services: readonly string[];
  /** The spelling of the run-user key the extension emits. */
  runUserKey: 'run_user' | 'run-user';
  /** Where the app lives in the image. */
  appDir: string;
  /** The port the app listens on in the rock. */
  port: number;
  parts: readonly GeneratedPartFacts[];
  pathRule?: PathPrefixRule;
  projectFiles: readonly ProjectFileFacts[];
}

export interface ConfigOptionFacts {
  type: 'string' | 'int' | 'float' | 'boolean' | 'secret';
  default?: string | number | boolean;
  description: string;
}

export interface ActionFacts {
  description: string;
  params?: Record<string, { type: string }>;
  required?: readonly string[];
}

export interface CharmFacts {
  /** Bases the V1 extension supports (Charmcraft 4.4). */
  bases: readonly string[];
  /** The injected container and its OCI resource on V1 bases; V2 (26.04) uses `app`/`app-image`. */
  container: string;
  resource: string;
  options: Readonly<Record<string, ConfigOptionFacts>>;
  actions: Readonly<Record<string, ActionFacts>>;
  /** Config option prefixes the user may not use. */
  reservedPrefixes: readonly string[];
  /** Prefix paas-charm puts on user config options' environment variables. */
  envPrefix: string;
  /** The paas-charm module the charm class comes from. */
  paasModule: string;
  /** Whether paas-config.yaml may set `framework_logging_format: json`. */
  jsonLogging: boolean;
  /** Port the charm expects the app on, and where it scrapes metrics (paas-charm 1.12). */
  appPort: number;
  metrics: { port: number; path: string };
  /** Options added per `oauth` endpoint (`{endpoint}` is replaced by its name). */
  oauthOptions: Readonly<Record<string, ConfigOptionFacts>>;
}

export interface FrameworkFacts {
  id: FrameworkId;
  extension: ExtensionName;
  /** Display name: Flask, Django, FastAPI, Go, ExpressJS, Spring Boot. */
  title: string;
  language: 'python' | 'go' | 'javascript' | 'java';
  rock: RockFacts;
  charm: CharmFacts;
}

const GUNICORN_OPTIONS: Record<string, ConfigOptionFacts> = {
  'webserver-keepalive': { type: 'int', description: 'Seconds the web server waits for requests on a Keep-Alive connection.' },
  'webserver-threads': { type: 'int', description: 'Threads per web server worker.' },
  'webserver-timeout': { type: 'int', description: 'Seconds before a silent web server worker is killed and restarted.' },
  'webserver-workers': { type: 'int', description: 'Number of web server worker processes.' },
  'webserver-worker-class': { type: 'string', description: "Web server worker class: 'gevent' or 'sync'." },
};
const APP_PORT: Record<string, ConfigOptionFacts> = {
  'app-port': { type: 'int', default: 8080, description: 'Port the application listens on.' },
};
const metricsOptions = (path: string): Record<string, ConfigOptionFacts> => ({
  'metrics-port': { type: 'int', default: 8080, description: 'Port where Prometheus scrapes the metrics.' },
  'metrics-path': { type: 'string', default: path, description: 'Path where Prometheus scrapes the metrics.' },
});
const secretOptions = (prefix: string): Record<string, ConfigOptionFacts> => ({
  [`${prefix}-secret-key`]: { type: 'string', description: 'A long secret shared by all units, for sessions, CSRF and similar uses.' },
  [`${prefix}-secret-key-id`]: { type: 'secret', description: `Like \`${prefix}-secret-key\`, but a Juju user secret ID whose key \`value\` holds the secret.` },
});
const OAUTH_OPTIONS: Record<string, ConfigOptionFacts> = {
  '{endpoint}-redirect-path': { type: 'string', default: '/callback', description: 'Path the user is redirected to after login.' },
  '{endpoint}-scopes': { type: 'string', default: 'openid profile email', description: 'Scopes to request, separated by spaces.' },
};
const ROTATE_SECRET: Record<string, ActionFacts> = {
  'rotate-secret-key': { description: 'Rotate the secret key. Users will be forced to log in again. This might be useful if a security breach occurs.' },
};

const pythonParts = (fw: 'flask' | 'django'): GeneratedPartFacts[] => [
  { name: `${fw}-framework/dependencies`, plugin: 'python', summary: 'Installs gunicorn and the packages of requirements.txt into a virtual environment.', userKeys: ['stage-packages', 'build-packages', 'python-packages', 'python-requirements', 'build-environment'] },
  fw === 'flask'
    ? { name: 'flask-framework/install-app', plugin: 'dump', summary: 'Copies the app files into /flask/app.', userKeys: ['prime'] }
    : { name: 'django-framework/install-app', plugin: 'dump', summary: 'Copies the Django project directory (named after the rock) into /django/app.', onlyWhen: 'you do not define this part yourself (then yours replaces it)' },
  { name: `${fw}-framework/config-files`, plugin: 'dump', summary: `Adds gunicorn.conf.py as /${fw}/gunicorn.conf.py (binds 0.0.0.0:8000).` },
  { name: `${fw}-framework/statsd-exporter`, plugin: 'go', summary: 'Builds the Prometheus statsd exporter (v0.26.0) that turns gunicorn metrics into Prometheus metrics.' },
  { name: `${fw}-framework/logging`, plugin: 'nil', summary: `Creates /opt/promtail, /etc/promtail and /var/log/${fw} owned by the daemon user.` },
  { name: `${fw}-framework/runtime`, plugin: 'nil', summary: 'Stages CA certificates (and, on bare, bash, coreutils and /tmp).' },
  { name: `${fw}-framework/runtime-libs`, plugin: 'nil', summary: 'Stages libstdc++6.', onlyWhen: 'base is bare' },
];

const FACTS: Record<FrameworkId, FrameworkFacts> = {
  flask: {
    id: 'flask', extension: 'flask-framework', title: 'Flask', language: 'python',
    rock: {
      bases: ['bare', 'ubuntu@22.04', 'ubuntu:22.04', 'ubuntu@24.04'], experimental: false, introducedIn: '1.3', stableSince: '1.4', python: true,
      service: 'flask', services: ['flask', 'statsd-exporter'], runUserKey: 'run_user', appDir: '/flask/app', port: 8000,
      parts: pythonParts('flask'),
      pathRule: {
        part: 'flask-framework/install-app', key: 'prime', prefix: 'flask/app/', pattern: '^-? *flask/app(/|$)',
        message: "flask-framework extension requires the 'prime' entry in the flask-framework/install-app part to start with flask/app",
      },
      projectFiles: [
        { paths: ['requirements.txt', 'pyproject.toml'], description: '`requirements.txt` or `pyproject.toml` (`[project].dependencies`) declaring `flask`' },
        { paths: ['app.py', 'main.py', 'app/', 'src/', '<name>/'], description: 'a WSGI entrypoint: a module-level `app` or `application` (or a `create_app`/`make_app` function) in `app.py`, `main.py` or `{app,src,<name>}/{__init__,app,main}.py`' },
      ],
    },
    charm: {
      bases: ['ubuntu@22.04', 'ubuntu@24.04'], container: 'flask-app', resource: 'flask-app-image',
      options: {
        ...GUNICORN_OPTIONS,
        'flask-application-root': { type: 'string', description: 'Path where the application is mounted (FLASK_APPLICATION_ROOT).' },
        'flask-debug': { type: 'boolean', description: 'Whether Flask debug mode is enabled.' },
        'flask-env': { type: 'string', description: "The environment the Flask app runs in ('production' by default)." },
        'flask-permanent-session-lifetime': { type: 'int', description: 'Seconds before permanent session cookies expire (FLASK_PERMANENT_SESSION_LIFETIME).' },
        'flask-preferred-url-scheme': { type: 'string', default: 'HTTPS', description: 'Scheme for external URLs outside a request (FLASK_PREFERRED_URL_SCHEME).' },
        'flask-secret-key': { type: 'string', description: 'Secret key for signing session cookies (FLASK_SECRET_KEY).' },
        'flask-secret-key-id': { type: 'secret', description: 'Like `flask-secret-key`, but a Juju user secret ID whose key `value` holds the secret.' },
        'flask-session-cookie-secure': { type: 'boolean', description: 'Set the secure attribute on session cookies (FLASK_SESSION_COOKIE_SECURE).' },
      },
      actions: ROTATE_SECRET, reservedPrefixes: ['webserver-', 'flask-'], envPrefix: 'FLASK_', paasModule: 'paas_charm.flask', jsonLogging: true,
      appPort: 8000, metrics: { port: 9102, path: '/metrics' }, oauthOptions: OAUTH_OPTIONS,
    },
  },
  django: {
    id: 'django', extension: 'django-framework', title: 'Django', language: 'python',
    rock: {
      bases: ['bare', 'ubuntu@22.04', 'ubuntu:22.04', 'ubuntu@24.04'], experimental: false, introducedIn: '1.4', stableSince: '1.6', python: true,
      service: 'django', services: ['django', 'statsd-exporter'], runUserKey: 'run_user', appDir: '/django/app', port: 8000,
      parts: pythonParts('django'),
      projectFiles: [
        { paths: ['requirements.txt'], description: '`requirements.txt` listing Django' },
        { paths: ['<name>/<name>/wsgi.py', '<name>/mysite/wsgi.py'], description: 'the Django project in a directory named after the rock, with `<name>/<name>/wsgi.py` (or `<name>/mysite/wsgi.py`) defining `application`' },
      ],
    },
    charm: {
      bases: ['ubuntu@22.04', 'ubuntu@24.04'], container: 'django-app', resource: 'django-app-image',
      options: {
        ...GUNICORN_OPTIONS,
        'django-debug': { type: 'boolean', default: false, description: 'Whether Django debug mode is enabled.' },
        'django-secret-key': { type: 'string', description: 'Secret key for signing session cookies (DJANGO_SECRET_KEY).' },
        'django-secret-key-id': { type: 'secret', description: 'Like `django-secret-key`, but a Juju user secret ID whose key `value` holds the secret.' },
        'django-allowed-hosts': { type: 'string', description: 'Comma-separated host names this site can serve (DJANGO_ALLOWED_HOSTS).' },
      },
      actions: {
        ...ROTATE_SECRET,
        'create-superuser': { description: 'Create a new Django superuser account.', params: { username: { type: 'string' }, email: { type: 'string' } }, required: ['username', 'email'] },
      },
      reservedPrefixes: ['webserver-', 'django-'], envPrefix: 'DJANGO_', paasModule: 'paas_charm.django', jsonLogging: true,
      appPort: 8000, metrics: { port: 9102, path: '/metrics' }, oauthOptions: OAUTH_OPTIONS,
    },
  },
  fastapi: {
    id: 'fastapi', extension: 'fastapi-framework', title: 'FastAPI', language: 'python',
    rock: {
      bases: ['bare', 'ubuntu@24.04'], experimental: false, introducedIn: '1.6', stableSince: '1.19', python: true,
      service: 'fastapi', services: ['fastapi'], runUserKey: 'run_user', appDir: '/app', port: 8000,
      parts: [
        { name: 'fastapi-framework/dependencies', plugin: 'python', summary: 'Installs uvicorn and the packages of requirements.txt into a virtual environment.', userKeys: ['stage-packages', 'build-packages'] },
        { name: 'fastapi-framework/install-app', plugin: 'dump', summary: 'Copies the app files into /app.', userKeys: ['prime'] },
        { name: 'fastapi-framework/runtime', plugin: 'nil', summary: 'Stages CA certificates (and, on bare, bash, coreutils and /tmp).' },
        { name: 'fastapi-framework/logging', plugin: 'nil', summary: 'Creates /opt/promtail and /etc/promtail owned by the daemon user.' },
      ],
      pathRule: {
        part: 'fastapi-framework/install-app', key: 'prime', prefix: 'app/', pattern: '^-? *app/',
        message: "fastapi-framework extension requires the 'prime' entry in the fastapi-framework/install-app part to start with app/",
      },
      projectFiles: [
        { paths: ['requirements.txt'], description: '`requirements.txt` listing `fastapi` or `starlette`' },
        { paths: ['app.py', 'main.py', 'app/', 'src/', '<name>/'], description: 'an ASGI entrypoint: a module-level `app` in `app.py`, `main.py` or `{app,src,<name>}/{__init__,app,main}.py`' },
      ],
    },
    charm: {
      bases: ['ubuntu@24.04'], container: 'app', resource: 'app-image',
      options: {
        'webserver-workers': { type: 'int', default: 1, description: 'Number of uvicorn workers (WEB_CONCURRENCY).' },
        'webserver-port': { type: 'int', default: 8080, description: 'Port uvicorn binds to (UVICORN_PORT).' },
        'webserver-log-level': { type: 'string', default: 'info', description: "Log level: 'critical', 'error', 'warning', 'info', 'debug' or 'trace' (UVICORN_LOG_LEVEL)." },
        ...metricsOptions('/metrics'),
        ...secretOptions('app'),
      },
      actions: ROTATE_SECRET, reservedPrefixes: ['webserver-', 'fastapi-'], envPrefix: 'APP_', paasModule: 'paas_charm.fastapi', jsonLogging: true,
      appPort: 8080, metrics: { port: 8080, path: '/metrics' }, oauthOptions: OAUTH_OPTIONS,
    },
  },
  go: {
    id: 'go', extension: 'go-framework', title: 'Go', language: 'go',
    rock: {
      bases: ['bare', 'ubuntu@24.04'], experimental: false, introducedIn: '1.6', stableSince: '1.19', python: false,
      service: 'go', services: ['go'], runUserKey: 'run_user', appDir: '/app', port: 8080,
      parts: [
        { name: 'go-framework/base-layout', plugin: 'nil', summary: 'Creates /app, the working directory.' },
        { name: 'go-framework/install-app', plugin: 'go', summary: 'Builds the Go module and installs the binary named after the rock as /usr/local/bin/<name>.', userKeys: ['build-snaps', 'build-packages', 'build-environment', 'organize'] },
        { name: 'go-framework/runtime', plugin: 'nil', summary: 'Stages CA certificates (and, on bare, bash and coreutils).' },
        { name: 'go-framework/logging', plugin: 'nil', summary: 'Creates /opt/promtail and /etc/promtail owned by the daemon user.' },
        { name: 'go-framework/assets', plugin: 'dump', summary: 'Copies migrate, migrate.sh, static and templates (or your `stage` list) into /app.', onlyWhen: 'there are assets to copy', userKeys: ['stage'] },
      ],
      pathRule: {
        part: 'go-framework/assets', key: 'stage', prefix: 'app/', pattern: '^-? *app/',
        message: "go-framework extension requires the 'stage' entry in the go-framework/assets part to start with app",
      },
      projectFiles: [{ paths: ['go.mod'], description: '`go.mod` in the project root (the binary built from it must be named like the rock)' }],
    },
    charm: {
      bases: ['ubuntu@24.04'], container: 'app', resource: 'app-image',
      options: { ...APP_PORT, ...metricsOptions('/metrics'), ...secretOptions('app') },
      actions: ROTATE_SECRET, reservedPrefixes: ['webserver-', 'go-'], envPrefix: 'APP_', paasModule: 'paas_charm.go', jsonLogging: false,
      appPort: 8080, metrics: { port: 8080, path: '/metrics' }, oauthOptions: OAUTH_OPTIONS,
    },
  },
  expressjs: {
    id: 'expressjs', extension: 'expressjs-framework', title: 'ExpressJS', language: 'javascript',
    rock: {
      bases: ['bare', 'ubuntu@24.04'], experimental: false, introducedIn: '1.10', stableSince: '1.19', python: false,
      service: 'expressjs', services: ['expressjs'], runUserKey: 'run-user', appDir: '/app', port: 8080,
      parts: [
        { name: 'expressjs-framework/install-app', plugin: 'npm', summary: 'Installs the app of app/ with npm into /lib/node_modules/<package name>, linked as /app.', userKeys: ['npm-include-node', 'npm-node-version'] },
        { name: 'expressjs-framework/runtime', plugin: 'nil', summary: 'Stages npm (and, on bare, libstdc++6 and zlib1g).', onlyWhen: 'something is needed at run time' },
        { name: 'expressjs-framework/logging', plugin: 'nil', summary: 'Creates /opt/promtail and /etc/promtail owned by the daemon user.' },
      ],
      projectFiles: [{ paths: ['app/package.json'], description: '`app/package.json` with a string `name` and a `scripts.start` command' }],
    },
    charm: {
      bases: ['ubuntu@24.04'], container: 'app', resource: 'app-image',
      options: { ...APP_PORT, ...metricsOptions('/metrics'), ...secretOptions('app') },
      actions: ROTATE_SECRET, reservedPrefixes: ['webserver-', 'expressjs-'], envPrefix: 'APP_', paasModule: 'paas_charm.expressjs', jsonLogging: false,
      appPort: 8080, metrics: { port: 8080, path: '/metrics' }, oauthOptions: OAUTH_OPTIONS,
    },
  },
  'spring-boot': {
    id: 'spring-boot', extension: 'spring-boot-framework', title: 'Spring Boot', language: 'java',
    rock: {
      bases: ['bare', 'ubuntu@24.04'], experimental: true, introducedIn: '1.12', python: false,
      service: 'spring-boot', services: ['spring-boot'], runUserKey: 'run-user', appDir: '/app', port: 8080,
      parts: [
        { name: 'spring-boot-framework/gradle-init-script', plugin: 'nil', summary: 'Stages your Gradle init script for the build.', onlyWhen: 'you give it an `override-build`', userKeys: ['override-build'] },
        { name: 'spring-boot-framework/install-app', plugin: 'maven or gradle', summary: 'Builds the app with Maven (pom.xml) or Gradle (build.gradle, task bootJar) and puts the jar in /app.', userKeys: ['build-packages'] },
        { name: 'spring-boot-framework/runtime', plugin: 'jlink', summary: 'Builds a Java runtime for the app with jlink.', userKeys: ['build-packages'] },
        { name: 'spring-boot-framework/assets', plugin: 'dump', summary: 'Copies migrate and migrate.sh (or your `stage` list) into /app.', onlyWhen: 'there are assets to copy', userKeys: ['stage'] },
      ],
      pathRule: {
        part: 'spring-boot-framework/assets', key: 'stage', prefix: 'app/', pattern: '^-? *app/',
        message: "The spring-boot-framework extension requires the 'stage' entry in the spring-boot-framework/assets part to start with 'app/'",
      },
      projectFiles: [{ paths: ['pom.xml', 'build.gradle'], description: 'exactly one of `pom.xml` (Maven) and `build.gradle` (Gradle); optional executable wrapper `mvnw` or `gradlew`, not both' }],
    },
    charm: {
      bases: ['ubuntu@24.04'], container: 'app', resource: 'app-image',
      options: { ...APP_PORT, ...metricsOptions('/actuator/prometheus'), ...secretOptions('app') },
      actions: ROTATE_SECRET, reservedPrefixes: ['webserver-', 'spring-boot-'], envPrefix: 'APP_', paasModule: 'paas_charm.springboot', jsonLogging: false,
      appPort: 8080, metrics: { port: 8080, path: '/actuator/prometheus' },
      oauthOptions: {
        ...OAUTH_OPTIONS,
        '{endpoint}-redirect-path': { type: 'string', default: '/login/oauth2/code/{endpoint}', description: 'Path the user is redirected to after login.' },
        '{endpoint}-user-name-attribute': { type: 'string', default: 'sub', description: 'UserInfo attribute that holds the name or identifier of the user.' },
      },
    },
  },
};

// ───────────────────────────── lookups ─────────────────────────────

/** The framework of an extension name (`flask-framework` → `flask`), or undefined. */
export function frameworkOf(extensionName: string): FrameworkId | undefined {
  const m = /^(.+)-framework$/.exec(extensionName.trim());
  return m && (FRAMEWORK_IDS as readonly string[]).includes(m[1]) ? (m[1] as FrameworkId) : undefined;
}

export function frameworkFacts(fw: FrameworkId): FrameworkFacts {
  return FACTS[fw];
}

export function allFrameworks(): readonly FrameworkFacts[] {
  return FRAMEWORK_IDS.map((f) => FACTS[f]);
}

export function extensionName(fw: FrameworkId): ExtensionName {
  return FACTS[fw].extension;
}

/** Every part name the rock extension can generate (some only in certain cases). */
export function rockExtensionPartNames(fw: FrameworkId): string[] {
  return FACTS[fw].rock.parts.map((p) => p.name);
}

/** The framework whose generated-part prefix a part name uses (`go-framework/x` → `go`). */
export function frameworkOfPartName(partName: string): FrameworkId | undefined {
  const i = partName.indexOf('/');
  return i > 0 ? frameworkOf(partName.slice(0, i)) : undefined;
}

// ───────────────────────────── rock generation ─────────────────────────────

/** Read access to the app's files, paths relative to the project (rockcraft.yaml) folder. */
export interface ProjectView {
  exists(relPath: string): boolean;
  read(relPath: string): string | undefined;
  /** Entry names of a folder ('' = the project root), or undefined when unknown. */
  list(relDir: string): string[] | undefined;
  /** Whether a file is executable; undefined when unknown. */
  executable?(relPath: string): boolean | undefined;
}

/** What the rock extensions read from the user's rockcraft.yaml and project. */
export interface RockContext {
  name?: string;
  base?: string;
  buildBase?: string;
  /** The user's `parts`, as plain data. */
  parts?: Record<string, unknown>;
  /** The user's `services`, as plain data. */
  services?: Record<string, unknown>;
  /** The app's files; without it, defaults assume a conventional layout. */
  project?: ProjectView;
}

export type PlainMap = Record<string, unknown>;

/** The root snippet an extension merges into rockcraft.yaml (before the user's values win). */
export interface RockSnippet {
  runUser: { key: 'run_user' | 'run-user'; value: string };
  services: Record<string, PlainMap>;
  parts: Record<string, PlainMap>;
  /** Where the snippet relies on files or values we could not see (shown with the expanded view). */
  notes: string[];
}

const isMap = (v: unknown): v is PlainMap => !!v && typeof v === 'object' && !Array.isArray(v);
const asMap = (v: unknown): PlainMap => (isMap(v) ? v : {});
const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `flask-hello` → `flask_hello`: the Python package name Rockcraft derives from the rock name. */
export function snakeName(name: string): string {
  return name.replace(/-/g, '_').toLowerCase();
}

/** The Python minor version Rockcraft picks for a bare rock's build base. */
export function pythonForBuildBase(buildBase: string | undefined): string | undefined {
  if (buildBase === 'ubuntu@22.04' || buildBase === 'ubuntu:22.04') return '3.10';
  if (buildBase === 'ubuntu@24.04' || buildBase === 'ubuntu:24.04') return '3.12';
  return undefined;
}

const userPart = (ctx: RockContext, name: string): PlainMap => asMap(ctx.parts?.[name]);
const userServiceCommand = (ctx: RockContext, svc: string): boolean => !!asMap(ctx.services?.[svc]).command;

function loggingPart(extraLines: string[] = [], extraPermissions: PlainMap[] = []): PlainMap {
  return {
    plugin: 'nil',
    'override-build': ['craftctl default', 'mkdir -p $CRAFT_PART_INSTALL/opt/promtail', 'mkdir -p $CRAFT_PART_INSTALL/etc/promtail', ...extraLines].join('\n'),
    permissions: [
      { path: 'opt/promtail', owner: DAEMON_UID, group: DAEMON_UID },
      { path: 'etc/promtail', owner: DAEMON_UID, group: DAEMON_UID },
      ...extraPermissions,
    ],
  };
}

const OWNED = (): PlainMap[] => [{ owner: DAEMON_UID, group: DAEMON_UID }];
const SKIPPED_FILES = [/^node_modules$/, /^\.git$/, /^\.yarn$/, /\.rock$/];

/** The Python search locations of the WSGI/ASGI entrypoint, in Rockcraft's order. */
export function pythonEntrypointLocations(rockName: string | undefined): string[] {
  const dirs = ['app', 'src', snakeName(rockName ?? 'app')];
  return ['app.py', 'main.py', ...dirs.flatMap((d) => ['__init__.py', 'app.py', 'main.py'].map((f) => `${d}/${f}`))];
}

const moduleOf = (relPath: string): string => relPath.split('/').filter((p) => p !== '__init__.py').map((p) => p.replace(/\.py$/, '')).join('.');

/** Finds the Flask WSGI entrypoint (`module:var` or `module:factory()`), or undefined. */
export function findWsgiEntrypoint(project: ProjectView, rockName: string | undefined): string | undefined {
  const locations = pythonEntrypointLocations(rockName);
  for (const loc of locations) {
    const src = project.read(loc);
    if (src === undefined) continue;
    for (const v of ['app', 'application']) if (pyHasGlobal(src, v)) return `${moduleOf(loc)}:${v}`;
  }
  for (const loc of locations) {
    const src = project.read(loc);
    if (src === undefined) continue;
    for (const f of ['create_app', 'make_app']) if (pyHasFunction(src, f)) return `${moduleOf(loc)}:${f}()`;
  }
  return undefined;
}

/** The file holding the FastAPI/Starlette `app`, or undefined. */
export function findAsgiLocation(project: ProjectView, rockName: string | undefined): string | undefined {
  for (const loc of pythonEntrypointLocations(rockName)) {
    const src = project.read(loc);
    if (src !== undefined && pyHasGlobal(src, 'app')) return loc;
  }
  return undefined;
}

/** The Django `wsgi.py` files Rockcraft looks for, relative to the project. */
export function djangoWsgiLocations(rockName: string | undefined): string[] {
  const n = snakeName(rockName ?? 'app');
  return [`${n}/${n}/wsgi.py`, `${n}/mysite/wsgi.py`];
}

/** The requirement names Rockcraft reads from requirements.txt and pyproject.toml. */
export function pythonRequirements(project: ProjectView): Set<string> {
  const names = requirementNames(project.read('requirements.txt') ?? '');
  const pyproject = project.read('pyproject.toml');
  if (pyproject !== undefined) {
    for (const dep of pyprojectDependencies(pyproject)) {
      const n = requirementName(dep);
      if (n) names.add(n);
    }
  }
  return names;
}

function pythonDependencies(fw: 'flask' | 'django' | 'fastapi', ctx: RockContext, notes: string[]): PlainMap {
  let stagePackages = ['python3-venv'];
  let buildEnvironment: PlainMap[] = [];
  if (ctx.base === 'bare') {
    const py = pythonForBuildBase(ctx.buildBase);
    if (py) {
      stagePackages = [`python${py}-venv_ensurepip`];
      buildEnvironment = [{ PARTS_PYTHON_INTERPRETER: `python${py}` }];
    } else {
      notes.push(`Unable to determine the Python version for the build-base ${ctx.buildBase ?? '(none)'}`);
    }
  }
  const requirements = fw === 'fastapi' || !ctx.project || ctx.project.exists('requirements.txt') ? ['requirements.txt'] : [];
  const part: PlainMap = {
    plugin: 'python',
    'stage-packages': stagePackages,
    source: '.',
    'python-packages': [fw === 'fastapi' ? 'uvicorn' : 'gunicorn~=23.0'],
    'python-requirements': requirements,
    'build-environment': buildEnvironment,
  };
  // ca-certificates_data and python3-venv both ship ca-certificates.crt with different content.
  if (fw !== 'fastapi' && ctx.base !== 'bare') part.stage = ['-etc/ssl/certs/ca-certificates.crt'];
  return part;
}

function pythonRuntime(ctx: RockContext): PlainMap {
  if (ctx.base === 'bare') {
    return {
      plugin: 'nil',
      'override-build': 'mkdir -m 777 ${CRAFT_PART_INSTALL}/tmp\nln -sf /usr/bin/bash ${CRAFT_PART_INSTALL}/usr/bin/sh',
      'stage-packages': ['bash_bins', 'coreutils_bins', 'ca-certificates_data'],
    };
  }
  return { plugin: 'nil', 'stage-packages': ['ca-certificates_data'] };
}

/** Maps each primed/staged path under `dir/` back to the project file it comes from. */
function renamingFromList(list: string[], dir: string): PlainMap {
  const out: PlainMap = {};
  for (const file of list) {
    const rel = file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file === dir ? '.' : file;
    out[rel.replace(/\/+$/, '') || '.'] = file;
  }
  return out;
}

function copyWholeProject(ctx: RockContext, dir: string, notes: string[]): PlainMap {
  const files = ctx.project?.list('');
  if (!files) {
    notes.push(`The project files could not be listed; every file of the project folder is copied to ${dir}/.`);
    return {};
  }
  const out: PlainMap = {};
  for (const f of [...files].sort()) if (!SKIPPED_FILES.some((re) => re.test(f))) out[f] = `${dir}/${f}`;
  return out;
}

/** The names that exist in the project; without a project view, the conventional `assumed` ones. */
function existing(ctx: RockContext, names: string[], assumed: string[]): string[] {
  return ctx.project ? names.filter((n) => ctx.project?.exists(n)) : assumed;
}

function gunicornSnippet(fw: 'flask' | 'django', ctx: RockContext, notes: string[]): RockSnippet {
  const ext = `${fw}-framework`;
  const parts: Record<string, PlainMap> = {};
  parts[`${ext}/dependencies`] = pythonDependencies(fw, ctx, notes);
  let installApp: PlainMap;
  if (fw === 'flask') {
    const userPrime = asStrings(userPart(ctx, `${ext}/install-app`).prime);
    const prime = userPrime.length
      ? userPrime
      : existing(ctx, ['app', 'app.py', 'main.py', 'src', 'migrate', 'migrate.sh', 'migrate.py', 'static', 'templates'], ['app.py']).map((f) => `flask/app/${f}`);
    const organize = prime.length && !prime[0].startsWith('-') ? renamingFromList(prime, 'flask/app') : copyWholeProject(ctx, 'flask/app', notes);
    installApp = { plugin: 'dump', source: '.', organize, stage: Object.values(organize), prime };
  } else if (ctx.parts && `${ext}/install-app` in ctx.parts) {
    installApp = {};
  } else {
    const n = snakeName(ctx.name ?? 'app');
    installApp = { plugin: 'dump', source: n, organize: { '*': 'django/app/', '.*': 'django/app/' }, stage: ['-django/app/db.sqlite3'] };
  }
  parts[`${ext}/install-app`] = { ...installApp, permissions: OWNED() };
  parts[`${ext}/config-files`] = {
    plugin: 'dump',
    source: `/snap/rockcraft/current/share/rockcraft/extensions/${ext}`,
    organize: { 'gunicorn.conf.py': `${fw}/gunicorn.conf.py` },
    permissions: [{ path: `${fw}/gunicorn.conf.py`, owner: DAEMON_UID, group: DAEMON_UID }],
  };
  parts[`${ext}/statsd-exporter`] = {
    'build-snaps': ['go'], 'source-tag': 'v0.26.0', plugin: 'go', source: 'https://github.com/prometheus/statsd_exporter.git',
  };
  parts[`${ext}/logging`] = loggingPart([`mkdir -p $CRAFT_PART_INSTALL/var/log/${fw}`], [{ path: `var/log/${fw}`, owner: DAEMON_UID, group: DAEMON_UID }]);
  parts[`${ext}/runtime`] = pythonRuntime(ctx);
  if (ctx.base === 'bare') parts[`${ext}/runtime-libs`] = { plugin: 'nil', 'stage-packages': ['libstdc++6'] };

  const main: PlainMap = { override: 'replace', startup: 'enabled', after: ['statsd-exporter'], user: DAEMON_USER };
  if (!userServiceCommand(ctx, fw)) {
    let wsgi = fw === 'flask' ? 'app:app' : `${snakeName(ctx.name ?? 'app')}.wsgi:application`;
    if (ctx.project) {
      if (fw === 'flask') wsgi = findWsgiEntrypoint(ctx.project, ctx.name) ?? wsgi;
      else {
        const found = djangoWsgiLocations(ctx.name).find((p) => ctx.project?.exists(p));
        if (found) wsgi = `${found.split('/').slice(1).join('.').replace(/\.py$/, '')}:application`;
      }
    }
    const worker = ctx.project && pythonRequirements(ctx.project).has('gevent') ? 'gevent' : 'sync';
    main.command = `/bin/python3 -m gunicorn -c /${fw}/gunicorn.conf.py '${wsgi}' -k [ ${worker} ]`;
  }
  return {
    runUser: { key: 'run_user', value: DAEMON_USER },
    services: {
      [fw]: main,
      'statsd-exporter': {
        override: 'merge',
        command: '/bin/statsd_exporter --statsd.mapping-config=/statsd-mapping.conf --statsd.listen-udp=localhost:9125 --statsd.listen-tcp=localhost:9125',
        summary: 'statsd exporter service',
        startup: 'enabled',
        user: DAEMON_USER,
      },
    },
    parts,
    notes,
  };
}

function fastapiSnippet(ctx: RockContext, notes: string[]): RockSnippet {
  const asgi = ctx.project ? findAsgiLocation(ctx.project, ctx.name) : 'app.py';
  const userPrime = asStrings(userPart(ctx, 'fastapi-framework/install-app').prime);
  let prime = userPrime;
  if (!prime.length) {
    prime = existing(ctx, ['migrate', 'migrate.sh', 'migrate.py', 'static', 'templates'], []).map((f) => `app/${f}`);
    if (!userServiceCommand(ctx, 'fastapi') && asgi) prime.push(`app/${asgi.split('/')[0]}`);
  }
  const organize = prime.length && !prime[0].startsWith('-') ? renamingFromList(prime, 'app') : copyWholeProject(ctx, 'app', notes);
  const service: PlainMap = {
    override: 'replace', startup: 'enabled', user: DAEMON_USER, 'working-dir': '/app', environment: { UVICORN_HOST: '0.0.0.0' },
  };
  if (!userServiceCommand(ctx, 'fastapi')) service.command = `/bin/python3 -m uvicorn ${asgi ? moduleOf(asgi) : 'app'}:app`;
  return {
    runUser: { key: 'run_user', value: DAEMON_USER },
    services: { fastapi: service },
    parts: {
      'fastapi-framework/dependencies': pythonDependencies('fastapi', ctx, notes),
      'fastapi-framework/install-app': { plugin: 'dump', source: '.', organize, stage: Object.values(organize), permissions: OWNED() },
      'fastapi-framework/runtime': pythonRuntime(ctx),
      'fastapi-framework/logging': loggingPart(),
    },
    notes,
  };
}

function goSnippet(ctx: RockContext, notes: string[]): RockSnippet {
  const name = ctx.name ?? 'app';
  const user = userPart(ctx, 'go-framework/install-app');
  let buildEnvironment = Array.isArray(user['build-environment']) ? (user['build-environment'] as unknown[]) : [];
  if (ctx.base === 'bare' && !buildEnvironment.some((e) => isMap(e) && 'CGO_ENABLED' in e)) buildEnvironment = [{ CGO_ENABLED: '0' }];
  const organize: PlainMap = { ...asMap(user.organize) };
  const binary = `usr/local/bin/${name}`;
  if (!Object.values(organize).includes(binary) && !userServiceCommand(ctx, 'go')) organize[`bin/${name}`] = binary;
  const installApp: PlainMap = { plugin: 'go', source: '.', organize };
  const snaps = asStrings(user['build-snaps']);
  const overridden = snaps.some((s) => s.startsWith('go')) || asStrings(user['build-packages']).some((p) => p === 'gccgo-go' || p === 'golang-go');
  if (!overridden) installApp['build-snaps'] = [...snaps, 'go'];
  installApp.stage = Object.values(organize);
  if (buildEnvironment.length) installApp['build-environment'] = buildEnvironment;

  const runtime: PlainMap = { plugin: 'nil', 'stage-packages': ctx.base === 'bare' ? ['ca-certificates_data', 'bash_bins', 'coreutils_bins'] : ['ca-certificates_data'] };
  if (ctx.base === 'bare') runtime['override-build'] = 'ln -sf /usr/bin/bash ${CRAFT_PART_INSTALL}/usr/bin/sh';
  const parts: Record<string, PlainMap> = {
    'go-framework/base-layout': { plugin: 'nil', 'override-build': 'mkdir -p ${CRAFT_PART_INSTALL}/app', permissions: OWNED() },
    'go-framework/install-app': installApp,
    'go-framework/runtime': runtime,
    'go-framework/logging': loggingPart(),
  };
  const assets = assetsPart(ctx, 'go-framework/assets', ['migrate', 'migrate.sh', 'static', 'templates']);
  if (assets) parts['go-framework/assets'] = assets;
  if (ctx.project) {
    const module = goModulePath(ctx.project.read('go.mod') ?? '');
    if (module && module.split('/').pop() !== name && organize[`bin/${name}`]) {
      notes.push(`go.mod declares module ${module}: if its main package is at the project root, the binary is named ${module.split('/').pop() ?? module}, not ${name}.`);
    }
  }
  return {
    runUser: { key: 'run_user', value: DAEMON_USER },
    services: { go: { override: 'replace', startup: 'enabled', command: name, user: DAEMON_USER, 'working-dir': '/app' } },
    parts,
    notes,
  };
}

function assetsPart(ctx: RockContext, partName: string, defaults: string[]): PlainMap | undefined {
  let stage = asStrings(userPart(ctx, partName).stage);
  if (!stage.length) stage = ctx.project ? defaults.filter((f) => ctx.project?.exists(f)).map((f) => `app/${f}`) : [];
  if (!stage.length || stage[0].startsWith('-')) return undefined;
  return { plugin: 'dump', source: '.', organize: renamingFromList(stage, 'app'), stage };
}

function expressSnippet(ctx: RockContext, notes: string[]): RockSnippet {
  const user = userPart(ctx, 'expressjs-framework/install-app');
  const includeNode = user['npm-include-node'] === true || user['npm-include-node'] === 'true' || user['npm-include-node'] === 'True';
  let appName = ctx.name ?? 'app';
  const pkg = ctx.project?.read('app/package.json');
  if (pkg !== undefined) {
    const found = packageJsonProblem(pkg).name;
    if (found) appName = found;
  } else notes.push('app/package.json was not found; the package name is assumed to be the rock name.');
  let overrideBuild = [
    'rm -rf node_modules',
    'craftctl default',
    'npm config set script-shell=bash --location project',
    `cp \${CRAFT_PART_BUILD}/.npmrc \${CRAFT_PART_INSTALL}/lib/node_modules/${appName}/.npmrc`,
    `chown -R ${DAEMON_UID}:${DAEMON_UID} \${CRAFT_PART_INSTALL}/lib/node_modules/${appName}`,
    `ln -s /lib/node_modules/${appName} \${CRAFT_PART_INSTALL}/app`,
    `chown -R ${DAEMON_UID}:${DAEMON_UID} \${CRAFT_PART_INSTALL}/app`,
    '',
  ].join('\n');
  if (ctx.base === 'bare') overrideBuild += 'ln -sf /usr/bin/bash ${CRAFT_PART_INSTALL}/usr/bin/sh';
  const installApp: PlainMap = { plugin: 'npm', source: 'app/', 'override-build': overrideBuild };
  if (!includeNode) installApp['build-packages'] = ['nodejs', 'npm'];
  installApp['stage-packages'] = ctx.base === 'bare' ? ['bash_bins', 'ca-certificates_data', 'coreutils_bins'] : includeNode ? ['ca-certificates_data'] : ['ca-certificates_data', 'nodejs_bins'];
  if (includeNode) {
    installApp['npm-include-node'] = true;
    installApp['npm-node-version'] = user['npm-node-version'] ?? null;
  }
  installApp['build-environment'] = [{ UV_USE_IO_URING: '0' }];
  const runtimePackages = [...(ctx.base === 'bare' ? ['libstdc++6', 'zlib1g'] : []), ...(includeNode ? [] : ['npm'])];
  const parts: Record<string, PlainMap> = { 'expressjs-framework/install-app': installApp };
  if (runtimePackages.length) parts['expressjs-framework/runtime'] = { plugin: 'nil', 'stage-packages': runtimePackages };
  parts['expressjs-framework/logging'] = loggingPart();
  const service: PlainMap = { override: 'replace', startup: 'enabled', user: DAEMON_USER, 'working-dir': '/app', environment: { NODE_ENV: 'production' } };
  if (!userServiceCommand(ctx, 'expressjs')) service.command = 'npm start';
  return { runUser: { key: 'run-user', value: DAEMON_USER }, services: { expressjs: service }, parts, notes };
}

function springBootSnippet(ctx: RockContext, notes: string[]): RockSnippet {
  const gradle = ctx.project?.exists('build.gradle') ?? false;
  const mvnw = ctx.project?.exists('mvnw') ?? false;
  const gradlew = ctx.project?.exists('gradlew') ?? false;
  const initScript = asMap(userPart(ctx, 'spring-boot-framework/gradle-init-script'))['override-build'];
  const parts: Record<string, PlainMap> = {};
  if (typeof initScript === 'string' && initScript) {
    parts['spring-boot-framework/gradle-init-script'] = { plugin: 'nil', source: '.', 'override-build': initScript, prime: [] };
  }
  const defaultOverride = ['craftctl default', "find ${CRAFT_PART_INSTALL} -name '*-plain.jar' -type f -delete"];
  let build: PlainMap;
  if (gradle) {
    build = { plugin: 'gradle', 'gradle-task': 'bootJar', 'build-packages': gradlew ? ['default-jdk'] : ['default-jdk', 'gradle'] };
    const cmds: string[] = [];
    if (ctx.parts && Object.keys(asMap(ctx.parts['spring-boot-framework/gradle-init-script'])).length) {
      build['build-environment'] = [{ GRADLE_USER_HOME: '${CRAFT_PART_BUILD}/.gradle/' }];
      build.after = ['spring-boot-framework/gradle-init-script'];
      cmds.push('mkdir -p ${CRAFT_PART_BUILD}/.gradle/', 'cp ${CRAFT_STAGE}/*init.gradle* ${CRAFT_PART_BUILD}/.gradle/');
    }
    build['override-build'] = [...cmds, ...defaultOverride].join('\n');
  } else {
    const userPackages = asStrings(userPart(ctx, 'spring-boot-framework/install-app')['build-packages']);
    build = { plugin: 'maven', 'build-packages': userPackages.length ? userPackages : mvnw ? ['default-jdk'] : ['default-jdk', 'maven'], 'override-build': defaultOverride.join('\n') };
    if (mvnw) build['maven-use-wrapper'] = 'True';
    if (!ctx.project) notes.push('pom.xml/build.gradle could not be read; the Maven variant is shown.');
  }
  const installApp: PlainMap = { source: '.', organize: { '**/*.jar': 'app/' }, ...build };
  if (ctx.base === 'bare') installApp['stage-packages'] = ['libnss3_nss', 'libc6_libs', 'libgcc-s1_libs', 'libstdc++6_libs', 'zlib1g_libs'];
  parts['spring-boot-framework/install-app'] = installApp;
  const userRuntime = asStrings(userPart(ctx, 'spring-boot-framework/runtime')['build-packages']);
  const runtime: PlainMap = { plugin: 'jlink', after: ['spring-boot-framework/install-app'], 'build-packages': userRuntime.length ? userRuntime : ['default-jdk'] };
  if (ctx.base === 'bare') runtime['stage-packages'] = ['bash_bins', 'base-files_chisel', 'base-files_tmp', 'coreutils_bins'];
  parts['spring-boot-framework/runtime'] = runtime;
  const assets = assetsPart(ctx, 'spring-boot-framework/assets', ['migrate', 'migrate.sh']);
  if (assets) parts['spring-boot-framework/assets'] = assets;
  return {
    runUser: { key: 'run-user', value: DAEMON_USER },
    services: { 'spring-boot': { override: 'replace', startup: 'enabled', user: DAEMON_USER, 'working-dir': '/app', command: 'bash -c "java -jar *.jar"' } },
    parts,
    notes,
  };
}

/** What the rock extension generates for this context: run user, services and parts. */
export function rockExtensionSnippet(fw: FrameworkId, ctx: RockContext = {}): RockSnippet {
  const notes: string[] = [];
  switch (fw) {
    case 'flask':
    case 'django':
      return gunicornSnippet(fw, ctx, notes);
    case 'fastapi':
      return fastapiSnippet(ctx, notes);
    case 'go':
      return goSnippet(ctx, notes);
    case 'expressjs':
      return expressSnippet(ctx, notes);
    case 'spring-boot':
      return springBootSnippet(ctx, notes);
  }
}

/** The parts the rock extension generates, with their default keys. */
export function rockExtensionParts(fw: FrameworkId, ctx: RockContext = {}): Record<string, PlainMap> {
  return rockExtensionSnippet(fw, ctx).parts;
}

/** The Pebble services the rock extension generates, with their default keys. */
export function rockExtensionServices(fw: FrameworkId, ctx: RockContext = {}): Record<string, PlainMap> {
  return rockExtensionSnippet(fw, ctx).services;
}

export type RockBaseStatus =
  /** Supported and stable. */
  | 'supported'
  /** Supported but experimental: Rockcraft needs ROCKCRAFT_ENABLE_EXPERIMENTAL_EXTENSIONS. */
  | 'experimental'
  /** `base` is not supported at all. */
  | 'unsupported'
  /**
   * `base` is supported but the effective base (`build-base`) is not in the V1 list, so
   * Rockcraft 1.20 routes to the experimental V2 extension, which does not take this base.
   */
  | 'v2-fallback';

/** How Rockcraft 1.20 treats the extension on this base/build-base. */
export function rockBaseStatus(fw: FrameworkId, base: string | undefined, buildBase?: string): RockBaseStatus {
  const facts = FACTS[fw].rock;
  if (base === undefined) return 'supported';
  if (base === V2_BASE) return 'experimental';
  if (!facts.bases.includes(base)) return 'unsupported';
  if (base === 'bare' && buildBase !== undefined) {
    const effective = buildBase === 'devel' ? 'ubuntu@devel' : buildBase.replace(/^ubuntu:/, 'ubuntu@');
    if (!facts.bases.includes(effective)) return 'v2-fallback';
  }
  return facts.experimental ? 'experimental' : 'supported';
}

// ───────────────────────────── charm facts ─────────────────────────────

/** Keys the charm extension injects that the user may only repeat identically. */
export const RESERVED_CHARM_KEYS = ['assumes', 'containers', 'resources', 'peers'] as const;
/** Keys the charm extension refuses outright. */
export const FORBIDDEN_CHARM_KEYS = ['devices', 'extra-bindings', 'storage'] as const;
/** Keys merged with the extension's; the user may add entries but not reuse injected names. */
export const MERGED_CHARM_KEYS = ['actions', 'requires', 'provides', 'config.options'] as const;

/** Relations every 12-factor charm gets. */
export const INJECTED_RELATIONS = {
  requires: { logging: { interface: 'loki_push_api' }, ingress: { interface: 'ingress', limit: 1 } },
  provides: { 'metrics-endpoint': { interface: 'prometheus_scrape' }, 'grafana-dashboard': { interface: 'grafana_dashboard' } },
  peers: { 'secret-storage': { interface: 'secret-storage' } },
} as const;

/** The charm libraries the extension declares (Charmcraft 4.4). */
export const CHARM_LIBS: readonly { lib: string; version: string }[] = [
  { lib: 'traefik_k8s.ingress', version: '2' },
  { lib: 'observability_libs.juju_topology', version: '0' },
  { lib: 'grafana_k8s.grafana_dashboard', version: '0' },
  { lib: 'loki_k8s.loki_push_api', version: '1' },
  { lib: 'data_platform_libs.data_interfaces', version: '0' },
  { lib: 'prometheus_k8s.prometheus_scrape', version: '0' },
  { lib: 'redis_k8s.redis', version: '0' },
  { lib: 'data_platform_libs.s3', version: '0' },
  { lib: 'saml_integrator.saml', version: '0' },
  { lib: 'tempo_coordinator_k8s.tracing', version: '0' },
  { lib: 'smtp_integrator.smtp', version: '0' },
  { lib: 'openfga_k8s.openfga', version: '1' },
  { lib: 'hydra.oauth', version: '0' },
  { lib: 'squid_forward_proxy.http_proxy', version: '0' },
];

/** Whether a charm base is handled by the V2 extension (ubuntu@26.04). */
export function isV2CharmBase(base: string | undefined): boolean {
  return base === V2_BASE;
}

/** The OCI-image resource the charm extension injects (`flask-app-image`, `django-app-image`, else `app-image`; always `app-image` on 26.04). */
export function charmResourceName(fw: FrameworkId, base?: string): string {
  return isV2CharmBase(base) ? 'app-image' : FACTS[fw].charm.resource;
}

/** The workload container the charm extension injects (`flask-app`, `django-app`, else `app`; always `app` on 26.04). */
export function charmContainerName(fw: FrameworkId, base?: string): string {
  return isV2CharmBase(base) ? 'app' : FACTS[fw].charm.container;
}

/** Options added for one `oauth` endpoint. */
export function oauthOptions(fw: FrameworkId, endpoint: string): Record<string, ConfigOptionFacts> {
  const out: Record<string, ConfigOptionFacts> = {};
  for (const [k, v] of Object.entries(FACTS[fw].charm.oauthOptions)) {
    out[k.replace('{endpoint}', endpoint)] = { ...v, default: typeof v.default === 'string' ? v.default.replace('{endpoint}', endpoint) : v.default };
  }
  return out;
}

export type CharmBaseStatus = 'supported' | 'experimental' | 'unsupported';

/** How Charmcraft 4.4 treats the extension on one base (`ubuntu@24.04`). */
export function charmBaseStatus(fw: FrameworkId, base: string): CharmBaseStatus {
  if (FACTS[fw].charm.bases.includes(base)) return 'supported';
  if (base === V2_BASE) return 'experimental';
  return 'unsupported';
}

/** The root snippet the charm extension merges into charmcraft.yaml. */
export function charmExtensionSnippet(fw: FrameworkId, opts: { base?: string; oauthEndpoints?: readonly string[]; hasPaasConfig?: boolean } = {}): PlainMap {
  const f = FACTS[fw];
  const v2 = isV2CharmBase(opts.base);
  const options: PlainMap = {};
  for (const [k, v] of Object.entries(f.charm.options)) options[k] = { ...v };
  for (const ep of opts.oauthEndpoints ?? []) for (const [k, v] of Object.entries(oauthOptions(fw, ep))) options[k] = { ...v };
  const parts: PlainMap = v2
    ? {
        charm: {
          plugin: 'uv', source: '.', 'build-snaps': ['astral-uv', 'rustup'], 'uv-groups': ['charmlibs-pydeps'],
          'override-build': 'rustup default stable\ncraftctl default',
        },
        ...(opts.hasPaasConfig ? { config: { plugin: 'dump', source: '.', stage: ['paas-config.yaml'] } } : {}),
      }
    : { charm: { plugin: 'charm', source: '.', 'build-snaps': ['rustup'], 'override-build': 'rustup default stable\ncraftctl default' } };
  return {
    assumes: ['k8s-api'],
    containers: { [charmContainerName(fw, opts.base)]: { resource: charmResourceName(fw, opts.base) } },
    resources: { [charmResourceName(fw, opts.base)]: { type: 'oci-image', description: `${fw} application image.` } },
    'charm-libs': CHARM_LIBS.map((l) => ({ ...l })),
    peers: structuredClone(INJECTED_RELATIONS.peers) as PlainMap,
    actions: structuredClone(f.charm.actions) as PlainMap,
    requires: structuredClone(INJECTED_RELATIONS.requires) as PlainMap,
    provides: structuredClone(INJECTED_RELATIONS.provides) as PlainMap,
    config: { options },
    parts,
  };
}

// ───────────────────────────── integrations ─────────────────────────────

export interface IntegrationFacts {
  /** The endpoint name paas-charm looks for; undefined for interfaces matched on any endpoint (oauth). */
  endpoint?: string;
  interface: string;
  /** What the `charmcraft init` template sets. */
  templateOptional: boolean | undefined;
  /** Charms that provide it. */
  providers: readonly string[];
  /** A database integration (paas-charm creates the requirer under the endpoint name). */
  database?: boolean;
  /** Environment variables paas-charm sets (patterns). */
  env: readonly string[];
  since?: string;
}

const INTEGRATIONS: readonly IntegrationFacts[] = [
  { endpoint: 'mysql', interface: 'mysql_client', templateOptional: false, providers: ['mysql', 'mysql-k8s'], database: true, env: ['MYSQL_DB_CONNECT_STRING', 'MYSQL_DB_*'] },
  { endpoint: 'postgresql', interface: 'postgresql_client', templateOptional: false, providers: ['postgresql', 'postgresql-k8s'], database: true, env: ['POSTGRESQL_DB_CONNECT_STRING', 'POSTGRESQL_DB_*'] },
  { endpoint: 'mongodb', interface: 'mongodb_client', templateOptional: false, providers: ['mongodb'], database: true, env: ['MONGODB_DB_CONNECT_STRING', 'MONGODB_DB_*'] },
  { endpoint: 'redis', interface: 'redis', templateOptional: false, providers: ['redis-k8s'], env: ['REDIS_DB_CONNECT_STRING', 'REDIS_DB_*'] },
  { endpoint: 'valkey', interface: 'valkey_client', templateOptional: true, providers: ['valkey'], env: ['VALKEY_DB_CONNECT_STRING', 'VALKEY_DB_*', 'VALKEY_MODE', 'VALKEY_VERSION'], since: 'Charmcraft 4.4' },
  { endpoint: 's3', interface: 's3', templateOptional: false, providers: ['s3-integrator'], env: ['S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_*'] },
  { endpoint: 'saml', interface: 'saml', templateOptional: false, providers: ['saml-integrator'], env: ['SAML_ENTITY_ID', 'SAML_METADATA_URL', 'SAML_SINGLE_SIGN_ON_REDIRECT_URL', 'SAML_SIGNING_CERTIFICATE'] },
  { endpoint: 'rabbitmq', interface: 'rabbitmq', templateOptional: false, providers: ['rabbitmq-server', 'rabbitmq-k8s'], env: ['RABBITMQ_CONNECT_STRING', 'RABBITMQ_CONNECT_STRINGS', 'RABBITMQ_VHOST', 'RABBITMQ_*'] },
  { endpoint: 'tracing', interface: 'tracing', templateOptional: true, providers: ['tempo'], env: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME'] },
  { endpoint: 'smtp', interface: 'smtp', templateOptional: false, providers: ['smtp-integrator'], env: ['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_*'] },
  { endpoint: 'openfga', interface: 'openfga', templateOptional: false, providers: ['openfga-k8s'], env: ['FGA_STORE_ID', 'FGA_TOKEN', 'FGA_GRPC_API_URL', 'FGA_HTTP_API_URL'] },
  { endpoint: 'http-proxy', interface: 'http_proxy', templateOptional: true, providers: ['squid-forward-proxy', 'http-proxy-configurator'], env: ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'], since: 'Charmcraft 4.4' },
  { interface: 'oauth', templateOptional: undefined, providers: ['hydra'], env: ['<FRAMEWORK>_<ENDPOINT>_CLIENT_ID', '<FRAMEWORK>_<ENDPOINT>_CLIENT_SECRET', '<FRAMEWORK>_<ENDPOINT>_*'] },
];

/** The optional integrations paas-charm wires up, by endpoint name and interface. */
export function knownIntegrations(): readonly IntegrationFacts[] {
  return INTEGRATIONS;
}

/** The integration paas-charm expects under this endpoint name, if any. */
export function integrationByEndpoint(endpoint: string): IntegrationFacts | undefined {
  return INTEGRATIONS.find((i) => i.endpoint === endpoint);
}

/** The integration paas-charm recognises by this interface, if any. */
export function integrationByInterface(iface: string): IntegrationFacts | undefined {
  return INTEGRATIONS.find((i) => i.interface === iface);
}

/** Interfaces that count as a database for Django's "requires a database" check. */
export const DATABASE_INTERFACES: readonly string[] = INTEGRATIONS.filter((i) => i.database).map((i) => i.interface);
