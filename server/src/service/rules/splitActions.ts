import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getNode, nodeRange, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { child, entries, keyR, listItems, valueR, type Entry } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/** Keys of an action Juju gives a meaning to; everything else is passed into its JSON schema. */
const ACTION_KEYS = ['description', 'title', 'params', 'required', 'additionalProperties', 'parallel', 'execution-group'];
/** Spellings of `params` that are too far from it for an edit-distance guess. */
const PARAMS_ALIASES = ['parameters', 'param', 'args', 'arguments', 'options'];
/** JSON Schema keywords: legitimate in an action (`properties:` works like `params:`). */
const SCHEMA_KEYWORDS = new Set([
  'properties', 'type', 'definitions', 'patternProperties', 'dependencies', 'enum', 'default', 'minProperties',
  'maxProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'items', 'examples', 'id',
]);
/** JSON Schema's types (draft 4, what Juju compiles action schemas with). */
const JSON_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null'];
/** Type names from other languages and their JSON Schema spelling. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  str: 'string', int: 'integer', bool: 'boolean', float: 'number', double: 'number', list: 'array', dict: 'object', map: 'object',
};

/**
 * actions.yaml beyond its schema (charmcraft.md §6: each action is a JSON schema Juju compiles):
 * a `required` name that is not a parameter can never be satisfied, a misspelt `params` or
 * `description` is silently passed into the schema, a parameter `type` that is not a JSON
 * Schema type is refused by Juju's schema compiler, and a default of another type than its
 * parameter reaches the charm as such. Warnings, as Charmcraft packs these files unchecked.
 * The same holds for the `actions` section of charmcraft.yaml: Charmcraft writes it out as the
 * charm's actions.yaml unchecked, so Juju sees exactly the same mistakes.
 * (Names, `juju-*` and `$ref` are the schema's and charmActions'.)
 */
export const splitActions: Rule = {
  id: 'split-actions',
  kinds: ['actions', 'charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const holder = file.kind === 'actions' ? file.root : getNode(file.root, 'actions', file.docs[0]);
    if (!isMap(holder)) return out;
    for (const action of entries(holder, file)) {
      if (!action.map) continue;
      checkKeys(file, action, out);
      const params = child(file, action.map, 'params') ?? child(file, action.map, 'properties');
      const declared = isMap(params?.value) ? entries(params.value, file) : [];
      for (const p of declared) checkParam(file, action.name, p, out);
      const required = child(file, action.map, 'required');
      if (!required || !isSeq(required.value)) continue;
      const names = new Set(declared.map((p) => p.name));
      for (const item of listItems(required.value, file)) {
        if (names.has(item.text)) continue;
        const guess = closest(item.text, names);
        out.push(problem(nodeRange(file, item.node), 'action-required-unknown-param',
          `Action \`${action.name}\` requires \`${item.text}\`, which is not one of its \`params\`, so the action can never run.` +
          (guess ? ` Did you mean \`${guess}\`?` : ' Declare the parameter or remove it from `required`.'),
          Severity.Warning, guess ? { replacement: guess } : undefined));
      }
    }
    return out;
  },
};

function checkKeys(file: ParsedFile, action: Entry, out: Diagnostic[]): void {
  for (const k of entries(action.map, file)) {
    if (ACTION_KEYS.includes(k.name) || SCHEMA_KEYWORDS.has(k.name)) continue;
    const guess = PARAMS_ALIASES.includes(k.name.toLowerCase()) ? 'params' : closest(k.name, ACTION_KEYS);
    if (!guess) continue;
    out.push(problem(keyR(file, k.pair), 'action-unknown-key',
      `Juju does not know \`${k.name}\` in action \`${action.name}\` and passes it into the action's schema as is. Did you mean \`${guess}\`?`,
      Severity.Warning, { replacement: guess }));
  }
}

function checkParam(file: ParsedFile, action: string, p: Entry, out: Diagnostic[]): void {
  if (!p.map) return;
  const type = child(file, p.map, 'type');
  const types = type ? listItems(type.value, file) : [];
  for (const t of types) {
    if (JSON_TYPES.includes(t.text)) continue;
    const guess = TYPE_NAMES[t.text.toLowerCase()] ?? closest(t.text, JSON_TYPES);
    out.push(problem(nodeRange(file, t.node), 'action-param-type',
      `\`${t.text}\` is not a JSON Schema type, so Juju cannot compile the schema of action \`${action}\` ` +
      `(invalid params schema for action schema ${action}). Use ${guess ? `\`${guess}\`` : 'string, integer, number, boolean, array or object'}.`,
      Severity.Warning, guess ? { replacement: guess } : undefined));
  }
  const def = child(file, p.map, 'default');
  if (!def?.value || types.length !== 1 || !JSON_TYPES.includes(types[0].text)) return;
  const got = jsonTypeOf(def.value);
  const want = types[0].text;
  if (!got || got === 'null' || got === want || (want === 'number' && got === 'integer')) return;
  out.push(problem(valueR(file, def.pair), 'action-param-default',
    `The default of parameter \`${p.name}\` of action \`${action}\` is ${article(got)}, but the parameter is ${article(want)}: ` +
    'the charm receives this value when the parameter is not given.', Severity.Warning,
    want === 'string' && isScalar(def.value) ? { replacement: JSON.stringify(scalarString(def.value) ?? '') } : undefined));
}

function jsonTypeOf(node: Node): string | undefined {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) && !/[.eE]/.test(node.source ?? '') ? 'integer' : 'number';
  return undefined;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
