import type { Diagnostic } from 'vscode-languageserver-types';
import { dirName, joinPath } from '../fileKind';
import type { Rule } from './types';
import { problem } from './util';
import { extensionEntries } from '../twelveFactor/fileFacts';
import { frameworkFacts } from '../twelveFactor/frameworks';

const COS_DIRS = ['grafana_dashboards', 'loki_alert_rules', 'prometheus_alert_rules'];

/**
 * The `cos_custom/` folder beside a 12-factor charm (custom dashboards and alert rules) may
 * only hold the three known sub-folders (charmcraft.md §7.4); Charmcraft checks it before
 * anything else it packs.
 */
export const tfCharmProject: Rule = {
  id: 'tf-charm-project',
  kinds: ['charmcraft'],
  readsProject: true,
  check({ file, workspace }) {
    const entry = extensionEntries(file).find((e) => e.framework);
    if (!entry?.framework || !workspace.fs) return [];
    const dir = joinPath(dirName(file.path), 'cos_custom');
    if (!workspace.fs.isDirectory(dir)) return [];
    const names = workspace.fs.readDir(dir) ?? [];
    const rootFiles = names.filter((n) => !workspace.fs?.isDirectory(joinPath(dir, n))).sort();
    const badDirs = names.filter((n) => workspace.fs?.isDirectory(joinPath(dir, n)) && !COS_DIRS.includes(n)).sort();
    if (!rootFiles.length && !badDirs.length) return [];
    const out: Diagnostic[] = [];
    const quote = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
    out.push(problem(entry.range, 'tf-cos-custom',
      `custom COS directory must only contain the following subdirectories: {${COS_DIRS.map((d) => `'${d}'`).join(', ')}}. ` +
      `Found root files: ${quote(rootFiles)}; invalid subdirectories: ${quote(badDirs)}. ` +
      `Move them under one of these folders of cos_custom/ (the ${frameworkFacts(entry.framework).extension} extension packs it with the charm).`));
    return out;
  },
};
