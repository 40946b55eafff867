import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { deref, nodeRange } from '../ast';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { charmBases, frameworkEntry } from '../twelveFactor/fileFacts';
import { frameworkFacts } from '../twelveFactor/frameworks';
import { child, entries, keyR, listItems, topPair } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** paas-charm's models for the `prometheus` section; each refuses unknown keys (`extra="forbid"`). */
const PROMETHEUS_KEYS = ['scrape_configs'];
const JOB_KEYS = ['job_name', 'metrics_path', 'static_configs'];
const JOB_REQUIRED = ['job_name', 'static_configs'];
const STATIC_KEYS = ['targets', 'labels'];
const STATIC_REQUIRED = ['targets'];

/** Keys only paas-charm 2 (the V2 extension, ubuntu@26.04) reads (charmcraft.md §7.7). */
const V2_ONLY_KEYS = ['port', 'metrics-port', 'metrics-path'];

/**
 * paas-config.yaml beyond its schema: the `prometheus.scrape_configs` jobs as paas-charm
 * validates them when the charm starts (job_name and static_configs required and job names
 * unique, targets required, no unknown keys, `@scheduler:PORT` with a numeric port; an invalid
 * file puts the charm in error state), and the override keys that a charm on a V1 base (paas-charm
 * 1.x) never reads. Warnings: nothing refuses them before deployment. (Top-level keys are the
 * schema's; `framework_logging_format` is tfPaasConfig's.)
 */
export const splitPaasConfig: Rule = {
  id: 'split-paas-config',
  kinds: ['paas-config'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    if (!file.root) return out;
    const prometheus = child(file, file.root, 'prometheus');
    if (prometheus && isMap(prometheus.value)) checkPrometheus(file, prometheus.value, out);

    const charm = workspace.sibling(file, 'charmcraft');
    const fw = charm ? frameworkEntry(charm)?.framework : undefined;
    if (!charm || !fw) return out;
    const facts = frameworkFacts(fw);
    const v1 = charmBases(charm).map((b) => b.base).find((b) => facts.charm.bases.includes(b));
    if (!v1) return out;
    for (const key of V2_ONLY_KEYS) {
      const pair = topPair(file, key);
      if (!pair) continue;
      out.push(problem(keyR(file, pair), 'paas-config-v1-key',
        `\`${key}\` is read by paas-charm 2 (charms on ubuntu@26.04). On ${v1} the ${facts.extension} extension makes a paas-charm 1.x ` +
        'charm (its template pins `paas-charm>=1.0,<2`), which takes the ports and the metrics path from the framework defaults and ' +
        'config options instead, so this key has no effect.',
        Severity.Warning));
    }
    return out;
  },
};

function checkPrometheus(file: ParsedFile, prometheus: YAMLMap, out: Diagnostic[]): void {
  unknownKeys(file, prometheus, PROMETHEUS_KEYS, 'prometheus', out);
  const jobs = child(file, prometheus, 'scrape_configs');
  if (!jobs || !isSeq(jobs.value)) return;
  const seen = new Map<string, number>();
  jobs.value.items.forEach((item, i) => {
    const job = deref(item, file.docs[0]);
    if (!isMap(job)) return;
    const where = `prometheus.scrape_configs[${i}]`;
    unknownKeys(file, job, JOB_KEYS, where, out);
    missingKeys(file, job, JOB_REQUIRED, where, nodeRange(file, job), out);
    const name = child(file, job, 'job_name');
    const text = name ? listItems(name.value, file)[0] : undefined;
    if (text && !isSeq(name?.value)) {
      const before = seen.get(text.text);
      if (before !== undefined) {
        out.push(problem(nodeRange(file, text.node), 'paas-config-duplicate-job',
          `Job name \`${text.text}\` is already used by scrape_configs[${before}]: each job_name must be unique, or paas-charm refuses paas-config.yaml.`,
          Severity.Warning));
      } else {
        seen.set(text.text, i);
      }
    }
    const statics = child(file, job, 'static_configs');
    if (!statics || !isSeq(statics.value)) return;
    statics.value.items.forEach((s, j) => {
      const sc = deref(s, file.docs[0]);
      if (!isMap(sc)) return;
      const at = `${where}.static_configs[${j}]`;
      unknownKeys(file, sc, STATIC_KEYS, at, out);
      missingKeys(file, sc, STATIC_REQUIRED, at, nodeRange(file, sc), out);
      const targets = child(file, sc, 'targets');
      for (const t of targets && isSeq(targets.value) ? listItems(targets.value, file) : []) {
        const m = /^@scheduler:(.*)$/.exec(t.text);
        if (!m || /^[0-9]+$/.test(m[1])) continue;
        out.push(problem(nodeRange(file, t.node), 'paas-config-target',
          `\`${t.text}\`: a \`@scheduler\` target needs a numeric port, like \`@scheduler:8082\`.`, Severity.Warning));
      }
    });
  });
}

function unknownKeys(file: ParsedFile, map: YAMLMap, allowed: readonly string[], where: string, out: Diagnostic[]): void {
  for (const e of entries(map, file)) {
    if (allowed.includes(e.name)) continue;
    const guess = closest(e.name, allowed);
    out.push(problem(keyR(file, e.pair), 'paas-config-unknown-key',
      `Unknown key \`${e.name}\` in ${where}: paas-charm refuses paas-config.yaml with it and the charm goes into error state. ` +
      (guess ? `Did you mean \`${guess}\`?` : `Allowed: ${allowed.map((k) => `\`${k}\``).join(', ')}.`),
      Severity.Warning, guess ? { replacement: guess } : undefined));
  }
}

function missingKeys(file: ParsedFile, map: YAMLMap, required: readonly string[], where: string, range: Range, out: Diagnostic[]): void {
  const missing = required.filter((k) => !child(file, map, k));
  if (!missing.length) return;
  const first = entries(map, file)[0];
  out.push(problem(first ? keyR(file, first.pair) : range, 'paas-config-missing-key',
    `${where} is missing ${missing.map((k) => `\`${k}\``).join(' and ')}, which paas-charm requires.`, Severity.Warning, { missing }));
}
