import type { Diagnostic } from 'vscode-languageserver-types';
import { scalarString } from '../ast';
import { charmMetadataFiles, child, childString, keyR, topEntries, topPair, topString, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';

const KINDS = ['requires', 'provides', 'peers'] as const;

function reserved(name: string): boolean {
  return name === 'juju' || name.startsWith('juju-');
}

/**
 * Juju's rules for relation endpoints (charmcraft.md §6): `juju`/`juju-*` names are reserved,
 * an endpoint name is used once across requires/provides/peers, and a subordinate charm needs
 * a container-scoped `requires`. (The field-name characters are the schema's.)
 */
export const charmRelations: Rule = {
  id: 'charm-relations',
  kinds: ['charmcraft', 'metadata'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    const files = charmMetadataFiles(file, workspace);
    const charmName = files.map((f) => topString(f, 'name')).find((n) => n !== undefined) ?? '';
    const subordinate = files.some((f) => /^(true|yes|on)$/i.test(topString(f, 'subordinate') ?? ''));
    const exempt = charmName.startsWith('juju-');
    const seen = new Map<string, string>();

    for (const kind of KINDS) {
      for (const ep of topEntries(file, kind)) {
        const kr = keyR(file, ep.pair);
        const scope = ep.map ? childString(file, ep.map, 'scope') : undefined;
        const iface = ep.map ? childString(file, ep.map, 'interface') : scalarString(ep.value);
        if (!exempt && reserved(ep.name) && !(kind === 'requires' && subordinate && scope === 'container')) {
          out.push(problem(kr, 'reserved-endpoint-name', `charm "${charmName}" using a reserved relation name: "${ep.name}". Names \`juju\` and \`juju-*\` belong to Juju; rename the endpoint.`));
        }
        if (!exempt && iface && reserved(iface) && kind !== 'requires') {
          const ifaceChild = child(file, ep.map, 'interface');
          out.push(problem(ifaceChild ? valueR(file, ifaceChild.pair) : kr, 'reserved-interface', `charm "${charmName}" relation "${ep.name}" using a reserved interface: "${iface}". Interfaces \`juju\` and \`juju-*\` cannot be provided or used by peers.`));
        }
        const before = seen.get(ep.name);
        if (before) {
          out.push(problem(kr, 'duplicate-endpoint', `charm "${charmName}" using a duplicated relation name: "${ep.name}" is already declared under \`${before}\`. Every endpoint needs its own name.`));
        } else {
          seen.set(ep.name, kind);
        }
      }
    }

    const subPair = topPair(file, 'subordinate');
    if (subPair && subordinate) {
      const hasContainerScope = files.some((f) => topEntries(f, 'requires').some((e) => e.map && childString(f, e.map, 'scope') === 'container'));
      if (!hasContainerScope) {
        out.push(problem(valueR(file, subPair), 'subordinate-needs-container-scope',
          `subordinate charm "${charmName}" lacks "requires" relation with container scope: add a \`requires\` endpoint with \`scope: container\` (usually \`juju-info\`).`));
      }
    }
    return out;
  },
};

