import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getNode, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { child, entries, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

const TYPES = ['string', 'int', 'float', 'boolean', 'secret'];

/** The `options` mapping: `config.options` in charmcraft.yaml, `options` in config.yaml. */
function optionsOf(file: ParsedFile): YAMLMap | undefined {
  const doc = file.docs[0];
  const holder = file.kind === 'config' ? file.root : (() => {
    const c = getNode(file.root, 'config', doc);
    return isMap(c) ? c : undefined;
  })();
  const options = getNode(holder, 'options', doc);
  return isMap(options) ? options : undefined;
}

/** Go's strconv.ParseBool, which Juju uses for string values of boolean options. */
const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
/** Go's strconv.ParseInt with base 0 (decimal, 0x, 0o, 0b, underscores). */
const GO_INT = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;

/**
 * What Juju accepts as the default of a config option (charmcraft.md §6; juju `ReadConfig`):
 * strings for `string`/`secret` (a secret default is a `secret:` URI), integers or integer
 * strings for `int`, floats for `float`, booleans or Go boolean strings for `boolean`.
 * Returns an error message, a softer warning message, or nothing.
 */
export function checkDefault(type: string, node: Node): { error?: string; warning?: string } | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  // YAML 1.1 reads `2024-01-01` as a date; treat it as the text it was written as. The yaml
  // package also reads a lone `.` (or `-.`) as a NaN float, which PyYAML and Juju read as text.
  const v = node.value instanceof Date || (typeof node.value === 'number' && Number.isNaN(node.value) && !/nan$/i.test(node.source ?? ''))
    ? node.source ?? ''
    : node.value;
  const text = scalarString(node) ?? (typeof v === 'string' ? v : '');
  switch (type) {
    case 'string':
      return typeof v === 'string' ? undefined : { error: `is ${describe(v)}, not a string: quote it (\`"${text}"\`)` };
    case 'secret':
      if (typeof v !== 'string') return { error: `is ${describe(v)}, not a secret URI` };
      return v === '' || /^secret:/.test(v) ? undefined : { error: 'must be a secret URI (`secret:...`) or empty' };
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v) && !/[.eE]/.test(text)) return undefined;
      if (typeof v === 'bigint') return undefined;
      if (typeof v === 'string' && GO_INT.test(v)) return undefined;
      return { error: `is ${describe(v)}, not a whole number` };
    case 'float':
      if (typeof v === 'number' && /[.eE]|inf|nan/i.test(text)) return undefined;
      if (typeof v === 'number' || typeof v === 'bigint') return { warning: `is an integer; Juju expects a float here, so write \`${text}.0\`` };
      return { error: `is ${describe(v)}, not a number` };
    case 'boolean':
      if (typeof v === 'boolean') return undefined;
      if (typeof v === 'string' && GO_BOOL.test(v)) return undefined;
      return { error: `is ${describe(v)}, not \`true\` or \`false\`` };
    default:
      return undefined;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string "${v}"`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
  return 'not a single value';
}

/**
 * Juju's rule for config option defaults, which Charmcraft passes through unchecked: the
 * default must have the option's type (a missing `type` is the schema's to report).
 */
export const charmConfig: Rule = {
  id: 'charm-config',
  kinds: ['charmcraft', 'config'],
  check({ file }) {
    const out: Diagnostic[] = [];
    for (const opt of entries(optionsOf(file), file)) {
      if (!opt.map) continue;
      const typePair = child(file, opt.map, 'type');
      const type = scalarString(typePair?.value);
      if (!type || !TYPES.includes(type)) continue; // the schema reports unknown types
      const def = child(file, opt.map, 'default');
      if (!def?.value) continue;
      if (def.value && typeof def.value === 'object' && !isScalar(def.value)) {
        out.push(problem(valueR(file, def.pair), 'config-default-type', `The default of option \`${opt.name}\` must be a single ${type} value, not a list or mapping.`));
        continue;
      }
      const verdict = checkDefault(type, def.value);
      if (verdict?.error) {
        const text = scalarString(def.value) ?? '';
        out.push(problem(valueR(file, def.pair), 'config-default-type',
          `invalid config default: option "${opt.name}" expected ${type}, but the default ${verdict.error}. Juju refuses the charm at deploy time.`,
          Severity.Error, type === 'string' ? { replacement: JSON.stringify(text) } : undefined));
      } else if (verdict?.warning) {
        out.push(problem(valueR(file, def.pair), 'config-default-type',
          `The default of option "${opt.name}" ${verdict.warning}.`, Severity.Warning, { replacement: `${scalarString(def.value) ?? ''}.0` }));
      }
    }
    return out;
  },
};
