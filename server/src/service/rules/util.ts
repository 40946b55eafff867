import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { SOURCE } from '../types';
import type { FixData } from '../validation/schemaValidator';

export function problem(range: Range, code: string, message: string, severity: DiagnosticSeverity = DiagnosticSeverity.Error, data?: FixData | Record<string, unknown>): Diagnostic {
  const d: Diagnostic = { range, severity, code, source: SOURCE, message };
  if (data) d.data = data;
  return d;
}

export const Severity = DiagnosticSeverity;
