import type { Diagnostic } from 'vscode-languageserver-types';
import { dirName, joinPath } from '../fileKind';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { extensionEntries, rockContext } from '../twelveFactor/fileFacts';
import { checkProjectFiles } from '../twelveFactor/requirements';
import type { TfFix } from '../twelveFactor/fixes';

/**
 * The files each rock extension needs in the project (rockcraft.md §9): requirements,
 * entrypoints, go.mod, app/package.json, pom.xml/build.gradle. Reported on the extension's
 * entry in `extensions:`, with the upstream error text and a fix where one is safe.
 */
export const tfRockProject: Rule = {
  id: 'tf-rock-project',
  kinds: ['rockcraft'],
  readsProject: true,
  check({ file, workspace }) {
    if (!workspace.fs) return [];
    const entries = extensionEntries(file).filter((e) => e.framework);
    if (!entries.length) return [];
    const ctx = rockContext(file, workspace);
    const dir = dirName(file.path);
    const out: Diagnostic[] = [];
    const done = new Set<string>();
    for (const e of entries) {
      if (!e.framework || done.has(e.framework)) continue;
      done.add(e.framework);
      for (const p of checkProjectFiles(e.framework, ctx)) {
        const fix: TfFix | undefined = p.fix && p.fix.kind !== 'remove-key' ? { ...p.fix, path: joinPath(dir, p.fix.path) } : p.fix;
        out.push(problem(e.range, p.code, p.message, p.severity === 'error' ? Severity.Error : Severity.Warning, fix ? { tf: fix } : undefined));
      }
    }
    return out;
  },
};
