import type { Diagnostic } from 'vscode-languageserver-types';
import { keyRange, nodeRange } from '../ast';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { extensionEntries, requirePairs } from '../twelveFactor/fileFacts';
import { DATABASE_INTERFACES, INJECTED_RELATIONS, integrationByEndpoint, integrationByInterface } from '../twelveFactor/frameworks';

/**
 * Integrations paas-charm wires up only under their exact endpoint name and interface
 * (charmcraft.md §7.6–7.7). Charmcraft packs any name, so mismatches are warnings: the charm
 * deploys, but the app never receives the POSTGRESQL_DB_*, S3_*, ... variables.
 */
export const tfCharmIntegrations: Rule = {
  id: 'tf-charm-integrations',
  kinds: ['charmcraft'],
  check({ file, workspace }) {
    const entry = extensionEntries(file).find((e) => e.framework);
    if (!entry?.framework) return [];
    const out: Diagnostic[] = [];
    const requires = requirePairs(file);
    const names = new Set(requires.map((r) => r.name));
    const injected = new Set(Object.keys(INJECTED_RELATIONS.requires));
    let oauthSeen = false;
    for (const r of requires) {
      if (injected.has(r.name) || r.iface === undefined) continue;
      const byName = integrationByEndpoint(r.name);
      if (byName && byName.interface !== r.iface) {
        out.push(problem(r.ifaceNode ? nodeRange(file, r.ifaceNode) : keyRange(file, r.pair), 'tf-integration-interface',
          `paas-charm recognises the \`${r.name}\` endpoint only with \`interface: ${byName.interface}\`; with \`${r.iface}\` it does not wire the integration (no ${byName.env[0]} variables for the app).`,
          Severity.Warning, { replacement: byName.interface }));
        continue;
      }
      const byIface = integrationByInterface(r.iface);
      if (r.iface === 'oauth') {
        if (oauthSeen) {
          out.push(problem(keyRange(file, r.pair), 'tf-oauth-multiple',
            'Multiple OAuth relations are not supported at the moment: paas-charm blocks the unit with this message when more than one `oauth` endpoint is declared. Keep one.', Severity.Warning));
        }
        oauthSeen = true;
        continue;
      }
      if (byIface?.endpoint && byIface.endpoint !== r.name) {
        const database = DATABASE_INTERFACES.includes(r.iface);
        const taken = names.has(byIface.endpoint);
        out.push(problem(keyRange(file, r.pair), 'tf-integration-endpoint',
          `paas-charm recognises \`${r.iface}\` only on an endpoint named \`${byIface.endpoint}\`` +
          (database ? ' (it creates the database requirer under that name)' : '') +
          `; under \`${r.name}\` the app gets no ${byIface.env[0]} variables. Rename the endpoint to \`${byIface.endpoint}\`.`,
          Severity.Warning, taken ? undefined : { replacement: byIface.endpoint }));
      }
    }
    // A split-layout charm may declare its relations in metadata.yaml.
    const meta = workspace.sibling(file, 'metadata');
    const all = [...requires, ...(meta ? requirePairs(meta) : [])];
    if (entry.framework === 'django' && !all.some((r) => r.iface && DATABASE_INTERFACES.includes(r.iface))) {
      out.push(problem(entry.range, 'tf-django-database',
        'Django requires a database integration to work: without one, paas-charm keeps the unit blocked. Add one, for example ' +
        '`requires: {postgresql: {interface: postgresql_client, optional: false, limit: 1}}`.', Severity.Warning));
    }
    return out;
  },
};
