/**
 * docs/diagnostics.md must document every diagnostic code the language service can emit, and
 * nothing else. The codes are collected from the source with the TypeScript compiler, not with
 * regular expressions, so that every way a code reaches a diagnostic is seen:
 * - an argument passed to a parameter named `code` of any function (`problem(range, code, ...)`,
 *   the schema validator's `report(ctx, at, range, code, ...)`, parse.ts's `diag(...)` and
 *   `report(...)` callbacks, requirements.ts's `err(code, ...)`), found through the type checker's
 *   resolved signature, whatever the function is called;
 * - a `code:` property of an object literal (`{ code: 'too-complex', ... }`).
 * Each such expression is evaluated: string literals, `a ? 'x' : 'y'`, `a ?? 'x'`, constants and
 * lookups in constant object literals (`YAML_CODES[e.code]`) resolve to codes; a parameter is
 * skipped (its callers are scanned instead); anything else is "dynamic" and must be listed in
 * DYNAMIC below with the reason its codes are still collected.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '../..');
const SERVICE = path.join(REPO, 'server/src/service');
const DOC = path.join(REPO, 'docs/diagnostics.md');

/**
 * Code expressions the scan cannot resolve, as `file: expression`, with why their codes are
 * collected anyway. A new entry needs a reason; better, pass a literal.
 */
const DYNAMIC: Readonly<Record<string, string>> = {
  // RequirementProblem codes: every one is a literal passed to `err(code, ...)` or a `code:` property in requirements.ts.
  'rules/tfRockProject.ts: p.code': 'forwarded from twelveFactor/requirements.ts',
};

/** Codes look like `duplicate-key`, `tf-missing-go-mod`. */
const CODE_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

interface Scan {
  /** code → where it is emitted (`file:line`). */
  codes: Map<string, string[]>;
  /** `file: expression` of code expressions that could not be resolved. */
  dynamic: Set<string>;
  /** Where a diagnostic object literal has no `code`. */
  uncoded: string[];
}

/** `{ range, severity, message, ... }`: the shape of an LSP diagnostic. */
function isDiagnosticLiteral(node: ts.ObjectLiteralExpression): boolean {
  const names = new Set(node.properties.map((p) => (p.name ? propertyName(p.name) : undefined)));
  return names.has('range') && names.has('message') && names.has('severity');
}

/** Every diagnostic code the service source can emit. */
function scanSource(): Scan {
  const configPath = path.join(REPO, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO).options;
  const files = tsFiles(SERVICE);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const codes = new Map<string, string[]>();
  const dynamic = new Set<string>();
  const uncoded: string[] = [];

  for (const file of files) {
    const sf = program.getSourceFile(file);
    assert.ok(sf, `the compiler did not load ${file}`);
    const rel = path.relative(SERVICE, file).split(path.sep).join('/');
    const where = (node: ts.Node): string => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;

    const record = (expr: ts.Expression): void => {
      const result = evaluate(expr, checker, new Set());
      if (result === 'parameter') return;
      if (result === 'dynamic') {
        dynamic.add(`${rel}: ${expr.getText(sf)}`);
        return;
      }
      for (const code of result) {
        const list = codes.get(code) ?? [];
        list.push(where(expr));
        codes.set(code, list);
      }
    };

    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const signature = checker.getResolvedSignature(node);
        const index = signature?.getParameters().findIndex((p) => p.getName() === 'code') ?? -1;
        const arg = index >= 0 ? node.arguments?.[index] : undefined;
        if (arg && !ts.isSpreadElement(arg)) record(arg);
      } else if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'code') {
        record(node.initializer);
      } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'code') {
        // `{ code }`: the variable it names, usually a parameter whose callers are scanned.
        const decl = checker.getShorthandAssignmentValueSymbol(node)?.valueDeclaration;
        if (!decl || !ts.isParameter(decl)) record(node.name);
      }
      if (ts.isObjectLiteralExpression(node) && isDiagnosticLiteral(node) && !node.properties.some((p) => p.name && propertyName(p.name) === 'code')) {
        uncoded.push(where(node));
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { codes, dynamic, uncoded };
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

type Evaluated = string[] | 'parameter' | 'dynamic';

/** The string values an expression can have, when they are spelled out in the source. */
function evaluate(expr: ts.Expression, checker: ts.TypeChecker, seen: Set<ts.Node>): Evaluated {
  if (seen.has(expr)) return 'dynamic';
  seen.add(expr);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) {
    return evaluate(expr.expression, checker, seen);
  }
  if (ts.isConditionalExpression(expr)) return union(evaluate(expr.whenTrue, checker, seen), evaluate(expr.whenFalse, checker, seen));
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return union(evaluate(expr.left, checker, seen), evaluate(expr.right, checker, seen));
  }
  if (ts.isIdentifier(expr)) {
    const decl = declarationOf(expr, checker);
    // A parameter named `code` is covered by the calls that pass it; any other name would hide them.
    if (decl && ts.isParameter(decl)) return decl.name.getText() === 'code' ? 'parameter' : 'dynamic';
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConst(decl)) return evaluate(decl.initializer, checker, seen);
  }
  if (ts.isElementAccessExpression(expr)) {
    const values = objectValues(expr.expression, checker, seen);
    if (values) return values;
  }
  // Last resort: a type made of string literals (`'a' | 'b'`) names its values.
  const type = checker.getTypeAtLocation(expr);
  const parts = type.isUnion() ? type.types : [type];
  if (parts.length && parts.every((t) => t.isStringLiteral())) return parts.map((t) => (t as ts.StringLiteralType).value);
  return 'dynamic';
}

