/** The fake Juju controller and registry, kept in the JSON file named by FAKE_JUJU_STATE. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface FakeRelation {
  endpoint: string;
  app: string;
  remoteEndpoint: string;
  interface: string;
}

export interface FakeApp {
  charm: string;
  origin: 'local' | 'charmhub';
  rev: number;
  channel?: string;
  resources: Record<string, string>;
  /** Declared OCI resources of the charm. */
  ociResources: string[];
  config: Record<string, string | number | boolean>;
  options: Record<string, { type?: string; default?: unknown; optional?: boolean }>;
  requires: Record<string, { interface: string; optional?: boolean }>;
  provides: Record<string, { interface: string }>;
  relations: FakeRelation[];
  /** Status calls left during which the unit still reports `maintenance`. */
  settlePolls: number;
  units: number;
}

export interface FakeModel {
  apps: Record<string, FakeApp>;
}

export interface FakeState {
  controller: string;
  current: string | null;
  models: Record<string, FakeModel>;
  /** Image references pushed with the fake skopeo. */
  images: string[];
  revisions: Record<string, number>;
}

export function statePath(): string {
  return process.env.FAKE_JUJU_STATE ?? path.join(os.tmpdir(), `fake-juju-state-${process.getuid?.() ?? 0}.json`);
}

export function loadState(): FakeState {
  try {
    const s = JSON.parse(fs.readFileSync(statePath(), 'utf8')) as Partial<FakeState>;
    return { controller: s.controller ?? 'dev-controller', current: s.current === undefined ? 'dev' : s.current, models: s.models ?? { dev: { apps: {} } }, images: s.images ?? [], revisions: s.revisions ?? {} };
  } catch {
    return { controller: 'dev-controller', current: 'dev', models: { dev: { apps: {} } }, images: [], revisions: {} };
  }
}

export function saveState(s: FakeState): void {
  const file = statePath();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2));
  fs.renameSync(tmp, file);
}
