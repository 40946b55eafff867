import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import type { Workspace } from '../workspace';
import type { FileKind } from '../types';

export interface RuleContext {
  file: ParsedFile;
  workspace: Workspace;
  /** False under `check --no-project`: only the YAML itself and its sibling charm files may be read. */
  projectChecks: boolean;
}

/**
 * One semantic check that a schema cannot express. Each rule lives in its own module under
 * rules/, reports diagnostics with stable codes, and never throws on odd input (the runner
 * isolates failures anyway).
 */
export interface Rule {
  /** Stable id, used in logs and tests. */
  id: string;
  /** The file kinds the rule looks at. */
  kinds: readonly FileKind[];
  /** True when the rule reads files other than the document and its sibling charm files. */
  readsProject?: boolean;
  check(ctx: RuleContext): Diagnostic[];
}
