/**
 * `juju status --format json` as a small typed model (juju-deploy.md §3), how settled an
 * application is, and the deploy-flow error catalogue (§6) turned into advice.
 */

export interface StatusInfo {
  current?: string;
  message?: string;
  since?: string;
  version?: string;
}

export interface UnitView {
  name: string;
  workload: StatusInfo;
  agent: StatusInfo;
  leader: boolean;
  address?: string;
  ports: string[];
}

export interface RelationView {
  endpoint: string;
  relatedApp: string;
  interface?: string;
}

export interface AppView {
  name: string;
  charm?: string;
  charmName?: string;
  charmRev?: number;
  charmOrigin?: string;
  charmChannel?: string;
  scale?: number;
  address?: string;
  exposed?: boolean;
  status: StatusInfo;
  units: UnitView[];
  relations: RelationView[];
  /** Set when Juju could not load the application. */
  statusError?: string;
}

export interface ModelView {
  name?: string;
  controller?: string;
  cloud?: string;
  region?: string;
  type?: string;
  version?: string;
  status?: StatusInfo;
}

export interface JujuStatus {
  model: ModelView;
  apps: AppView[];
}

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function statusOf(v: unknown): StatusInfo {
  const d = dict(v);
  return { current: str(d.current), message: str(d.message) || undefined, since: str(d.since), version: str(d.version) };
}

/** Parses `juju status --format json`; throws on text that is not a JSON object. */
export function parseJujuStatus(json: string): JujuStatus {
  const root = JSON.parse(json) as unknown;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new Error('juju status did not print a JSON object');
  const r = root as Dict;
  const m = dict(r.model);
  const model: ModelView = {
    name: str(m.name),
    controller: str(m.controller),
    cloud: str(m.cloud),
    region: str(m.region),
    type: str(m.type),
    version: str(m.version),
    status: m['model-status'] ? statusOf(m['model-status']) : undefined,
  };
  const apps: AppView[] = [];
  for (const [name, raw] of Object.entries(dict(r.applications))) {
    const a = dict(raw);
    if (typeof a['status-error'] === 'string') {
      apps.push({ name, status: { current: 'error', message: a['status-error'] }, units: [], relations: [], statusError: a['status-error'] });
      continue;
    }
    const units: UnitView[] = Object.entries(dict(a.units))
      .map(([uname, uraw]) => {
        const u = dict(uraw);
        if (typeof u['status-error'] === 'string') {
          return { name: uname, workload: { current: 'error', message: u['status-error'] }, agent: {}, leader: false, ports: [] };
        }
        return {
          name: uname,
          workload: statusOf(u['workload-status']),
          agent: statusOf(u['juju-status']),
          leader: u.leader === true,
          address: str(u.address) ?? str(u['public-address']),
          ports: Array.isArray(u['open-ports']) ? u['open-ports'].map(String) : [],
        };
      })
      .sort((x, y) => unitNumber(x.name) - unitNumber(y.name));
    const relations: RelationView[] = [];
    for (const [endpoint, rel] of Object.entries(dict(a.relations))) {
      if (!Array.isArray(rel)) continue;
      for (const item of rel) {
        // Juju 2.9 listed plain application names; 3.x lists objects.
        if (typeof item === 'string') relations.push({ endpoint, relatedApp: item });
        else relations.push({ endpoint, relatedApp: str(dict(item)['related-application']) ?? '?', interface: str(dict(item).interface) });
      }
    }
    apps.push({
      name,
      charm: str(a.charm),
      charmName: str(a['charm-name']),
      charmRev: typeof a['charm-rev'] === 'number' ? a['charm-rev'] : undefined,
      charmOrigin: str(a['charm-origin']),
      charmChannel: str(a['charm-channel']),
      scale: typeof a.scale === 'number' ? a.scale : undefined,
      address: str(a.address),
      exposed: typeof a.exposed === 'boolean' ? a.exposed : undefined,
      status: statusOf(a['application-status']),
      units,
      relations,
    });
  }
  apps.sort((x, y) => x.name.localeCompare(y.name));
  return { model, apps };
}

function unitNumber(name: string): number {
  const n = Number(name.slice(name.lastIndexOf('/') + 1));
  return Number.isFinite(n) ? n : 0;
}

export type Settled = 'active' | 'blocked' | 'error' | 'waiting';

/**
 * Where an application stands: `error` when it or a unit failed, `blocked` when the charm
 * needs something from the user, `active` when the app and every unit are active and
 * the agents idle (the "done" rule of juju-deploy.md §3), else `waiting`.
 */
export function settledState(app: AppView): Settled {
  if (app.statusError) return 'error';
  const states = [app.status.current, ...app.units.map((u) => u.workload.current)];
  if (states.includes('error') || app.units.some((u) => ['error', 'failed', 'lost'].includes(u.agent.current ?? ''))) return 'error';
  if (states.includes('blocked')) return 'blocked';
  if (app.status.current === 'active' && app.units.length > 0 && app.units.every((u) => u.workload.current === 'active' && u.agent.current === 'idle')) {
    return 'active';
  }
  return 'waiting';
}

/** The most telling status message of an application (a unit's, else the app's). */
export function statusMessage(app: AppView): string | undefined {
  const rank: Record<string, number> = { error: 0, blocked: 1, waiting: 2, maintenance: 3 };
  const withMsg = app.units.filter((u) => u.workload.message).sort((a, b) => (rank[a.workload.current ?? ''] ?? 9) - (rank[b.workload.current ?? ''] ?? 9));
  return withMsg[0]?.workload.message ?? app.status.message;
}

