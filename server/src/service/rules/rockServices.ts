import { isMap, isScalar } from 'yaml';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { FRAMEWORKS } from './commonFacts';
import { child, entries, frameworksOf, keyR, listItems, nodeR, top, topEntries, topPair, valueR, type Entry } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** Services the listed extensions generate; the user's entries of the same name are merged into them. */
function extensionServices(file: ParsedFile): Set<string> {
  return new Set(frameworksOf(file).flatMap((f) => FRAMEWORKS[f].rockServices));
}

/** Extension services whose generated command has a `[ ... ]` default-arguments group. */
const EXTENSION_COMMANDS_WITH_ARGS = new Set(['flask', 'django']);

export type CommandProblem = 'nested' | 'after-group' | 'quote' | 'unclosed';

/**
 * Splits a Pebble command the way Pebble does (shell-like words) and checks its optional
 * `[ default args ]` group. Returns whether there is a group, or what is wrong with it.
 */
export function parseCommand(command: string): { hasGroup: boolean; problem?: CommandProblem } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      cur += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return { hasGroup: false, problem: 'quote' };
  if (inWord) words.push(cur);
  let open = -1;
  let close = -1;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '[') {
      if (open >= 0 && close < 0) return { hasGroup: true, problem: 'nested' };
      if (close >= 0) return { hasGroup: true, problem: 'after-group' };
      open = i;
    } else if (words[i] === ']' && open >= 0 && close < 0) {
      close = i;
    } else if (close >= 0) {
      return { hasGroup: true, problem: 'after-group' };
    }
  }
  if (open >= 0 && close < 0) return { hasGroup: true, problem: 'unclosed' };
  return { hasGroup: open >= 0 };
}

const COMMAND_MESSAGES: Record<CommandProblem, string> = {
  nested: 'cannot nest [ ... ] groups: a command may have one `[ default args ]` group, at its end.',
  'after-group': 'cannot have any arguments after [ ... ] group: move the `[ ... ]` group to the end of the command.',
  quote: 'no closing quotation: add the missing quote.',
  unclosed: 'the `[` group is never closed: add ` ]` after the default arguments.',
};

/** Go-style durations as Pebble writes them: `500ms`, `10s`, `1m30s`. */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * unit[m[2]];
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? total : undefined;
}

/**
 * Pebble services and checks as Rockcraft validates them (rockcraft.md §4), plus the
 * references between them that only Pebble checks when the container starts (warnings).
 */
export const rockServices: Rule = {
  id: 'rock-services',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const fromExtensions = extensionServices(file);
    const services = topEntries(file, 'services');
    const checks = topEntries(file, 'checks');
    const serviceNames = new Set([...services.map((s) => s.name), ...fromExtensions]);
    const checkNames = checks.map((c) => c.name);
    const entrypoint = scalarString(top(file, 'entrypoint-service'));

    for (const svc of services) {
      const map = svc.map;
      if (!map) continue;
      const kr = keyR(file, svc.pair);
      if (!fromExtensions.has(svc.name)) {
        const missing = ['override', 'command'].filter((k) => !child(file, map, k));
        if (missing.length) {
          out.push(problem(kr, 'service-missing-keys',
            `Service \`${svc.name}\` is missing ${missing.map((m) => `\`${m}\``).join(' and ')}: Rockcraft requires \`override\` and \`command\` in every service it does not get from an extension${missing.includes('override') ? ' (write `override: replace` for a new service)' : ''}.`,
            Severity.Error, { missing }));
        }
      }
      const command = child(file, map, 'command');
      const text = scalarString(command?.value);
      if (command && text !== undefined && isScalar(command.value)) {
        const parsed = parseCommand(text);
        if (parsed.problem) {
          out.push(problem(valueR(file, command.pair), 'command-syntax', `Service \`${svc.name}\`: ${COMMAND_MESSAGES[parsed.problem]}`,
            svc.name === entrypoint ? Severity.Error : Severity.Warning));
        }
      }
      for (const key of ['after', 'before', 'requires']) {
        const list = child(file, map, key);
        for (const item of listItems(list?.value, file)) {
          if (serviceNames.has(item.text)) continue;
          const guess = closest(item.text, serviceNames);
          out.push(problem(nodeR(file, item.node, kr), 'unknown-service',
            `Service \`${svc.name}\` lists \`${item.text}\` in \`${key}\`, but no service has that name, so Pebble will refuse the layer.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
            Severity.Warning, guess ? { replacement: guess } : undefined));
        }
      }
      const onCheck = child(file, map, 'on-check-failure');
      for (const e of entries(isMap(onCheck?.value) ? onCheck.value : undefined, file)) {
        if (checkNames.includes(e.name)) continue;
        const guess = closest(e.name, checkNames);
        out.push(problem(keyR(file, e.pair), 'unknown-check',
          `\`on-check-failure\` of service \`${svc.name}\` names \`${e.name}\`, but there is no such check under \`checks\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
          Severity.Warning, guess ? { replacement: guess } : undefined));
      }
    }

    for (const c of checks) checkCheck(file, c, out);
    checkEntrypoint(file, services, fromExtensions, out);
    return out;
  },
};

function checkCheck(file: ParsedFile, c: Entry, out: Diagnostic[]): void {
  const map = c.map;
  if (!map) return;
  const kr = keyR(file, c.pair);
  const kinds = ['http', 'tcp', 'exec'].map((k) => ({ k, c: child(file, map, k) })).filter((x) => x.c);
  if (kinds.length === 0) {
    out.push(problem(kr, 'check-type', `Check \`${c.name}\`: must specify exactly one of http, tcp, exec for each check. Add one, for example \`http: {url: "http://localhost:8000/"}\`.`));
  } else if (kinds.length > 1) {
    const second = kinds[1].c;
    if (second) out.push(problem(keyR(file, second.pair), 'check-type', `Check \`${c.name}\` has several types (${kinds.map((x) => x.k).join(', ')}); each check must have exactly one type. Split it into one check per type.`));
  }
  const period = child(file, map, 'period');
  const timeout = child(file, map, 'timeout');
  if (timeout) {
    const p = parseDuration(scalarString(period?.value) ?? '10s');
    const t = parseDuration(scalarString(timeout.value) ?? '');
    if (p !== undefined && t !== undefined && t >= p) {
      out.push(problem(valueR(file, timeout.pair), 'check-timeout', `The \`timeout\` of check \`${c.name}\` must be less than its \`period\`${period ? '' : ' (10s by default)'}; Pebble refuses the layer otherwise.`, Severity.Warning));
    }
  }
}

