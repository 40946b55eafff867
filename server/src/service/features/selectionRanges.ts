import { isMap, isPair, isSeq, type Node } from 'yaml';
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { foldingRanges } from './folding';

/**
 * Smart selection: the scalar, then its `key: value` pair, the mapping or list around it, its
 * pair, and so on up to the whole document. On a file that does not parse, the word, the line
 * and the indentation blocks around it.
 */
export function selectionRanges(parsed: ParsedFile, positions: Position[]): SelectionRange[] {
  if (parsed.skipped) return positions.map((p) => ({ range: { start: p, end: p } }));
  const broken = !parsed.root || parsed.syntax.some((d) => d.code === 'yaml-syntax');
  return positions.map((p) => chain(parsed, broken ? byIndentation(parsed, p) : byTree(parsed, p), p));
}

type Span = [number, number];

function byTree(parsed: ParsedFile, position: Position): Span[] {
  const offset = parsed.lines.offsetAt(position);
  const spans: Span[] = [[0, trimEnd(parsed.text, parsed.text.length)]];
  let node = parsed.docs[0]?.contents as Node | null | undefined;
  const inside = (n: unknown): n is Node => !!n && !!(n as Node).range && (n as Node).range![0] <= offset && offset <= (n as Node).range![1];
  for (let depth = 0; node && depth < 200; depth++) {
    if (!node.range) break;
    spans.push([node.range[0], trimEnd(parsed.text, node.range[1])]);
    let next: Node | undefined;
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const key = p.key as Node | null;
        const value = p.value as Node | null;
        const start = key?.range?.[0] ?? value?.range?.[0];
        const end = Math.max(key?.range?.[1] ?? 0, value?.range?.[1] ?? 0);
        if (start === undefined || offset < start || offset > end) continue;
        spans.push([start, trimEnd(parsed.text, end)]);
        next = inside(key) ? key : inside(value) ? value : undefined;
        break;
      }
    } else if (isSeq(node)) {
      next = node.items.find(inside) as Node | undefined;
    }
    if (!next) break;
    node = next;
  }
  return spans;
}

function byIndentation(parsed: ParsedFile, position: Position): Span[] {
  const spans: Span[] = [[0, trimEnd(parsed.text, parsed.text.length)]];
  const lineStart = (line: number): number => parsed.lines.offsetAt({ line, character: 0 });
  const lineEnd = (line: number): number => trimEnd(parsed.text, parsed.lines.offsetAt({ line: line + 1, character: 0 }));
  const blocks = foldingRanges(parsed)
    .filter((r) => r.kind === undefined && r.startLine <= position.line && position.line <= r.endLine)
    .sort((a, b) => (b.endLine - b.startLine) - (a.endLine - a.startLine));
  for (const b of blocks) {
    const text = parsed.lines.getText({ start: { line: b.startLine, character: 0 }, end: { line: b.startLine + 1, character: 0 } });
    spans.push([lineStart(b.startLine) + (text.length - text.trimStart().length), lineEnd(b.endLine)]);
  }
  const lineText = parsed.lines.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  const indent = lineText.length - lineText.trimStart().length;
  spans.push([lineStart(position.line) + indent, lineEnd(position.line)]);
  const offset = parsed.lines.offsetAt(position);
  let s = offset;
  let e = offset;
  while (s > 0 && /[^\s:,[\]{}]/.test(parsed.text[s - 1])) s--;
  while (e < parsed.text.length && /[^\s:,[\]{}]/.test(parsed.text[e])) e++;
  if (e > s) spans.push([s, e]);
  return spans;
}

/** Links the spans (outermost first) into a chain from the innermost, dropping repeats and spans that do not nest. */
function chain(parsed: ParsedFile, spans: Span[], position: Position): SelectionRange {
  let current: SelectionRange | undefined;
  let previous: Span | undefined;
  for (const span of spans) {
    if (previous && span[0] === previous[0] && span[1] === previous[1]) continue;
    if (previous && (span[0] < previous[0] || span[1] > previous[1])) continue;
    previous = span;
    current = { range: rangeOfOffsets(parsed.lines, span[0], span[1]), parent: current };
  }
  return current ?? { range: { start: position, end: position } };
}

function trimEnd(text: string, end: number): number {
  let e = Math.min(end, text.length);
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