export type JujuErrorKind =
  | 'no-controller'
  | 'no-selected-controller'
  | 'no-model'
  | 'model-not-found'
  | 'app-not-found'
  | 'app-exists'
  | 'missing-resource'
  | 'unrecognized-resource'
  | 'feature-requirements'
  | 'ambiguous-relation'
  | 'no-relations'
  | 'relation-exists'
  | 'unknown-option'
  | 'option-type'
  | 'charm-not-found'
  | 'unknown';

export interface JujuError {
  kind: JujuErrorKind;
  /** A sentence for the user. */
  message: string;
  /** What to do about it, with commands to copy. */
  hint?: string;
  /** The `ERROR ...` line as Juju printed it. */
  detail: string;
}

export interface ClassifyContext {
  /** The resource the charm declares (for resource mismatch advice). */
  expectedResource?: string;
  model?: string;
  app?: string;
}

/** Turns Juju's stderr into one of the known failures (juju-deploy.md §6). */
export function classifyJujuError(output: string, ctx: ClassifyContext = {}): JujuError {
  const lines = output.split(/\r?\n/);
  const errorLine = lines.find((l) => l.startsWith('ERROR ')) ?? lines.find((l) => l.trim()) ?? '';
  const detail = errorLine.trim();
  const text = output;
  let m: RegExpExecArray | null;
  if (/No controllers registered\./.test(text)) {
    return { kind: 'no-controller', detail, message: 'No Juju controller is registered.', hint: 'Bootstrap one on MicroK8s: `juju bootstrap microk8s dev-controller`, then `juju add-model <name>`.' };
  }
  if (/No selected controller\./.test(text)) {
    return { kind: 'no-selected-controller', detail, message: 'No Juju controller is selected.', hint: 'Select one with `juju switch <controller>` (list them with `juju controllers`).' };
  }
  if (/No model in focus\./.test(text)) {
    return { kind: 'no-model', detail, message: 'No Juju model is selected.', hint: 'Create one with `juju add-model <name>` or select one with `juju switch <model>`; or set twelveFactor.juju.model.' };
  }
  if ((m = /model (\S+) not found/.exec(text))) {
    return { kind: 'model-not-found', detail, message: `The Juju model ${m[1]} does not exist.`, hint: `Create it with \`juju add-model ${ctx.model ?? '<name>'}\` or fix twelveFactor.juju.model.` };
  }
  if ((m = /local charm missing OCI images for: (.+)$/m.exec(text))) {
    return { kind: 'missing-resource', detail, message: `The charm needs the OCI image resource(s) ${m[1].trim()}, which were not passed to Juju.`, hint: resourceHint(ctx) };
  }
  if ((m = /unrecognized resources?:? "?([^"\n]+)"?/.exec(text))) {
    return {
      kind: 'unrecognized-resource',
      detail,
      message: `The charm does not declare the resource ${m[1].trim()}${ctx.expectedResource ? ` (it expects ${ctx.expectedResource})` : ''}.`,
      hint: resourceHint(ctx),
    };
  }
  if (/Charm feature requirements cannot be met/.test(text)) {
    return { kind: 'feature-requirements', detail, message: 'The model cannot run this charm (it needs a Kubernetes model).', hint: 'Deploy to a model on a Kubernetes cloud, e.g. `juju bootstrap microk8s dev-controller` then `juju add-model <name>`.' };
  }
  if ((m = /cannot add application "([^"]+)": application already exists/.exec(text))) {
    return { kind: 'app-exists', detail, message: `The application ${m[1]} already exists.`, hint: 'Use Deploy again (it refreshes existing applications) or remove it first.' };
  }
  if ((m = /application "([^"]+)" not found/.exec(text))) {
    return { kind: 'app-not-found', detail, message: `The application ${m[1]} is not deployed in this model.` };
  }
  if (/ambiguous relation/.test(text)) {
    return { kind: 'ambiguous-relation', detail, message: 'Juju cannot tell which endpoints to connect.', hint: 'Name the endpoints: `app:endpoint other:endpoint`.' };
  }
  if (/no relations found/.test(text)) {
    return { kind: 'no-relations', detail, message: 'The two applications have no compatible endpoints.' };
  }
  if (/relation .* already exists|already exists.*relation/.test(text)) {
    return { kind: 'relation-exists', detail, message: 'These applications are already integrated.' };
  }
  if ((m = /unknown option "([^"]+)"/.exec(text))) {
    return { kind: 'unknown-option', detail, message: `The charm has no config option ${m[1]}.` };
  }
  if ((m = /option "([^"]+)" expected (\S+), got (.+)$/m.exec(text))) {
    return { kind: 'option-type', detail, message: `The option ${m[1]} expects a value of type ${m[2]}, got ${m[3].trim()}.` };
  }
  if (/cannot resolve charm|charm or bundle not found/.test(text)) {
    return { kind: 'charm-not-found', detail, message: 'Juju could not find that charm.' };
  }
  return { kind: 'unknown', detail, message: detail.replace(/^ERROR\s+/, '') || 'juju failed.' };
}

function resourceHint(ctx: ClassifyContext): string {
  const res = ctx.expectedResource ?? '<resource>';
  return `Flask charms take \`flask-app-image\`, Django charms \`django-app-image\`, the other frameworks \`app-image\`; this charm expects \`${res}\` (deploy with \`--resource ${res}=<registry>/<rock>:<version>\`).`;
}
