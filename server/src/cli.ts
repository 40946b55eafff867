import * as fs from 'fs';
import * as nodePath from 'path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService, fileKindOf } from './service';
import { NodeFs } from './nodeFs';

const USAGE = `Usage: twelve-factor-check check [--format text|json] [--no-project] PATH...

Checks rockcraft.yaml and charmcraft.yaml files (and a charm's metadata.yaml, config.yaml,
actions.yaml and paas-config.yaml beside its charmcraft.yaml). PATH is a file or a folder,
searched for those files (node_modules and .git are skipped).

  --format text   one problem a line: file:line:col: severity code message (default)
  --format json   an array of {file, line, column, endLine, endColumn, severity, code, message}
  --no-project    skip checks that read files other than the YAML and its sibling charm files

Exit status: 0 no errors, 1 errors found, 2 bad usage.`;

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

const SKIP_DIRS = new Set(['node_modules', '.git', 'venv', '.venv', '__pycache__', '.tox', 'build', 'dist', 'prime', 'stage', 'parts']);
const SPLIT_FILES = ['metadata.yaml', 'config.yaml', 'actions.yaml', 'paas-config.yaml'];

interface Options {
  format: 'text' | 'json';
  project: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Options | string {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return 'help';
  if (command !== 'check') return `Unknown command ${command === undefined ? '(none)' : `'${command}'`}; the only command is 'check'.`;
  const opts: Options = { format: 'text', project: true, paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format') {
      const v = rest[++i];
      if (v !== 'text' && v !== 'json') return `--format takes 'text' or 'json', not '${v ?? ''}'.`;
      opts.format = v;
    } else if (a.startsWith('--format=')) {
      const v = a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') return `--format takes 'text' or 'json', not '${v}'.`;
      opts.format = v;
    } else if (a === '--no-project') {
      opts.project = false;
    } else if (a === '--help' || a === '-h') {
      return 'help';
    } else if (a.startsWith('-') && a !== '-') {
      return `Unknown option '${a}'.`;
    } else {
      opts.paths.push(a);
    }
  }
  if (opts.paths.length === 0) return 'Give at least one file or folder to check.';
  return opts;
}

/** Every file to check under a path, in a stable order. */
export function collectFiles(target: string): string[] {
  const st = fs.statSync(target);
  if (st.isFile()) return [target];
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const names = new Set(entries.map((e) => e.name));
    for (const e of entries) {
      const full = nodePath.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(full);
      } else if (e.name === 'rockcraft.yaml' || e.name === 'charmcraft.yaml') {
        out.push(full);
      } else if (SPLIT_FILES.includes(e.name) && names.has('charmcraft.yaml')) {
        out.push(full);
      }
    }
  };
  walk(target);
  return out;
}

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

export function checkPaths(paths: string[], project: boolean): FileResult[] | string {
  const service = new LanguageService({ fs: new NodeFs(), settings: { projectChecks: project }, log: (m) => process.stderr.write(`${m}\n`) });
  const results: FileResult[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) return `No such file or folder: ${p}`;
    const files = collectFiles(p);
    for (const f of files) {
      const abs = nodePath.resolve(f).split(nodePath.sep).join('/');
      const text = fs.readFileSync(f, 'utf8');
      const kind = fileKindOf(abs) ?? (nodePath.basename(f).includes('charmcraft') ? 'charmcraft' : 'rockcraft');
      const parsed = service.parse({ uri: abs, path: abs, text, version: 0, kind });
      if (!parsed) continue;
      results.push({ file: f, diagnostics: service.validate(parsed) });
    }
  }
  return results;
}

export function main(argv: string[]): number {
  const opts = parseArgs(argv);
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof opts === 'string') {
    process.stderr.write(`${opts}\n\n${USAGE}\n`);
    return 2;
  }
  const results = checkPaths(opts.paths, opts.project);
  if (typeof results === 'string') {
    process.stderr.write(`${results}\n`);
    return 2;
  }
  let errors = 0;
  const rows = results.flatMap((r) =>
    r.diagnostics.map((d) => {
      if (d.severity === DiagnosticSeverity.Error) errors++;
      return {
        file: r.file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
        code: String(d.code ?? ''),
        message: d.message,
      };
    }),
  );
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
    const files = results.length;
    process.stderr.write(`${files} file${files === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}, ${rows.length - errors} other problem${rows.length - errors === 1 ? '' : 's'}.\n`);
  }
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
