/**
 * Argument arrays for every program the extension runs. Pure: the only place where command
 * lines are assembled, so tests can pin them against the reference docs.
 */
import * as path from 'path';
import { charmcraftProfile, rockcraftProfile, type Profile } from './names';

export function rockcraftInit(profile: Profile, name: string): string[] {
  return ['init', '--profile', rockcraftProfile(profile), '--name', name];
}

export function charmcraftInit(profile: Profile, name: string, author?: string): string[] {
  return ['init', '--profile', charmcraftProfile(profile), '--name', name, ...(author ? ['--author', author] : [])];
}

export function pack(extra: readonly string[] = []): string[] {
  return ['pack', ...extra];
}

export function expandExtensions(): string[] {
  return ['expand-extensions'];
}

/** `<registry>/<name>:<version>` (juju-deploy.md §7). */
export function imageRef(registry: string, name: string, version: string): string {
  return `${registry.trim().replace(/\/+$/, '').replace(/^[a-z]+:\/\//, '')}/${name}:${version}`;
}

/**
 * Registries on this machine (MicroK8s' `localhost:32000`) speak plain HTTP, so skopeo must
 * not insist on TLS for them (rockcraft.md §12: `http: server gave HTTP response to HTTPS client`).
 */
export function isLocalRegistry(registry: string): boolean {
  const host = registry.trim().replace(/^[a-z]+:\/\//, '').split('/')[0].replace(/:\d+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `rockcraft.skopeo --insecure-policy copy [--dest-tls-verify=false] oci-archive:<rock> docker://<image>`. */
export function skopeoCopy(rockPath: string, image: string, tlsVerify: boolean): string[] {
  return ['--insecure-policy', 'copy', ...(tlsVerify ? [] : ['--dest-tls-verify=false']), `oci-archive:${rockPath}`, `docker://${image}`];
}

/** `-m <model>` right after the subcommand, when a model is configured. */
function withModel(sub: string, model: string | undefined, rest: readonly string[]): string[] {
  return [sub, ...(model ? ['-m', model] : []), ...rest];
}

export function jujuStatus(model?: string): string[] {
  return withModel('status', model, ['--format', 'json']);
}

/**
 * A local charm path as Juju needs it: it must start with `./` or `/`, or Juju looks the
 * name up on Charmhub (juju-deploy.md §3).
 */
export function localCharmPath(charmFile: string, cwd: string): string {
  const rel = path.relative(cwd, charmFile);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return path.resolve(charmFile);
  return `./${rel.split(path.sep).join('/')}`;
}

function resourceArgs(resources: Readonly<Record<string, string>>): string[] {
  return Object.entries(resources).flatMap(([k, v]) => ['--resource', `${k}=${v}`]);
}

export function jujuDeployLocal(charmPath: string, app: string, resources: Readonly<Record<string, string>>, model?: string): string[] {
  return withModel('deploy', model, [charmPath, app, ...resourceArgs(resources)]);
}

export function jujuRefreshLocal(app: string, charmPath: string, resources: Readonly<Record<string, string>>, model?: string): string[] {
  return withModel('refresh', model, [app, '--path', charmPath, ...resourceArgs(resources)]);
}

export interface CharmhubDeploy {
  charm: string;
  app?: string;
  channel?: string;
  trust?: boolean;
}

export function jujuDeployCharmhub(d: CharmhubDeploy, model?: string): string[] {
  return withModel('deploy', model, [d.charm, ...(d.app ? [d.app] : []), ...(d.channel ? ['--channel', d.channel] : []), ...(d.trust ? ['--trust'] : [])]);
}

export function jujuIntegrate(a: string, b: string, model?: string): string[] {
  return withModel('integrate', model, [a, b]);
}

export function jujuConfigSet(app: string, key: string, value: string, model?: string): string[] {
  return withModel('config', model, [app, `${key}=${value}`]);
}

export function jujuConfigReset(app: string, key: string, model?: string): string[] {
  return withModel('config', model, [app, '--reset', key]);
}

export function jujuConfigGet(app: string, model?: string): string[] {
  return withModel('config', model, [app, '--format', 'json']);
}

export function jujuDebugLog(model?: string, include?: string): string[] {
  return withModel('debug-log', model, include ? ['--include', include] : []);
}

/** Our own confirmation replaces Juju 3's prompt, which would hang without a terminal. */
export function jujuRemoveApplication(app: string, model?: string): string[] {
  return withModel('remove-application', model, [app, '--no-prompt']);
}

/** Well-known charms to integrate with (charmcraft.md §7.6, juju-deploy.md §2). */
export const KNOWN_INTEGRATIONS: readonly (CharmhubDeploy & { endpoint: string; description: string })[] = [
  { charm: 'postgresql-k8s', channel: '14/stable', trust: true, endpoint: 'postgresql', description: 'PostgreSQL database' },
  { charm: 'nginx-ingress-integrator', channel: 'latest/stable', trust: true, endpoint: 'ingress', description: 'Ingress through NGINX' },
  { charm: 'traefik-k8s', trust: true, endpoint: 'ingress', description: 'Ingress through Traefik' },
  { charm: 'mysql-k8s', trust: true, endpoint: 'mysql', description: 'MySQL database' },
  { charm: 'mongodb-k8s', endpoint: 'mongodb', description: 'MongoDB database' },
  { charm: 'redis-k8s', endpoint: 'redis', description: 'Redis' },
  { charm: 's3-integrator', endpoint: 's3', description: 'S3 object storage' },
  { charm: 'saml-integrator', endpoint: 'saml', description: 'SAML' },
  { charm: 'smtp-integrator', endpoint: 'smtp', description: 'SMTP' },
  { charm: 'openfga-k8s', endpoint: 'openfga', description: 'OpenFGA' },
  { charm: 'rabbitmq-k8s', trust: true, endpoint: 'rabbitmq', description: 'RabbitMQ' },
  { charm: 'loki-k8s', trust: true, endpoint: 'logging', description: 'Loki logging' },
];
