import { isMap, isScalar } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, getMap, getPair, keyRange, keyText, mapPairs, scalarString, valueRange } from '../ast';
import type { Rule } from './types';
import { problem } from './util';
import { charmBase, extensionEntries, plainMap } from '../twelveFactor/fileFacts';
import {
  charmExtensionSnippet, FORBIDDEN_CHARM_KEYS, frameworkFacts, RESERVED_CHARM_KEYS, type PlainMap,
} from '../twelveFactor/frameworks';
import type { TfFix } from '../twelveFactor/fixes';

/** Python's `==` on the plain data the tools load (dict order does not matter, list order does). */
function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameData((a as PlainMap)[k], (b as PlainMap)[k]));
  }
  // PyYAML reads `1` as int and `1.0` as float, and 1 == 1.0 in Python: compare numbers by value.
  return a === b;
}

/** Python truthiness of a YAML value (`default: 0`, `false`, `""` are falsy). */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

const removeFix = (keyPath: string[], title: string): { tf: TfFix } => ({ tf: { kind: 'remove-key', keyPath, title } });

/**
 * What a charm may not write next to a 12-factor extension (charmcraft.md §7.4), with the
 * ExtensionError texts. Charmcraft stops at the first failure; we report each one.
 */
export const tfCharmKeys: Rule = {
  id: 'tf-charm-keys',
  kinds: ['charmcraft'],
  check({ file }) {
    const doc = file.docs[0];
    const entry = extensionEntries(file).find((e) => e.framework);
    if (!entry?.framework) return [];
    const fw = entry.framework;
    const ext = frameworkFacts(fw).extension;
    const out: Diagnostic[] = [];
    // Reserved and overlapping names are compared with the snippet before dynamic (oauth) options.
    const snippet = charmExtensionSnippet(fw, { base: charmBase(file) });

    const typePair = getPair(file.root, 'type', doc);
    const type = scalarString(typePair?.value);
    if (typePair && type !== undefined && type !== 'charm') {
      out.push(problem(valueRange(file, typePair), 'tf-charm-type', `the '${ext}' extension is incompatible with type '${type}'. A 12-factor charm must be \`type: charm\`.`,
        undefined, { replacement: 'charm' }));
    }

    const charmPart = getPair(getMap(file.root, 'parts', doc), 'charm', doc);
    if (charmPart) {
      out.push(problem(keyRange(file, charmPart), 'tf-charm-part',
        `the '${ext}' extension is incompatible with customized charm part. The extension builds the charm itself (part \`charm\`); remove this part or rename it.`,
        undefined, removeFix(['parts', 'charm'], 'Remove the custom `charm` part')));
    }

    for (const key of FORBIDDEN_CHARM_KEYS) {
      const pair = getPair(file.root, key, doc);
      if (pair) out.push(problem(keyRange(file, pair), 'tf-charm-forbidden-key', `the '${ext}' extension is incompatible with the provided field(s): ${key}`));
    }

    for (const key of RESERVED_CHARM_KEYS) {
      const pair = getPair(file.root, key, doc);
      if (!pair) continue;
      const value = deref(pair.value, doc);
      const user = isMap(value) ? plainMap(file, value) : value ? (value.toJS(doc) as unknown) : null;
      if (sameData(user, snippet[key])) continue;
      out.push(problem(keyRange(file, pair), 'tf-charm-reserved-key',
        `'${key}' in charmcraft.yaml conflicts with a reserved field in the ${ext} extension, please remove it. The extension injects \`${key}\` itself (${JSON.stringify(snippet[key])}).`,
        undefined, removeFix([key], `Remove \`${key}\` (the ${ext} extension provides it)`)));
    }

    const overlapping = new Set<string>();
    for (const path of [['actions'], ['requires'], ['provides'], ['config', 'options']]) {
      let map = file.root;
      for (const step of path) map = getMap(map, step, doc);
      let injected: unknown = snippet;
      for (const step of path) injected = (injected as PlainMap | undefined)?.[step];
      const names = new Set(Object.keys((injected as PlainMap | undefined) ?? {}));
      for (const pair of map ? mapPairs(map, doc) : []) {
        const name = keyText(pair);
        if (!names.has(name)) continue;
        if (path[0] === 'config') overlapping.add(name);
        out.push(problem(keyRange(file, pair), 'tf-charm-overlapping-key',
          `overlapping keys {'${name}'} in ${path.join('.')} of charmcraft.yaml which conflict with the ${ext} extension, please rename or remove it`,
          undefined, removeFix([...path, name], `Remove \`${name}\` (the ${ext} extension defines it)`)));
      }
    }

    const options = getMap(getMap(file.root, 'config', doc), 'options', doc);
    for (const pair of options ? mapPairs(options, doc) : []) {
      const name = keyText(pair);
      if (overlapping.has(name)) continue;
      const prefix = frameworkFacts(fw).charm.reservedPrefixes.find((p) => name.startsWith(p));
      if (prefix) {
        out.push(problem(keyRange(file, pair), 'tf-charm-reserved-prefix',
          `config.options '${name}' starts with ${ext} reserved configuration prefix '${prefix}', please rename or remove it`));
      }
      const option = deref(pair.value, doc);
      if (!isMap(option)) continue;
      const optional = deref(getPair(option, 'optional', doc)?.value, doc);
      const defaultPair = getPair(option, 'default', doc);
      if (!defaultPair || !isScalar(optional) || optional.value !== false) continue;
      const def = deref(defaultPair.value, doc);
      if (!truthy(def ? def.toJS(doc) : null)) continue;
      out.push(problem(keyRange(file, defaultPair), 'tf-charm-non-optional-default',
        'Non-optional configuration options can not have default values. ' +
        `Please either remove the default value or set optional field to true or remove it for the ${name} configuration option(s).`,
        undefined, removeFix(['config', 'options', name, 'default'], `Remove the default of \`${name}\``)));
    }
    return out;
  },
};
