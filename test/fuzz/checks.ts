/** Invariants every answer must satisfy, shared by the core and LSP fuzzers and the hostile-input tests. */

interface Pos {
  line: number;
  character: number;
}
interface RangeLike {
  start: Pos;
  end: Pos;
}
interface DiagLike {
  range?: RangeLike;
  severity?: number;
  message?: unknown;
  code?: unknown;
  data?: unknown;
}

/** Line lengths as LSP counts lines (\n, \r\n and \r end a line). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function posOk(p: Pos | undefined, lens: number[]): boolean {
  return !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lens.length && p.character <= lens[p.line];
}

export function rangeProblem(r: RangeLike | undefined, lens: number[]): string | undefined {
  if (!r || !posOk(r.start, lens) || !posOk(r.end, lens)) return `range out of the document: ${JSON.stringify(r)}`;
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return `range ends before it starts: ${JSON.stringify(r)}`;
  return undefined;
}

/** Problems with a list of diagnostics for `text` (empty when all is well). */
export function diagnosticProblems(list: unknown, text: string): string[] {
  if (!Array.isArray(list)) return [`diagnostics are not a list: ${typeof list}`];
  const lens = lineLengths(text);
  const out: string[] = [];
  for (const d of list as DiagLike[]) {
    const rp = rangeProblem(d.range, lens);
    if (rp) out.push(`diagnostic ${String(d.code)}: ${rp}`);
    if (d.severity !== undefined && ![1, 2, 3, 4].includes(d.severity)) out.push(`diagnostic ${String(d.code)}: bad severity ${String(d.severity)}`);
    if (typeof d.message !== 'string' || !d.message.trim()) out.push(`diagnostic ${String(d.code)}: empty message`);
    else if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(d.message.replace(/`[^`]*`|"[^"]*"/g, ''))) out.push(`diagnostic ${String(d.code)}: message looks broken: ${d.message.slice(0, 160)}`);
    if (out.length > 5) break;
  }
  try {
    JSON.stringify(list);
  } catch (e) {
    out.push(`diagnostics cannot be sent as JSON: ${String(e)}`);
  }
  return out;
}

/** Walks any feature answer and checks every `range`/`selectionRange` in it lies in the text. */
export function answerProblems(answer: unknown, text: string, what: string, selfUri?: string): string[] {
  const lens = lineLengths(text);
  const out: string[] = [];
  try {
    JSON.stringify(answer);
  } catch (e) {
    return [`${what}: answer cannot be sent as JSON: ${String(e)}`];
  }
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number, at: string): void => {
    if (out.length > 3 || depth > 50 || v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, depth + 1, `${at}[${i}]`));
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      // A code action lists the diagnostics it fixes as the client sent them (maybe for an older text).
      if (k === 'diagnostics') continue;
      if ((k === 'range' || k === 'selectionRange' || k === 'targetRange' || k === 'targetSelectionRange') && x && typeof x === 'object' && 'start' in x) {
        // ranges in other files (definition targets) cannot be checked against this text
        const uri = (v as Record<string, unknown>).uri ?? (v as Record<string, unknown>).targetUri;
        if (uri === undefined || uri === selfUri) {
          const p = rangeProblem(x as RangeLike, lens);
          if (p) out.push(`${what}: ${at}.${k} ${p}`);
        }
      } else if (k === 'insert' || k === 'replace') {
        const p = x && typeof x === 'object' && 'start' in x ? rangeProblem(x as RangeLike, lens) : undefined;
        if (p) out.push(`${what}: ${at}.${k} ${p}`);
      } else walk(x, depth + 1, /^[\w$]+$/.test(k) ? `${at}.${k}` : `${at}[…]`);
    }
  };
  walk(answer, 0, '');
  return out;
}