/** The values of a constant object literal (`const YAML_CODES = { DUPLICATE_KEY: 'duplicate-key' }`). */
function objectValues(expr: ts.Expression, checker: ts.TypeChecker, seen: Set<ts.Node>): string[] | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const decl = declarationOf(expr, checker);
  if (!decl || !ts.isVariableDeclaration(decl) || !isConst(decl) || !decl.initializer) return undefined;
  let init: ts.Expression = decl.initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
  if (!ts.isObjectLiteralExpression(init)) return undefined;
  const out: string[] = [];
  for (const p of init.properties) {
    if (!ts.isPropertyAssignment(p)) return undefined;
    const v = evaluate(p.initializer, checker, seen);
    if (!Array.isArray(v)) return undefined;
    out.push(...v);
  }
  return out;
}

function declarationOf(id: ts.Identifier, checker: ts.TypeChecker): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(id);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function union(a: Evaluated, b: Evaluated): Evaluated {
  if (a === 'dynamic' || b === 'dynamic') return 'dynamic';
  // A parameter on one side (`code ?? 'x'`) is covered by the callers; keep the literal side.
  return [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])];
}

/** The codes the doc documents: headings of the form `### \`code\``. */
function documentedCodes(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^#{2,6}\s+`([^`]+)`\s*$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

/** The text of each code's section (from its heading to the next heading). */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^#{1,6}\s/.test(line)) {
      const m = /^#{2,6}\s+`([^`]+)`\s*$/.exec(line);
      current = m?.[1];
      if (current) out.set(current, '');
      continue;
    }
    if (current) out.set(current, `${out.get(current) ?? ''}${line}\n`);
  }
  return out;
}

const scan = scanSource();
const doc = fs.readFileSync(DOC, 'utf8');
const documented = documentedCodes(doc);

void test('the scan sees every way a code is emitted', () => {
  // One code per emission style: a yaml-package lookup, a literal in parse.ts, the schema
  // validator's report(), its object literal, a rule's problem(), err() and a `code:` property
  // in requirements.ts.
  for (const code of ['yaml-syntax', 'duplicate-key', 'invalid-character', 'unknown-key', 'too-complex', 'missing-version', 'tf-missing-go-mod', 'tf-go-binary-name']) {
    assert.ok(scan.codes.has(code), `the scan missed \`${code}\`; it found: ${[...scan.codes.keys()].sort().join(', ')}`);
  }
  for (const code of scan.codes.keys()) {
    assert.match(code, CODE_SHAPE, `\`${code}\` (${scan.codes.get(code)?.join(', ')}) does not look like a diagnostic code`);
  }
  assert.ok(scan.codes.size > 100, `only ${scan.codes.size} codes found`);
});

void test('every diagnostic the source builds has a code', () => {
  assert.deepEqual(scan.uncoded, [], `diagnostic object literals without a \`code\`: ${scan.uncoded.join(', ')}`);
});

void test('every code expression the scan cannot resolve is known', () => {
  const unexpected = [...scan.dynamic].filter((d) => !(d in DYNAMIC));
  assert.deepEqual(unexpected, [], `diagnostic codes computed at run time cannot be checked against docs/diagnostics.md: pass a string literal, or add to DYNAMIC with the reason:\n${unexpected.join('\n')}`);
  const stale = Object.keys(DYNAMIC).filter((d) => !scan.dynamic.has(d));
  assert.deepEqual(stale, [], `DYNAMIC lists expressions that no longer exist:\n${stale.join('\n')}`);
});

void test('docs/diagnostics.md documents every code the source emits', () => {
  const have = new Set(documented);
  const missing = [...scan.codes.keys()].filter((c) => !have.has(c)).sort();
  assert.deepEqual(missing, [], `docs/diagnostics.md lacks a \`### \\\`code\\\`\` section for:\n${missing.map((c) => `  ${c} (${scan.codes.get(c)?.join(', ')})`).join('\n')}`);
});

void test('docs/diagnostics.md documents no code the source does not emit', () => {
  const unknown = documented.filter((c) => !scan.codes.has(c)).sort();
  assert.deepEqual(unknown, [], `docs/diagnostics.md documents codes the source never emits:\n${unknown.join('\n')}`);
});

void test('docs/diagnostics.md documents each code once, with its severity', () => {
  const twice = documented.filter((c, i) => documented.indexOf(c) !== i);
  assert.deepEqual(twice, [], `documented more than once: ${twice.join(', ')}`);
  const withoutSeverity = [...sections(doc)].filter(([, body]) => !/\*\*Severity:?\*\*/.test(body)).map(([c]) => c);
  assert.deepEqual(withoutSeverity, [], `sections without a **Severity** line: ${withoutSeverity.join(', ')}`);
});
