import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, getMap, getPair, keyRange, keyText, mapPairs, nodeRange, scalarString } from '../ast';
import { cachedRegExp } from '../schema';
import { closest } from '../suggest';
import type { Rule } from './types';
import { problem, Severity } from './util';
import { extensionEntries } from '../twelveFactor/fileFacts';
import { frameworkFacts, frameworkOfPartName, rockExtensionPartNames, type FrameworkId } from '../twelveFactor/frameworks';

/** `app.py` → `flask/app/app.py`, `-tests` → `-flask/app/tests`. */
function withPrefix(entry: string, prefix: string): string {
  const m = /^(-?) *(.*)$/.exec(entry);
  const sign = m?.[1] ?? '';
  const rest = (m?.[2] ?? entry).replace(/^\.?\/+/, '');
  return `${sign}${prefix}${rest}`;
}

/**
 * User overrides of extension parts (rockcraft.md §8–9): the `prime`/`stage` lists the
 * extensions read must start with the app folder; `<extension>/...` part names must name
 * a generated part; a user-defined `django-framework/install-app` replaces the generated
 * one, so it must be complete. (`run-user` beside an extension is rockMetadata.ts's.)
 */
export const tfRockParts: Rule = {
  id: 'tf-rock-parts',
  kinds: ['rockcraft'],
  check({ file }) {
    const doc = file.docs[0];
    const out: Diagnostic[] = [];
    const used = new Set<FrameworkId>(extensionEntries(file).flatMap((e) => (e.framework ? [e.framework] : [])));
    if (used.size === 0) return out;
    const parts = getMap(file.root, 'parts', doc);

    for (const fw of used) {
      const rule = frameworkFacts(fw).rock.pathRule;
      const part = getMap(parts, rule?.part ?? '', doc);
      const list = deref(getPair(part, rule?.key ?? '', doc)?.value, doc);
      if (!rule || !isSeq(list)) continue;
      const re = cachedRegExp(rule.pattern);
      for (const item of list.items) {
        const node = deref(item, doc);
        const entry = scalarString(node);
        if (entry === undefined || !node || re.test(entry)) continue;
        out.push(problem(nodeRange(file, node), 'tf-path-prefix',
          `${rule.message}. Write \`${withPrefix(entry, rule.prefix)}\`: the extension maps each entry under \`${rule.prefix.replace(/\/$/, '')}\` back to the project file it names.`,
          Severity.Error, { replacement: withPrefix(entry, rule.prefix) }));
      }
    }

    // `after: [flask-framework/...]` must name a part the extension generates (the generic
    // after-check accepts every `<extension>/` name, so the precise check is here).
    const userParts = new Set(parts ? mapPairs(parts, doc).map(keyText) : []);
    for (const pair of parts ? mapPairs(parts, doc) : []) {
      const part = deref(pair.value, doc);
      const after = isMap(part) ? deref(getPair(part, 'after', doc)?.value, doc) : undefined;
      for (const item of isSeq(after) ? after.items : []) {
        const node = deref(item, doc);
        const ref = scalarString(node);
        const fw = ref === undefined ? undefined : frameworkOfPartName(ref);
        if (!node || !ref || !fw || !used.has(fw) || userParts.has(ref) || rockExtensionPartNames(fw).includes(ref)) continue;
        const guess = closest(ref, rockExtensionPartNames(fw));
        out.push(problem(nodeRange(file, node), 'tf-unknown-part-reference',
          `Part \`${keyText(pair)}\` is ordered after \`${ref}\`, but the ${frameworkFacts(fw).extension} extension generates no such part.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
          Severity.Error, guess ? { replacement: guess } : undefined));
      }
    }

    for (const pair of parts ? mapPairs(parts, doc) : []) {
      const name = keyText(pair);
      const fw = frameworkOfPartName(name);
      if (!fw) continue;
      const ext = frameworkFacts(fw).extension;
      const generated = rockExtensionPartNames(fw);
      if (!used.has(fw)) {
        out.push(problem(keyRange(file, pair), 'tf-unknown-extension-part',
          `\`${name}\` is named like a part of the ${ext} extension, which this rock does not use (it uses ${[...used].map((u) => `\`${frameworkFacts(u).extension}\``).join(', ')}). ` +
          'It is built as an ordinary part of its own; rename it or fix the extension.', Severity.Warning));
        continue;
      }
      if (!generated.includes(name)) {
        const guess = closest(name, generated);
        out.push(problem(keyRange(file, pair), 'tf-unknown-extension-part',
          `The ${ext} extension does not generate a part \`${name}\`, so these keys change nothing it builds (it is built as an ordinary part). ` +
          `Its parts are ${generated.map((g) => `\`${g}\``).join(', ')}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
          Severity.Warning, guess ? { replacement: guess } : undefined));
        continue;
      }
      if (name === 'django-framework/install-app') {
        const value = deref(pair.value, doc);
        const plugin = isMap(value) ? scalarString(deref(getPair(value, 'plugin', doc)?.value, doc)) : undefined;
        const missing = [
          ...(plugin === undefined ? ['plugin'] : []),
          ...((!isMap(value) || !getPair(value, 'source', doc)) && plugin !== 'nil' ? ['source'] : []),
        ];
        if (missing.length) {
          out.push(problem(keyRange(file, pair), 'tf-part-incomplete',
            'When you define `django-framework/install-app`, the django-framework extension no longer generates it (it only adds the ownership `permissions`), so the part must be complete: ' +
            `add ${missing.map((m) => `\`${m}\``).join(' and ')} (for example \`plugin: dump\`, \`source: <project folder>\`, and an \`organize\` that maps the files to \`django/app/\`).`,
            Severity.Error, { missing }));
        }
      }
    }

    return out;
  },
};
