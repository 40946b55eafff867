/**
 * Fake `juju` 3.6 (juju-deploy.md): status (json/yaml/tabular), deploy (local charm or a few
 * Charmhub names), refresh, integrate, config, debug-log, remove-application, models,
 * add-model, switch, version. State lives in FAKE_JUJU_STATE. Environment:
 *   FAKE_JUJU_FAIL=no-controller|no-selected-controller|no-model   the §6 errors, for every model command
 *   FAKE_JUJU_WORKLOAD=active|blocked|waiting|error                  force local units' workload status
 *   FAKE_JUJU_SETTLE_POLLS=<n>                                       units stay `maintenance` for n status calls
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { unzip } from './archive';
import { err, maybeHang, opt, out, parseArgs, recordArgv } from './common';
import { loadState, saveState, type FakeApp, type FakeModel, type FakeState } from './state';

const VERSION = '3.6.2';

/** What the fake Charmhub knows: what each charm provides and requires. */
const CHARMHUB: Record<string, { channel: string; provides: Record<string, string>; requires?: Record<string, string> }> = {
  'postgresql-k8s': { channel: '14/stable', provides: { database: 'postgresql_client' } },
  'mysql-k8s': { channel: '8.0/stable', provides: { database: 'mysql_client' } },
  'mongodb-k8s': { channel: '6/stable', provides: { database: 'mongodb_client' } },
  'redis-k8s': { channel: 'latest/edge', provides: { redis: 'redis' } },
  'nginx-ingress-integrator': { channel: 'latest/stable', provides: { ingress: 'ingress' } },
  'traefik-k8s': { channel: 'latest/stable', provides: { ingress: 'ingress' } },
  's3-integrator': { channel: 'latest/stable', provides: { 's3-credentials': 's3' } },
  'saml-integrator': { channel: 'latest/stable', provides: { saml: 'saml' } },
  'smtp-integrator': { channel: 'latest/stable', provides: { smtp: 'smtp' } },
  'openfga-k8s': { channel: 'latest/stable', provides: { openfga: 'openfga' } },
  'rabbitmq-k8s': { channel: '3.12/stable', provides: { amqp: 'rabbitmq' } },
  'loki-k8s': { channel: 'latest/stable', provides: { logging: 'loki_push_api' } },
};

class JujuError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

type Dict = Record<string, unknown>;

