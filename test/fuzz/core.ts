import { LanguageService, RenameError, type ParsedFile, type ProjectFs } from '../../server/src/service';
import { answerProblems, diagnosticProblems } from './checks';
import { applyEdit, randomEdit, randomPosition, type FuzzDoc } from './generate';
import type { Rng } from './prng';

/**
 * Runs one fuzz document through the language-service core: parse, validate, every feature
 * method the facade has at random positions, then a random edit sequence re-parsed after each
 * edit. Returns what went wrong (nothing, normally).
 */

type Position = { line: number; character: number };
type Call = (svc: Record<string, unknown>, parsed: ParsedFile, pos: Position, diagnostics: unknown[]) => unknown;

const pos2range = (p: Position): { start: Position; end: Position } => ({ start: p, end: p });

/** Feature methods the facade may have, with the arguments each takes. Missing ones are skipped. */
const FEATURES: Record<string, Call> = {};
const call = (name: string, args: (parsed: ParsedFile, pos: Position, diagnostics: unknown[]) => unknown[]): void => {
  FEATURES[name] = (svc, parsed, pos, diagnostics) => (svc[name] as (...a: unknown[]) => unknown).apply(svc, args(parsed, pos, diagnostics));
};
for (const name of ['complete', 'hover', 'definition', 'prepareRename', 'documentHighlights', 'signatureHelp']) {
  call(name, (parsed, pos) => [parsed, pos]);
}
for (const name of ['documentSymbols', 'foldingRanges', 'documentLinks', 'format', 'semanticTokens', 'codeLenses', 'inlayHints', 'expandExtensions']) {
  call(name, (parsed) => [parsed]);
}
call('references', (parsed, pos) => [parsed, pos, true]);
call('codeActions', (parsed, pos, diagnostics) => [parsed, pos2range(pos), { diagnostics }]);
call('selectionRanges', (parsed, pos) => [parsed, [pos]]);
call('rename', (parsed, pos) => [parsed, pos, 'renamed-x']);
call('projectInfo', (parsed) => [parsed.path]);

/** Facade methods that are not features (or need other inputs). */
const NOT_FEATURES = new Set(['constructor', 'configure', 'kindOf', 'parse', 'validate', 'forget', 'fileChanged']);

/** Which features the facade has, and public methods the fuzzer does not know how to call. */
export function featureSurvey(service: LanguageService): { called: string[]; unknown: string[] } {
  const proto = Object.getPrototypeOf(service) as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(proto).filter((n) => typeof proto[n] === 'function' && !NOT_FEATURES.has(n) && !n.startsWith('_'));
  return { called: names.filter((n) => FEATURES[n]), unknown: names.filter((n) => !FEATURES[n]) };
}

/**
 * Calls feature methods at positions and returns what went wrong: a throw (other than the
 * RenameError some features throw on purpose), a promise, or an answer with a range outside the text.
 */
export function exerciseFeatures(
  service: LanguageService, parsed: ParsedFile, calls: { name: string; position: Position }[], diagnostics: unknown[], uri: string,
  onTime?: (name: string, position: Position, ms: number) => void,
): string[] {
  const svc = service as unknown as Record<string, unknown>;
  const failures: string[] = [];
  for (const { name, position: pos } of calls) {
    const fn = FEATURES[name];
    if (!fn || typeof svc[name] !== 'function') continue;
    const t0 = performance.now();
    try {
      const ans = fn(svc, parsed, pos, diagnostics);
      onTime?.(name, pos, performance.now() - t0);
      if (ans && typeof (ans as Promise<unknown>).then === 'function') {
        failures.push(`${name} returned a promise (the fuzzer checks synchronous answers only)`);
        continue;
      }
      failures.push(...answerProblems(ans, parsed.text, `${name} at ${pos.line}:${pos.character}`, uri));
    } catch (e) {
      // rename on something that is not a name: an answer with a message for the user, by design
      if (e instanceof RenameError) continue;
      failures.push(`${name} at ${pos.line}:${pos.character} threw ${describe(e)}`);
    }
  }
  return failures;
}

/** Every feature the facade has, each at each of `positions`. */
export function exerciseAll(service: LanguageService, parsed: ParsedFile, positions: Position[], diagnostics: unknown[], onTime?: (name: string, position: Position, ms: number) => void): string[] {
  const { called } = featureSurvey(service);
  return exerciseFeatures(service, parsed, called.flatMap((name) => positions.map((position) => ({ name, position }))), diagnostics, parsed.uri, onTime);
}