function checkEntrypoint(file: ParsedFile, services: Entry[], fromExtensions: Set<string>, out: Diagnostic[]): void {
  const esPair = topPair(file, 'entrypoint-service');
  const ecPair = topPair(file, 'entrypoint-command');
  if (esPair && ecPair) {
    out.push(problem(keyR(file, ecPair), 'entrypoint-conflict', "the option 'entrypoint-command' cannot be used along 'entrypoint-service'. Keep one of them."));
  }
  if (ecPair) {
    const text = scalarString(ecPair.value);
    const parsed = text !== undefined ? parseCommand(text) : undefined;
    if (parsed?.problem) out.push(problem(valueR(file, ecPair), 'command-syntax', `\`entrypoint-command\`: ${COMMAND_MESSAGES[parsed.problem]}`));
  }
  if (!esPair) return;
  const name = scalarString(esPair.value);
  if (name === undefined) return;
  const range: Range = valueR(file, esPair);
  out.push(problem(keyR(file, esPair), 'entrypoint-service-atypical',
    "'entrypoint-service' gives the rock an atypical OCI entrypoint (Pebble runs only this service, and the `[ ... ]` arguments become the OCI CMD); Rockcraft warns about it when packing.",
    Severity.Information));
  const svc = services.find((s) => s.name === name);
  if (!svc && !fromExtensions.has(name)) {
    const guess = closest(name, [...services.map((s) => s.name), ...fromExtensions]);
    out.push(problem(range, 'unknown-entrypoint-service', `the provided entrypoint-service '${name}' is not a valid Pebble service: define it under \`services\`${guess ? `, or did you mean \`${guess}\`?` : '.'}`,
      Severity.Error, guess ? { replacement: guess } : undefined));
    return;
  }
  const command = svc?.map ? scalarString(child(file, svc.map, 'command')?.value) : undefined;
  if (command !== undefined) {
    if (!parseCommand(command).hasGroup) {
      out.push(problem(range, 'entrypoint-service-args', `the Pebble service '${name}' has a command ${command} without default arguments and thus cannot be used as the entrypoint-service. Add a \`[ ... ]\` group at the end of its command, like \`/bin/app [ --port 8080 ]\`.`));
    }
  } else if (fromExtensions.has(name) && !EXTENSION_COMMANDS_WITH_ARGS.has(name)) {
    out.push(problem(range, 'entrypoint-service-args', `The command the extension generates for service '${name}' has no \`[ default args ]\` group, so it cannot be the entrypoint-service. Set \`services.${name}.command\` with a \`[ ... ]\` group.`, Severity.Warning));
  }
}
