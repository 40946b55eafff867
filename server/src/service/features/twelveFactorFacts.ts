import { CHARM_ARCHITECTURES } from '../rules/commonFacts';
import { INJECTED_RELATIONS, frameworkFacts, frameworkOf, knownIntegrations } from '../twelveFactor/frameworks';

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
