import type { ParsedFile } from '../parse';
import { CHARM_ARCHITECTURES } from '../rules/commonFacts';
import { charmSnippetFor, frameworkEntry } from '../twelveFactor/fileFacts';
import {
  INJECTED_RELATIONS, frameworkFacts, frameworkOf, integrationByInterface, knownIntegrations, type FrameworkId, type IntegrationFacts, type PlainMap,
} from '../twelveFactor/frameworks';

/*
 * The 12-factor facts editing features need, read from the 12-factor knowledge module
 * (`service/twelveFactor/`) and shaped for completion and hover.
 */

export interface GeneratedName {
  name: string;
  extension: string;
  summary?: string;
}

/** Parts the listed rock extensions generate (the user may extend or override them). */
export function extensionParts(extensions: readonly string[]): GeneratedName[] {
  const out: GeneratedName[] = [];
  for (const extension of extensions) {
    const fw = frameworkOf(extension);
    if (!fw) continue;
    for (const p of frameworkFacts(fw).rock.parts) out.push({ name: p.name, extension, summary: p.summary });
  }
  return out;
}

/** Pebble services the listed rock extensions generate. */
export function extensionServices(extensions: readonly string[]): GeneratedName[] {
  const out: GeneratedName[] = [];
  for (const extension of extensions) {
    const fw = frameworkOf(extension);
    if (!fw) continue;
    for (const s of frameworkFacts(fw).rock.services) if (!out.some((o) => o.name === s)) out.push({ name: s, extension });
  }
  return out;
}

export interface Integration {
  endpoint?: string;
  interface: string;
  /** What the `charmcraft init` template writes for `optional`. */
  optional: boolean;
  /** The charms to integrate with. */
  charm: string;
  env: readonly string[];
}

/** The optional integrations of a 12-factor charm, by the endpoint names paas-charm looks for. */
export function integrations(): Integration[] {
  return knownIntegrations().map((i) => ({
    endpoint: i.endpoint, interface: i.interface, optional: i.templateOptional ?? true, charm: i.providers.join(' or '), env: i.env,
  }));
}

/** Interfaces the charm extensions declare themselves, with the endpoint that carries each. */
export function injectedInterfaces(): { interface: string; endpoint: string; kind: string }[] {
  const out: { interface: string; endpoint: string; kind: string }[] = [];
  for (const [kind, endpoints] of Object.entries(INJECTED_RELATIONS)) {
    for (const [endpoint, spec] of Object.entries(endpoints as Record<string, { interface: string }>)) out.push({ interface: spec.interface, endpoint, kind });
  }
  return out;
}

export const ARCHITECTURES = CHARM_ARCHITECTURES;

/**
 * Names the charm's 12-factor extension injects into the map `ref` (the `flask-app` container,
 * the `flask-app-image` resource, its config options and actions, the `charm` part), from the
 * charmcraft.yaml that lists the extension.
 */
export function injectedCharmNames(charmcraft: ParsedFile, ref: string): { name: string; extension: string; value: unknown }[] {
  const entry = frameworkEntry(charmcraft);
  const snippet = entry ? charmSnippetFor(charmcraft) : undefined;
  if (!entry || !snippet) return [];
  const entries = (v: unknown): [string, unknown][] => Object.entries(v && typeof v === 'object' ? v : {});
  const map: Record<string, unknown> = {
    resources: snippet.resources,
    containers: snippet.containers,
    actions: snippet.actions,
    'config.options': (snippet.config as PlainMap | undefined)?.options,
    parts: snippet.parts,
  };
  return entries(map[ref]).map(([name, value]) => ({ name, extension: entry.name, value }));
}

/** The 12-factor framework of a charm's charmcraft.yaml, with its extension's name. */
export function charmFramework(charmcraft: ParsedFile | undefined): { framework: FrameworkId; extension: string } | undefined {
  const entry = charmcraft ? frameworkEntry(charmcraft) : undefined;
  return entry?.framework ? { framework: entry.framework, extension: entry.name } : undefined;
}

/** The prefix paas-charm puts on the environment variables of the user's config options (`FLASK_`, `APP_`). */
export function configEnvPrefix(fw: FrameworkId): string {
  return frameworkFacts(fw).charm.envPrefix;
}

// The parts of a database URL paas-charm exports next to `<NAME>_DB_CONNECT_STRING` (charmcraft.md §7.7).
const DB_URL_PARTS = ['SCHEME', 'NETLOC', 'PATH', 'PARAMS', 'QUERY', 'FRAGMENT', 'USERNAME', 'PASSWORD', 'HOSTNAME', 'PORT', 'NAME'];

// Variables charmcraft.md §7.7 lists beyond the integration table's summary patterns.
const MORE_ENV: Record<string, readonly string[]> = {
  valkey_client: ['VALKEY_DB_READ_ONLY_ENDPOINTS', 'VALKEY_DB_SENTINEL_ENDPOINTS'],
  s3: ['S3_PATH', 'S3_STORAGE_CLASS', 'S3_API_VERSION', 'S3_URI_STYLE', 'S3_ADDRESSING_STYLE', 'S3_ATTRIBUTES', 'S3_TLS_CA_CHAIN'],
  smtp: ['SMTP_AUTH_TYPE', 'SMTP_TRANSPORT_SECURITY', 'SMTP_DOMAIN', 'SMTP_SKIP_SSL_VERIFY'],
};

/**
 * The environment variables paas-charm gives the app for an integration, written out where
 * the facts have a pattern (`POSTGRESQL_DB_*` becomes the URL parts it stands for).
 */
export function integrationEnv(i: IntegrationFacts): string[] {
  const out: string[] = [];
  const add = (v: string): void => {
    if (!out.includes(v)) out.push(v);
  };
  for (const e of i.env) {
    const db = /^([A-Z]+)_DB_\*$/.exec(e);
    if (db) for (const part of DB_URL_PARTS) add(`${db[1]}_DB_${part}`);
    else if (!(e.endsWith('_*') && MORE_ENV[i.interface])) add(e);
  }
  for (const e of MORE_ENV[i.interface] ?? []) add(e);
  return out;
}

export { integrationByInterface };