export interface CoreResult {
  ms: number;
  failures: string[];
  diagnostics: number;
  edits: number;
  /** Edits re-parsed incrementally, each checked against a full parse. */
  incremental: number;
  calls: number;
}

/** A service whose internal-failure log goes to `sink` (the fuzzer reports every entry). */
export function fuzzService(sink: string[]): LanguageService {
  return new LanguageService({ log: (m) => sink.push(m), settings: { projectChecks: true } });
}

const references = new Map<ProjectFs | undefined, LanguageService>();

/**
 * Diagnostics of a full parse of the text, by a service with no earlier version of it (one per
 * file system: none for the core fuzzer, the disk for the LSP one, as its server sees).
 */
export function fullParseDiagnostics(input: { uri: string; path: string; text: string; version: number; kind: FuzzDoc['kind'] }, fs?: ProjectFs): unknown[] {
  let reference = references.get(fs);
  if (!reference) references.set(fs, (reference = new LanguageService({ fs, settings: { projectChecks: true } })));
  reference.forget(input.uri);
  const parsed = reference.parse(input);
  const out = parsed ? reference.validate(parsed) : [];
  reference.forget(input.uri);
  return out;
}

export function runCoreDoc(service: LanguageService, sink: string[], doc: FuzzDoc, rng: Rng, called: string[], boundMs: number): CoreResult {
  const failures: string[] = [];
  sink.length = 0;
  const uri = `file:///fuzz/p${doc.index % 7}/${doc.kind}.yaml`;
  const path = `/fuzz/p${doc.index % 7}/${doc.kind}.yaml`;
  let text = doc.text;
  let version = 1;
  let diagnostics = 0;
  let calls = 0;
  let incremental = 0;
  const t0 = performance.now();
  const step = (label: string): void => {
    let parsed: ParsedFile | undefined;
    try {
      parsed = service.parse({ uri, path, text, version, kind: doc.kind });
    } catch (e) {
      failures.push(`${label}: parse threw ${describe(e)}`);
      return;
    }
    if (!parsed) {
      failures.push(`${label}: parse returned nothing for a ${doc.kind}.yaml`);
      return;
    }
    let diags: unknown[] = [];
    try {
      diags = service.validate(parsed);
      diagnostics = diags.length;
      failures.push(...diagnosticProblems(diags, text).map((p) => `${label}: ${p}`));
    } catch (e) {
      failures.push(`${label}: validate threw ${describe(e)}`);
    }
    // An incremental re-parse (and the diagnostics it reuses) must give what a full parse gives.
    if (parsed.incremental) {
      incremental++;
      try {
        const full = fullParseDiagnostics({ uri, path, text, version, kind: doc.kind });
        if (JSON.stringify(full) !== JSON.stringify(diags)) failures.push(`${label}: the incremental re-parse gives other diagnostics than a full parse`);
      } catch (e) {
        failures.push(`${label}: full parse threw ${describe(e)}`);
      }
    }
    // After opening: every feature at one or two positions; after an edit: three at random.
    const rounds = label === 'open' ? rng.range(1, 2) : 1;
    const names = label === 'open' ? called : [rng.pick(called), rng.pick(called), rng.pick(called)].filter((n) => n !== undefined);
    for (let i = 0; i < rounds; i++) {
      const positions = names.map(() => randomPosition(rng, text, true));
      calls += names.length;
      failures.push(...exerciseFeatures(service, parsed, names.map((name, k) => ({ name, position: positions[k] })), diags, uri).map((f) => `${label}: ${f}`));
    }
  };
  step('open');
  const edits = rng.int(6);
  for (let i = 0; i < edits; i++) {
    text = applyEdit(text, randomEdit(rng, text));
    version++;
    step(`edit ${i + 1}`);
  }
  service.forget(uri);
  const ms = performance.now() - t0;
  if (ms > boundMs) failures.push(`took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  for (const m of sink) failures.push(`logged an internal failure: ${m.split('\n').slice(0, 3).join(' | ')}`);
  return { ms, failures, diagnostics, edits, incremental, calls };
}

export function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message} @ ${(e.stack ?? '').split('\n').slice(1, 4).map((s) => s.trim()).join(' < ')}`;
  return String(e);
}
