import { isMap, isSeq, type Node } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, getNode } from '../ast';
import type { ParsedFile } from '../parse';
import { child, entries, keyR } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';

/**
 * Juju's rules for actions, which Charmcraft passes through unchecked (charmcraft.md §6): the
 * reserved `juju`/`juju-*` names and no `$ref`/`$schema` in parameter schemas (the name
 * format itself is the schema's `propertyNames`).
 */
export const charmActions: Rule = {
  id: 'charm-actions',
  kinds: ['charmcraft', 'actions'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const holder = file.kind === 'actions' ? file.root : getNode(file.root, 'actions', file.docs[0]);
    if (!isMap(holder)) return out;
    for (const action of entries(holder, file)) {
      const kr = keyR(file, action.pair);
      if (action.name === 'juju' || action.name.startsWith('juju-')) {
        out.push(problem(kr, 'reserved-action-name', `cannot use action name ${action.name}: names \`juju\` and \`juju-*\` are reserved by Juju. Rename the action.`));
      }
      const params = child(file, action.map, 'params');
      if (params?.value) findRefs(file, params.value, out, 0);
    }
    return out;
  },
};

/** `$ref` and `$schema` are refused anywhere inside an action's parameter schema. */
function findRefs(file: ParsedFile, node: Node, out: Diagnostic[], depth: number): void {
  if (depth > 32) return;
  if (isMap(node)) {
    for (const e of entries(node, file)) {
      if (e.name === '$ref' || e.name === '$schema') {
        out.push(problem(keyR(file, e.pair), 'action-schema-ref', `schema key "${e.name}" not compatible with this version of juju: write the parameter schema out in full instead.`));
      }
      if (e.value) findRefs(file, e.value, out, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const n = deref(item, file.docs[0]);
      if (n) findRefs(file, n, out, depth + 1);
    }
  }
}
