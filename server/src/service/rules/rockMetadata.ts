import { isScalar } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fileStartRange, scalarString } from '../ast';
import { closest } from '../suggest';
import { FRAMEWORKS, SPDX_IDS } from './commonFacts';
import { frameworksOf, keyR, nodeR, top, topPair, topString, valueR } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

const SPDX_BY_LOWER = new Map(SPDX_IDS.map((id) => [id.toLowerCase(), id]));

/** `license` is one SPDX identifier or `proprietary` (rockcraft.md §2). */
export const rockLicense: Rule = {
  id: 'rock-license',
  kinds: ['rockcraft'],
  check({ file }) {
    const pair = topPair(file, 'license');
    const value = scalarString(top(file, 'license'));
    if (!pair || value === undefined) return [];
    const range = valueR(file, pair);
    if (/\s(AND|OR|WITH)\s/i.test(value) || /[()]/.test(value)) {
      return [problem(range, 'license-expression',
        `license ${value} not valid: Rockcraft takes a single SPDX identifier (like \`Apache-2.0\`) or \`proprietary\`, not an SPDX expression. Pick the main license.`)];
    }
    const lower = value.toLowerCase();
    if (lower === 'proprietary' || SPDX_BY_LOWER.has(lower)) return [];
    const guess = closest(value, SPDX_IDS);
    return [problem(range, 'unknown-license',
      `\`${value}\` is not an SPDX license identifier we know. Rockcraft fails with "license ${value} not valid" unless it is a valid SPDX id or \`proprietary\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      Severity.Warning, guess ? { replacement: guess } : undefined)];
  },
};

/**
 * `run-user` next to an extension that already emits `run_user` makes both spellings reach the
 * model, and the underscore one is rejected (rockcraft.md §8).
 */
export const rockRunUser: Rule = {
  id: 'rock-run-user',
  kinds: ['rockcraft'],
  check({ file }) {
    const pair = topPair(file, 'run-user');
    if (!pair) return [];
    const clash = frameworksOf(file).filter((f) => FRAMEWORKS[f].emitsRunUserUnderscore);
    if (!clash.length) return [];
    return [problem(keyR(file, pair), 'run-user-with-extension',
      `The ${clash.join(', ')} extension already sets the run user to \`_daemon_\` (as \`run_user\`); writing \`run-user\` as well makes Rockcraft see both spellings and reject the project. Remove \`run-user\`.`,
      Severity.Warning)];
  },
};

/** `title` defaults to `name` and must have at least 2 characters; long summaries are a style problem. */
export const rockTitleSummary: Rule = {
  id: 'rock-title-summary',
  kinds: ['rockcraft'],
  check({ file }) {
    const out: Diagnostic[] = [];
    const name = topString(file, 'name');
    if (name !== undefined && name.length === 1 && !topPair(file, 'title')) {
      const namePair = topPair(file, 'name');
      out.push(problem(namePair ? keyR(file, namePair) : fileStartRange(file), 'title-too-short',
        `\`title\` defaults to \`name\`, and \`${name}\` is shorter than the 2 characters a title needs. Add a \`title\`, or use a longer name.`,
        Severity.Error, { missing: ['title'] }));
    }
    const summary = top(file, 'summary');
    const text = scalarString(summary);
    if (text !== undefined && isScalar(summary) && text.length > 79) {
      out.push(problem(nodeR(file, summary, fileStartRange(file)), 'summary-too-long',
        `\`summary\` is ${text.length} characters long; keep it to one line of at most 79 characters and put the details in \`description\`.`,
        Severity.Warning));
    }
    return out;
  },
};
