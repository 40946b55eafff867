/** Problems from a failed pack, shown on rockcraft.yaml / charmcraft.yaml where they name a field. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FieldProblem } from './core/packOutput';
import { locateField } from './core/yamlLocate';

export class PackDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('12-factor-pack');

  /** Replaces the problems of the project file in `dir` (the folder that was packed). */
  set(projectFile: string, problems: readonly FieldProblem[], tool: string): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    byFile.set(projectFile, []);
    for (const p of problems) {
      const file = path.join(path.dirname(projectFile), p.file);
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        // the file vanished; the problem still goes on line 1
      }
      const r = locateField(text, p.field);
      const d = new vscode.Diagnostic(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter), p.field ? `${p.message} (${p.field})` : p.message, vscode.DiagnosticSeverity.Error);
      d.source = `${tool} pack`;
      d.code = 'pack-error';
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  clear(projectFile: string): void {
    this.collection.delete(vscode.Uri.file(projectFile));
  }

  dispose(): void {
    this.collection.dispose();
  }
}