/** The model a command acts on (`-m`/`--model` or the current one), with the §6 errors. */
function resolveModel(s: FakeState, opts: Map<string, string[]>): { name: string; model: FakeModel } {
  switch (process.env.FAKE_JUJU_FAIL) {
    case 'no-controller':
      throw new JujuError(
        'ERROR No controllers registered.\n\nPlease either create a new controller using "juju bootstrap" or connect to\nanother controller that you have been given access to using "juju register".',
      );
    case 'no-selected-controller':
      throw new JujuError('ERROR No selected controller.\n\nPlease use "juju switch" to select a controller.');
    case 'no-model':
      s.current = null;
      break;
  }
  const m = opt(opts, '-m', '--model');
  if (m !== undefined) {
    const name = m.includes(':') ? m.slice(m.indexOf(':') + 1).replace(/^admin\//, '') : m.replace(/^admin\//, '');
    const model = s.models[name];
    if (!model) throw new JujuError(`ERROR model ${s.controller}:admin/${name} not found`);
    return { name, model };
  }
  if (!s.current || !s.models[s.current]) {
    throw new JujuError(
      'ERROR No model in focus.\n\nPlease use "juju models" to see models available to you.\nYou can set current model by running "juju switch"\nor specify any other model on the command line using the "-m" option.',
    );
  }
  return { name: s.current, model: s.models[s.current] };
}

function unitStatus(s: FakeState, app: FakeApp): { workload: string; message: string; agent: string } {
  if (app.origin === 'charmhub') return { workload: 'active', message: '', agent: 'idle' };
  const forced = process.env.FAKE_JUJU_WORKLOAD;
  if (forced) return { workload: forced, message: forced === 'active' ? '' : `fake ${forced} status`, agent: forced === 'error' ? 'error' : 'idle' };
  if (app.settlePolls > 0) return { workload: 'maintenance', message: 'installing charm software', agent: 'executing' };
  for (const image of Object.values(app.resources)) {
    if (!s.images.includes(image)) return { workload: 'waiting', message: `Back-off pulling image "${image}"`, agent: 'idle' };
  }
  const missing = Object.entries(app.requires)
    .filter(([ep, spec]) => spec.optional === false && !app.relations.some((r) => r.endpoint === ep))
    .map(([ep]) => ep);
  if (missing.length) return { workload: 'blocked', message: `missing integrations: ${missing.join(', ')}`, agent: 'idle' };
  return { workload: 'active', message: '', agent: 'idle' };
}

function statusJson(s: FakeState, name: string, model: FakeModel): Dict {
  const since = '01 Jan 2026 12:00:00Z';
  const applications: Dict = {};
  for (const [appName, app] of Object.entries(model.apps)) {
    const st = unitStatus(s, app);
    const units: Dict = {};
    for (let i = 0; i < app.units; i++) {
      units[`${appName}/${i}`] = {
        'workload-status': { current: st.workload, ...(st.message ? { message: st.message } : {}), since },
        'juju-status': { current: st.agent, since, version: VERSION },
        ...(i === 0 ? { leader: true } : {}),
        address: `10.1.87.${10 + i}`,
        'provider-id': `${appName}-${i}`,
      };
    }
    const relations: Dict = {};
    for (const r of app.relations) {
      relations[r.endpoint] = [...((relations[r.endpoint] as Dict[]) ?? []), { 'related-application': r.app, interface: r.interface, scope: 'global' }];
    }
    applications[appName] = {
      charm: app.origin === 'local' ? `local:${app.charm}-${app.rev}` : app.charm,
      base: { name: 'ubuntu', channel: app.origin === 'local' ? '24.04' : '22.04' },
      'charm-origin': app.origin,
      'charm-name': app.charm,
      'charm-rev': app.rev,
      ...(app.channel ? { 'charm-channel': app.channel } : {}),
      scale: app.units,
      'provider-id': `${appName}-provider`,
      address: '10.152.183.166',
      exposed: false,
      'application-status': { current: st.workload, ...(st.message ? { message: st.message } : {}), since },
      ...(Object.keys(relations).length ? { relations } : {}),
      units,
      version: '',
      'endpoint-bindings': { '': 'alpha' },
    };
  }
  return {
    model: { name, type: 'caas', controller: s.controller, cloud: 'microk8s', region: 'localhost', version: VERSION, 'model-status': { current: 'available', since }, sla: 'unsupported' },
    machines: {},
    applications,
    storage: { storage: {}, filesystems: {}, volumes: {} },
    controller: { timestamp: '12:00:00Z' },
  };
}

function status(argv: string[]): number {
  const { opts } = parseArgs(argv, ['--format', '-m', '--model', '--watch']);
  const s = loadState();
  const { name, model } = resolveModel(s, opts);
  const json = statusJson(s, name, model);
  for (const app of Object.values(model.apps)) if (app.settlePolls > 0) app.settlePolls--;
  saveState(s);
  const format = opt(opts, '--format') ?? 'tabular';
  if (format === 'json') out(JSON.stringify(json));
  else if (format === 'yaml') out(stringify(json));
  else {
    out(`Model  Controller      Cloud/Region        Version  SLA          Timestamp`);
    out(`${name}  ${s.controller}  microk8s/localhost  ${VERSION}    unsupported  12:00:00Z`);
    out('');
    for (const [appName, a] of Object.entries(json.applications as Dict)) out(`${appName}  ${String(((a as Dict)['application-status'] as Dict).current)}`);
  }
  return 0;
}

function readCharm(file: string): { name: string; meta: Dict; config: Dict } {
  const files = unzip(fs.readFileSync(file));
  const meta = (parse(files['metadata.yaml'] ?? '') ?? {}) as Dict;
  const config = (parse(files['config.yaml'] ?? '') ?? {}) as Dict;
  return { name: String(meta.name ?? path.basename(file).split('_')[0]), meta, config };
}

function parseResources(opts: Map<string, string[]>): Record<string, string> {
  const r: Record<string, string> = {};
  for (const v of opts.get('--resource') ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new JujuError(`ERROR invalid --resource value "${v}": expected name=value`, 2);
    r[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return r;
}

function applyCharm(app: FakeApp, meta: Dict, config: Dict): void {
  app.ociResources = Object.entries((meta.resources as Dict) ?? {})
    .filter(([, v]) => (v as Dict)?.type === 'oci-image')
    .map(([k]) => k);
  app.options = ((config.options as Dict) ?? {}) as FakeApp['options'];
  app.requires = Object.fromEntries(Object.entries((meta.requires as Dict) ?? {}).map(([k, v]) => [k, { interface: String((v as Dict).interface ?? v), optional: (v as Dict).optional as boolean | undefined }]));
  app.provides = Object.fromEntries(Object.entries((meta.provides as Dict) ?? {}).map(([k, v]) => [k, { interface: String((v as Dict).interface ?? v) }]));
}

function checkResources(app: FakeApp, given: Record<string, string>, requireAll: boolean): void {
  const unknown = Object.keys(given).filter((k) => !app.ociResources.includes(k));
  if (unknown.length === 1) throw new JujuError(`ERROR unrecognized resource "${unknown[0]}"`);
  if (unknown.length > 1) throw new JujuError(`ERROR unrecognized resources: ${unknown.join(', ')}`);
  if (requireAll) {
    const missing = app.ociResources.filter((k) => !(k in given));
    if (missing.length) throw new JujuError(`ERROR local charm missing OCI images for: ${missing.join(', ')}`);
  }
}

async function deploy(argv: string[]): Promise<number> {
  const { opts, pos } = parseArgs(argv, ['-m', '--model', '--resource', '--channel', '--config', '-n', '--num-units', '--base', '--constraints', '--revision']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  const [target, appArg] = pos;
  if (!target) throw new JujuError('ERROR no charm name, bundle name, or path specified', 2);
  const units = Number(opt(opts, '-n', '--num-units') ?? 1);
  if (target.startsWith('./') || target.startsWith('/') || target.startsWith('../')) {
    const file = path.resolve(target);
    if (!fs.existsSync(file)) throw new JujuError(`ERROR no charm was found at "${target}"`);
    const charm = readCharm(file);
    const appName = appArg ?? charm.name;
    if (model.apps[appName]) throw new JujuError(`ERROR cannot add application "${appName}": application already exists`);
    const rev = (s.revisions[charm.name] ?? -1) + 1;
    const app: FakeApp = { charm: charm.name, origin: 'local', rev, resources: {}, ociResources: [], config: {}, options: {}, requires: {}, provides: {}, relations: [], settlePolls: Number(process.env.FAKE_JUJU_SETTLE_POLLS ?? 0), units };
    applyCharm(app, charm.meta, charm.config);
    const given = parseResources(opts);
    checkResources(app, given, true);
    app.resources = given;
    out(`Located local charm "${charm.name}", revision ${rev}`);
    await maybeHang();
    out(`Deploying "${appName}" from local charm "${charm.name}", revision ${rev} on ubuntu@24.04/stable`);
    s.revisions[charm.name] = rev;
    model.apps[appName] = app;
    saveState(s);
    return 0;
  }
  const hub = CHARMHUB[target];
  if (!hub) throw new JujuError(`ERROR cannot resolve charm or bundle "${target}": charm or bundle not found`);
  const appName = appArg ?? target;
  if (model.apps[appName]) throw new JujuError(`ERROR cannot add application "${appName}": application already exists`);
  const channel = opt(opts, '--channel') ?? hub.channel;
  model.apps[appName] = {
    charm: target,
    origin: 'charmhub',
    rev: 300,
    channel,
    resources: {},
    ociResources: [],
    config: {},
    options: {},
    requires: Object.fromEntries(Object.entries(hub.requires ?? {}).map(([k, v]) => [k, { interface: v }])),
    provides: Object.fromEntries(Object.entries(hub.provides).map(([k, v]) => [k, { interface: v }])),
    relations: [],
    settlePolls: 0,
    units,
  };
  saveState(s);
  out(`Deployed "${appName}" from charm-hub charm "${target}", revision 300 in channel ${channel} on ubuntu@22.04/stable`);
  return 0;
}

async function refresh(argv: string[]): Promise<number> {
  const { opts, pos } = parseArgs(argv, ['-m', '--model', '--resource', '--path', '--channel', '--revision', '--base', '--config']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  const appName = pos[0];
  if (!appName) throw new JujuError('ERROR no application specified', 2);
  const app = model.apps[appName];
  if (!app) throw new JujuError(`ERROR application "${appName}" not found`);
  const p = opt(opts, '--path');
  if (!p) {
    out(`charm "${app.charm}": already up-to-date`);
    return 0;
  }
  const file = path.resolve(p);
  if (!fs.existsSync(file)) throw new JujuError(`ERROR no charm was found at "${p}"`);
  const charm = readCharm(file);
  applyCharm(app, charm.meta, charm.config);
  const given = parseResources(opts);
  checkResources(app, given, false);
  await maybeHang();
  const rev = (s.revisions[charm.name] ?? -1) + 1;
  s.revisions[charm.name] = rev;
  app.rev = rev;
  app.resources = { ...app.resources, ...given };
  app.settlePolls = Number(process.env.FAKE_JUJU_SETTLE_POLLS ?? 0);
  saveState(s);
  out(`Added local charm "${charm.name}", revision ${rev}, to the model`);
  out(`no change to endpoints in space "alpha": ${[...Object.keys(app.requires), ...Object.keys(app.provides)].join(', ')}`);
  return 0;
}

function integrate(argv: string[]): number {
  const { opts, pos } = parseArgs(argv, ['-m', '--model', '--via']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  if (pos.length !== 2) throw new JujuError('ERROR an integration must involve two applications', 2);
  const [aApp, aEp] = pos[0].split(':');
  const [bApp, bEp] = pos[1].split(':');
  const a = model.apps[aApp];
  const b = model.apps[bApp];
  if (!a) throw new JujuError(`ERROR application "${aApp}" not found`);
  if (!b) throw new JujuError(`ERROR application "${bApp}" not found`);
  const pairs: { aEp: string; bEp: string; iface: string }[] = [];
  for (const [x, xReq, y, yProv, flip] of [
    [a, a.requires, b, b.provides, false],
    [b, b.requires, a, a.provides, true],
  ] as const) {
    void x;
    void y;
    for (const [re, rs] of Object.entries(xReq)) {
      for (const [pe, ps] of Object.entries(yProv)) {
        if (rs.interface !== ps.interface) continue;
        const pair = flip ? { aEp: pe, bEp: re, iface: rs.interface } : { aEp: re, bEp: pe, iface: rs.interface };
        if ((aEp && pair.aEp !== aEp) || (bEp && pair.bEp !== bEp)) continue;
        pairs.push(pair);
      }
    }
  }
  if (!pairs.length) throw new JujuError('ERROR no relations found');
  if (pairs.length > 1) {
    throw new JujuError(`ERROR ambiguous relation: "${pos[0]} ${pos[1]}" could refer to ${pairs.map((p) => `"${aApp}:${p.aEp} ${bApp}:${p.bEp}"`).join('; ')}`);
  }
  const p = pairs[0];
  if (a.relations.some((r) => r.endpoint === p.aEp && r.app === bApp)) {
    throw new JujuError(`ERROR cannot add relation "${aApp}:${p.aEp} ${bApp}:${p.bEp}": relation ${aApp}:${p.aEp} ${bApp}:${p.bEp} already exists`);
  }
  a.relations.push({ endpoint: p.aEp, app: bApp, remoteEndpoint: p.bEp, interface: p.iface });
  b.relations.push({ endpoint: p.bEp, app: aApp, remoteEndpoint: p.aEp, interface: p.iface });
  saveState(s);
  return 0;
}

function config(argv: string[]): number {
  const { opts, pos } = parseArgs(argv, ['-m', '--model', '--format', '--reset', '--file']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  const [appName, ...kvs] = pos;
  if (!appName) throw new JujuError('ERROR no application name specified', 2);
  const app = model.apps[appName];
  if (!app) throw new JujuError(`ERROR application "${appName}" not found`);
  const reset = (opt(opts, '--reset') ?? '').split(',').filter(Boolean);
  const sets = kvs.filter((k) => k.includes('='));
  if (!sets.length && !reset.length) {
    const settings: Dict = {};
    for (const [k, o] of Object.entries(app.options)) {
      const user = k in app.config;
      settings[k] = { default: o.default, description: `Option ${k}.`, source: user ? 'user' : 'default', type: o.type ?? 'string', value: user ? app.config[k] : o.default };
    }
    if (kvs.length === 1) {
      const v = (settings[kvs[0]] as Dict | undefined)?.value;
      if (!(kvs[0] in settings)) throw new JujuError(`ERROR unknown option "${kvs[0]}"`);
      out(String(v ?? ''));
      return 0;
    }
    const doc = { application: appName, 'application-config': { trust: { default: false, source: 'default', type: 'bool', value: false } }, charm: app.charm, settings };
    out(opt(opts, '--format') === 'json' ? JSON.stringify(doc) : stringify(doc));
    return 0;
  }
  for (const kv of sets) {
    const eq = kv.indexOf('=');
    const k = kv.slice(0, eq);
    const v = kv.slice(eq + 1);
    const o = app.options[k];
    if (!o) throw new JujuError(`ERROR unknown option "${k}"`);
    const type = o.type ?? 'string';
    if (type === 'int' && !/^-?\d+$/.test(v)) throw new JujuError(`ERROR option "${k}" expected int, got "${v}"`);
    if (type === 'float' && Number.isNaN(Number(v))) throw new JujuError(`ERROR option "${k}" expected float, got "${v}"`);
    if (type === 'boolean' && !['true', 'false'].includes(v)) throw new JujuError(`ERROR option "${k}" expected boolean, got "${v}"`);
  }
  for (const kv of sets) {
    const eq = kv.indexOf('=');
    const k = kv.slice(0, eq);
    const v = kv.slice(eq + 1);
    const type = app.options[k].type ?? 'string';
    app.config[k] = type === 'int' || type === 'float' ? Number(v) : type === 'boolean' ? v === 'true' : v;
  }
  for (const k of reset) delete app.config[k];
  saveState(s);
  return 0;
}

async function debugLog(argv: string[]): Promise<number> {
  const { opts } = parseArgs(argv, ['-m', '--model', '--include', '--level', '-n', '--lines', '--limit']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  const include = opts.get('--include') ?? [];
  const entities = Object.entries(model.apps).flatMap(([n, a]) => Array.from({ length: a.units }, (_, i) => ({ app: n, unit: `${n}/${i}`, tag: `unit-${n}-${i}` })));
  const shown = entities.filter((e) => !include.length || include.some((x) => x === e.app || x === e.unit || x === e.tag));
  let i = 0;
  const emit = (): void => {
    for (const e of shown) out(`${e.tag}: 12:00:${String(i % 60).padStart(2, '0')} INFO unit.${e.unit}.juju-log fake log line ${i}`);
    i++;
  };
  emit();
  if (opts.has('--no-tail')) return 0;
  await new Promise<never>(() => {
    setInterval(emit, 500);
  });
  return 0;
}

function removeApplication(argv: string[]): number {
  const { opts, pos } = parseArgs(argv, ['-m', '--model']);
  const s = loadState();
  const { model } = resolveModel(s, opts);
  if (!pos.length) throw new JujuError('ERROR no application specified', 2);
  for (const n of pos) if (!model.apps[n]) throw new JujuError(`ERROR application "${n}" not found`);
  for (const n of pos) {
    out(`will remove application ${n}`);
    for (let i = 0; i < model.apps[n].units; i++) out(`- will remove unit ${n}/${i}`);
  }
  if (!opts.has('--no-prompt')) {
    // Juju 3 asks; with no terminal to answer the prompt reads EOF and aborts.
    err('\nContinue [y/N]? ');
    throw new JujuError('ERROR aborted');
  }
  for (const n of pos) {
    delete model.apps[n];
    for (const a of Object.values(model.apps)) a.relations = a.relations.filter((r) => r.app !== n);
  }
  saveState(s);
  return 0;
}

function models(argv: string[]): number {
  const { opts } = parseArgs(argv, ['--format']);
  const s = loadState();
  if (process.env.FAKE_JUJU_FAIL === 'no-controller') resolveModel(s, opts);
  const list = Object.keys(s.models).map((n) => ({ name: `admin/${n}`, 'short-name': n, type: 'caas', 'controller-name': s.controller }));
  if (opt(opts, '--format') === 'json') out(JSON.stringify({ models: list, 'current-model': s.current ?? undefined }));
  else for (const m of list) out(`${m['short-name']}${m['short-name'] === s.current ? '*' : ''}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  recordArgv('juju', argv);
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'version':
      case '--version':
        out(`${VERSION}-ubuntu-amd64`);
        return 0;
      case 'status':
        return status(rest);
      case 'deploy':
        return await deploy(rest);
      case 'refresh':
        return await refresh(rest);
      case 'integrate':
      case 'relate':
        return integrate(rest);
      case 'config':
        return config(rest);
      case 'debug-log':
        return await debugLog(rest);
      case 'remove-application':
        return removeApplication(rest);
      case 'models':
        return models(rest);
      case 'add-model': {
        const s = loadState();
        const name = rest.find((a) => !a.startsWith('-'));
        if (!name) throw new JujuError('ERROR model name is required', 2);
        if (s.models[name]) throw new JujuError(`ERROR failed to create new model: model "${name}" for admin already exists`);
        s.models[name] = { apps: {} };
        s.current = name;
        saveState(s);
        err(`Added '${name}' model on microk8s/localhost with credential 'microk8s' for user 'admin'`);
        return 0;
      }
      case 'switch': {
        const s = loadState();
        const name = rest[0];
        if (!name || !s.models[name]) throw new JujuError(`ERROR "${name ?? ''}" is not the name of a model or controller`);
        err(`${s.controller}:admin/${s.current ?? ''} -> ${s.controller}:admin/${name}`);
        s.current = name;
        saveState(s);
        return 0;
      }
      default:
        throw new JujuError(`ERROR unrecognized command: juju ${cmd ?? ''}`, 2);
    }
  } catch (e) {
    if (e instanceof JujuError) {
      err(e.message);
      return e.code;
    }
    throw e;
  }
}
