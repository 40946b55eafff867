import type { Rule } from './types';
import { rockBareBuildBase } from './rockBareBuildBase';

/** Every semantic rule, in the order their diagnostics are listed. Add new rules here. */
export const RULES: readonly Rule[] = [
  rockBareBuildBase,
];
