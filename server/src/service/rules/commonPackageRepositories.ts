import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, scalarString } from '../ast';
import { child, keyR, top, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * craft-archives' consistency rules for apt repositories (rockcraft.md §6), which hold in both
 * tools. Keys, types and the key-id format are the schema's; this covers the combinations.
 */
export const commonPackageRepositories: Rule = {
  id: 'common-package-repositories',
  kinds: ['rockcraft', 'charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const list = top(file, 'package-repositories');
    if (!isSeq(list)) return out;
    for (const raw of list.items) {
      const repo = deref(raw, file.docs[0]);
      if (!isMap(repo)) continue;
      const get = (k: string): ReturnType<typeof child> => child(file, repo, k);
      const priority = get('priority');
      if (priority && scalarString(priority.value) === '0') {
        out.push(problem(valueR(file, priority.pair), 'repo-priority-zero', 'invalid priority: Priority cannot be zero. Use `always`, `prefer`, `defer` or a non-zero number.'));
      }
      if (get('ppa') || get('cloud')) continue;

      const url = scalarString(get('url')?.value);
      const where = url ? `Invalid package repository for '${url}': ` : 'Invalid package repository: ';
      const components = get('components');
      const suites = get('suites');
      const path = get('path');
      const series = get('series');
      const pocket = get('pocket');
      if (components && path) {
        out.push(problem(keyR(file, path.pair), 'repo-conflict', `${where}components cannot be combined with path. Use \`path\` for a flat repository, or \`suites\` + \`components\`.`));
      }
      if (suites && path) {
        out.push(problem(keyR(file, path.pair), 'repo-conflict', `${where}suites cannot be combined with path. Remove one of them.`));
      }
      if (suites && (series || pocket)) {
        const extra = series ?? pocket;
        if (extra) out.push(problem(keyR(file, extra.pair), 'repo-conflict', `${where}suites cannot be combined with series and pocket. Use either \`suites\` or \`series\` + \`pocket\`.`));
      }
      if (series && !pocket) {
        out.push(problem(keyR(file, series.pair), 'repo-missing-key', `${where}pocket must be specified when using series.`, Severity.Error, { missing: ['pocket'] }));
      }
      if (suites && !components) {
        out.push(problem(keyR(file, suites.pair), 'repo-missing-key', `${where}components must be specified when using suites (for example \`components: [main]\`).`, Severity.Error, { missing: ['components'] }));
      }
      if (components && !suites && !pocket) {
        out.push(problem(keyR(file, components.pair), 'repo-missing-key', `${where}either "suites" or "series and pocket" must be specified when using components.`, Severity.Error, { missing: ['suites'] }));
      }
    }
    return out;
  },
};
