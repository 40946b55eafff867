import type { Diagnostic } from 'vscode-languageserver-types';
import { charmMetadataFiles, isBundle, keyR, topEntries } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

const RELATION_KINDS = ['requires', 'provides', 'peers'];

/**
 * Juju's `validateMetaExtraBindings` (juju/juju internal/charm, long-standing): an extra binding
 * may not share its name with a relation endpoint, since both name the same kind of binding in
 * `juju deploy --bind`. Charmcraft packs it; Juju refuses the charm ("relation names (...) cannot
 * be used in extra bindings"). A warning: this is a Juju-side rule our reference does not list.
 */
export const charmExtraBindings: Rule = {
  id: 'charm-extra-bindings',
  kinds: ['charmcraft', 'metadata'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    if (isBundle(file)) return out;
    const bindings = topEntries(file, 'extra-bindings');
    if (!bindings.length) return out;
    const endpoints = new Map<string, string>();
    for (const f of charmMetadataFiles(file, workspace)) {
      for (const kind of RELATION_KINDS) for (const e of topEntries(f, kind)) if (!endpoints.has(e.name)) endpoints.set(e.name, kind);
    }
    for (const b of bindings) {
      const kind = endpoints.get(b.name);
      if (!kind) continue;
      out.push(problem(keyR(file, b.pair), 'extra-binding-endpoint-name',
        `relation names (${b.name}) cannot be used in extra bindings: \`${b.name}\` is already a \`${kind}\` endpoint, and Juju refuses the charm at deploy time. ` +
        'Rename the extra binding (an endpoint can already be bound to a space on its own).', Severity.Warning));
    }
    return out;
  },
};
