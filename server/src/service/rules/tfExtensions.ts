import type { Diagnostic } from 'vscode-languageserver-types';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { extensionEntries } from '../twelveFactor/fileFacts';

/**
 * One framework extension per file. Rockcraft applies several (in name order) and each
 * generates its own service and run user, so the rock mixes two apps: a warning. Charmcraft
 * fails: after the first extension has injected its `charm` part, the next one stops with
 * "incompatible with customized charm part".
 */
export const tfExtensions: Rule = {
  id: 'tf-extensions',
  kinds: ['rockcraft', 'charmcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const seen = new Set<string>();
    const frameworks = extensionEntries(file).filter((e) => e.framework);
    for (const e of extensionEntries(file)) {
      if (seen.has(e.name)) {
        out.push(problem(e.range, 'tf-extension-duplicate', `\`${e.name}\` is listed twice in \`extensions\`; remove one.`, Severity.Warning));
      }
      seen.add(e.name);
    }
    const distinct = [...new Set(frameworks.map((e) => e.name))];
    if (distinct.length < 2) return out;
    const sorted = [...distinct].sort();
    for (const e of frameworks.filter((f, i) => frameworks.findIndex((g) => g.name === f.name) === i).slice(1)) {
      if (file.kind === 'charmcraft') {
        // Charmcraft applies extensions alphabetically; every one after the first fails.
        const failing = sorted.slice(1);
        out.push(problem(e.range, 'tf-extension-multiple',
          `Only one 12-factor framework extension can be used: Charmcraft applies ${sorted.map((n) => `\`${n}\``).join(' and ')} in that order and stops with ` +
          `\`the '${failing[0]}' extension is incompatible with customized charm part\`. Keep the one that matches your app.`));
      } else {
        out.push(problem(e.range, 'tf-extension-multiple',
          `This rock uses ${distinct.map((n) => `\`${n}\``).join(' and ')}: each generates its own service, parts and run user, so the rock would contain two apps and the charm can run only one. Keep one framework extension.`,
          Severity.Warning));
      }
    }
    return out;
  },
};
