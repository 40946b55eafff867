import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, scalarString } from '../ast';
import { ROCK_PYTHON_V1_BUILD_BASES } from './commonFacts';
import { canonicalBase, child, childString, effectiveBuildBase, topEntries, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem } from './util';
import { generatedEntry } from '../twelveFactor/fileFacts';

const WRAPPED_PLUGINS = ['python', 'poetry', 'uv'];

/**
 * Rockcraft's own Python plugins start every build with a check that `PARTS_PYTHON_INTERPRETER`
 * is not an absolute path (the interpreter must come from the parts, found on PATH), so
 * `rockcraft pack` fails in the build step with "Absolute paths in "PARTS_PYTHON_INTERPRETER"
 * are not allowed". Only on the build bases where those plugins are used; on the others,
 * craft-parts' plugin does not make this check.
 */
export const rockPythonInterpreter: Rule = {
  id: 'rock-python-interpreter',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const buildBase = canonicalBase(effectiveBuildBase(file));
    if (!buildBase || !ROCK_PYTHON_V1_BUILD_BASES.includes(buildBase)) return out;
    const doc = file.docs[0];
    for (const part of topEntries(file, 'parts')) {
      if (!part.map) continue;
      // A user part named like an extension part takes the extension's plugin unless it sets one.
      const generated = generatedEntry(file, 'part', part.name)?.plugin;
      const plugin = childString(file, part.map, 'plugin') ?? (typeof generated === 'string' ? generated : undefined);
      if (!plugin || !WRAPPED_PLUGINS.includes(plugin)) continue;
      const env = child(file, part.map, 'build-environment')?.value;
      if (!isSeq(env)) continue;
      for (const raw of env.items) {
        const item = deref(raw, doc);
        if (!isMap(item)) continue;
        const entry = child(file, item, 'PARTS_PYTHON_INTERPRETER');
        const value = scalarString(entry?.value);
        if (!entry || value === undefined || !value.startsWith('/')) continue;
        const name = value.split('/').pop() || 'python3';
        out.push(problem(valueR(file, entry.pair), 'python-interpreter-absolute',
          `Absolute paths in "PARTS_PYTHON_INTERPRETER" are not allowed: ${value}. Rockcraft's \`${plugin}\` plugin looks the interpreter up on PATH, so give its name, like \`${name}\`, and stage it from a part (for example \`python3-venv\`).`,
          undefined, { replacement: name }));
      }
    }
    return out;
  },
};
