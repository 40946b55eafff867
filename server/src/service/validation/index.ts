import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import { RULES } from '../rules';
import type { Workspace } from '../workspace';
import { validateSchema } from './schemaValidator';

export interface ValidateOptions {
  /** Called with internal failures of a rule; the rule's diagnostics are dropped, the rest stand. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

/** Syntax, schema and rule diagnostics for one parsed file, sorted by position. */
export function validate(parsed: ParsedFile, workspace: Workspace, opts: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [...parsed.syntax];
  if (parsed.skipped || !parsed.root) return out;
  out.push(...validateSchema(parsed));
  const projectChecks = workspace.settings.projectChecks;
  for (const rule of RULES) {
    if (!rule.kinds.includes(parsed.kind)) continue;
    if (rule.readsProject && !projectChecks) continue;
    try {
      out.push(...rule.check({ file: parsed, workspace, projectChecks }));
    } catch (e) {
      opts.onRuleError?.(rule.id, e);
    }
  }
  return sortDiagnostics(dedupe(out));
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.range.start.line}:${d.range.start.character}:${String(d.code)}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
