/**
 * Light readers for the app files the 12-factor rock extensions inspect: Python modules,
 * pip requirement files, pyproject.toml, go.mod and package.json. They answer the same
 * questions Rockcraft asks (is there a module-level `app`? is `flask` a dependency?) without
 * a real parser, so they err on the side of "found" where the text is ambiguous.
 */

/** A top-level statement of a Python module, with continuation lines joined. */
interface PyStatement {
  text: string;
}

/**
 * The module-level statements of a Python file: lines at column 0 outside brackets and
 * strings. Indented blocks (function bodies, `if __name__ == ...`) are skipped, as
 * `ast.iter_child_nodes` would.
 */
function topLevelStatements(source: string): PyStatement[] {
  const out: PyStatement[] = [];
  let current = '';
  let depth = 0;
  let quote: string | undefined;
  let atLineStart = true;
  let collecting = false;
  let continued = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (atLineStart) {
      atLineStart = false;
      const startsStatement = depth === 0 && !quote && !continued;
      if (startsStatement) {
        if (collecting && current.trim()) out.push({ text: current });
        current = '';
        collecting = ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r' && ch !== '#';
      }
      continued = false;
    }
    if (quote) {
      if (ch === '\\') {
        if (collecting) current += ch + (source[i + 1] ?? '');
        i++;
        continue;
      }
      if (source.startsWith(quote, i)) {
        if (collecting) current += quote;
        i += quote.length - 1;
        quote = undefined;
        continue;
      }
      if (ch === '\n') {
        atLineStart = true;
        // A one-line string that is not closed ends at the line break (a syntax error anyway).
        if (quote.length === 1) quote = undefined;
      }
      if (collecting) current += ch;
      continue;
    }
    if (ch === '#') {
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = source.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      if (collecting) current += quote;
      i += quote.length - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    if (ch === '\\' && source[i + 1] === '\n') {
      continued = true;
      if (collecting) current += ' ';
      i++;
      atLineStart = true;
      continue;
    }
    if (ch === '\n') {
      atLineStart = true;
      if (collecting) current += depth > 0 ? ' ' : '\n';
      continue;
    }
    if (collecting) current += ch;
  }
  if (collecting && current.trim()) out.push({ text: current });
  // A statement may hold several lines when a block opener is followed by its body on the
  // same logical line; only the first line matters for what we look for.
  return out.map((s) => ({ text: s.text.split('\n')[0].trim() }));
}

/** Splits at `=` signs that assign (not `==`, `<=`, `>=`, `!=`, `:=`) outside brackets. */
function assignmentParts(stmt: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < stmt.length; i++) {
    const ch = stmt[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '=' && depth === 0) {
      const prev = stmt[i - 1] ?? '';
      const next = stmt[i + 1] ?? '';
      if (next === '=' || '=<>!:+-*/%&|^@'.includes(prev)) {
        if (next === '=') i++;
        continue;
      }
      parts.push(stmt.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(stmt.slice(last));
  return parts;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names a module-level statement binds the way Rockcraft counts them: `x = ...` and `from m import x`. */
function boundNames(stmt: string): string[] {
  const from = /^from\s+[\w.]+\s+import\s+(.*)$/s.exec(stmt);
  if (from) {
    return from[1].replace(/[()]/g, ' ').split(',').map((item) => {
      const m = /^\s*([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(item);
      return m ? (m[2] ?? m[1]) : '';
    }).filter(Boolean);
  }
  // Annotated assignments (`app: Flask = ...`) are not `ast.Assign`, so Rockcraft ignores them.
  if (/^(def|class|async|if|for|while|with|try|import|return|@)\b/.test(stmt)) return [];
  const parts = assignmentParts(stmt);
  if (parts.length < 2) return [];
  return parts.slice(0, -1).map((t) => t.trim()).filter((t) => IDENT.test(t));
}

/** Whether a Python module binds `name` at module level (assignment or `from x import name`). */
export function pyHasGlobal(source: string, name: string): boolean {
  return topLevelStatements(source).some((s) => boundNames(s.text).includes(name));
}

/** Whether a Python module defines the top-level function `name` (not `async def`). */
export function pyHasFunction(source: string, name: string): boolean {
  const re = new RegExp(`^def\\s+${name}\\s*\\(`);
  return topLevelStatements(source).some((s) => re.test(s.text));
}

/**
 * The distribution name of one pip requirement line, lower-cased, or undefined when the
 * line is an option, a URL, blank or not a valid requirement (packaging rejects those).
 */
export function requirementName(line: string): string | undefined {
  const clean = line.replace(/(^|\s)#.*$/, '').trim();
  if (!clean || clean.startsWith('-')) return undefined;
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(.*)$/.exec(clean);
  if (!m) return undefined;
  const rest = m[2].trimStart();
  if (rest && !/^[[(<>=!~;@]/.test(rest)) return undefined;
  return m[1].toLowerCase();
}

/** The requirement names of a requirements.txt text. */
export function requirementNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const n = requirementName(line);
    if (n) out.add(n);
  }
  return out;
}

/** The strings of `[project].dependencies` in a pyproject.toml (a small TOML subset). */
export function pyprojectDependencies(text: string): string[] {
  const lines = text.split(/\r?\n/);
  let inProject = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (/^\[\[?[^\]]*\]\]?\s*(#.*)?$/.test(line)) {
      inProject = /^\[\s*project\s*\]/.test(line);
      continue;
    }
    if (!inProject) continue;
    const m = /^dependencies\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let body = m[1];
    let j = i;
    while (!balancedArray(body) && j + 1 < lines.length) body += `\n${lines[++j]}`;
    return [...body.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((x) => x[1] ?? x[2]);
  }
  return [];
}

function balancedArray(s: string): boolean {
  const noStrings = s.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '').replace(/#.*$/gm, '');
  const open = (noStrings.match(/\[/g) ?? []).length;
  const close = (noStrings.match(/\]/g) ?? []).length;
  return open > 0 && open <= close;
}

/** The `module` path declared in a go.mod, or undefined. */
export function goModulePath(text: string): string | undefined {
  const m = /^\s*module\s+("?)([^\s"]+)\1\s*(\/\/.*)?$/m.exec(text);
  return m ? m[2] : undefined;
}

/** Whether a Go source file belongs to `package main`. */
export function goIsMainPackage(text: string): boolean {
  return /^\s*package\s+main\b/m.test(text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''));
}

export type PackageJsonProblem = 'invalid-json' | 'not-an-object' | 'missing-start' | 'missing-name';

/** What the expressjs-framework extension finds wrong with app/package.json, in its order. */
export function packageJsonProblem(text: string): { problem?: PackageJsonProblem; name?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'invalid-json' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { problem: 'not-an-object' };
  const obj = data as Record<string, unknown>;
  const scripts = obj.scripts;
  // Rockcraft checks `"start" in scripts`; a scripts value that is not an object has no start.
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts) || !('start' in scripts)) return { problem: 'missing-start' };
  if (typeof obj.name !== 'string') return { problem: 'missing-name' };
  return { name: obj.name };
}
