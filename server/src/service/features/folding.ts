import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import { EOL } from './locate';

const MAX_RANGES = 5000;

/**
 * Folding by indentation, so it works on files that do not parse: a line folds over the lines
 * below it that are indented deeper (and, after `key:`, over a list written at the key's own
 * indentation). Runs of two or more comment lines fold as comments.
 */
export function foldingRanges(parsed: ParsedFile): FoldingRange[] {
  if (parsed.skipped) return [];
  const lines = parsed.text.split(EOL);
  const info = lines.map((l) => {
    const content = l.trimStart();
    return { indent: l.length - content.length, blank: content === '', comment: content.startsWith('#'), content };
  });
  const out: FoldingRange[] = [];
  // Open blocks: the line that starts each one and its indentation.
  const open: { line: number; indent: number; opensList: boolean }[] = [];
  let lastContent = -1;
  const close = (until: number): void => {
    const b = open.pop();
    if (b && until > b.line && out.length < MAX_RANGES) out.push({ startLine: b.line, endLine: until });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = info[i];
    if (l.blank || l.comment) continue;
    const isItem = l.content === '-' || l.content.startsWith('- ');
    while (open.length) {
      const top = open[open.length - 1];
      const inside = l.indent > top.indent || (top.opensList && isItem && l.indent === top.indent);
      if (inside) break;
      close(lastContent);
    }
    open.push({ line: i, indent: l.indent, opensList: /:\s*(#.*)?$/.test(l.content) && !isItem });
    lastContent = i;
  }
  while (open.length) close(lastContent);

  // Comment blocks.
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const isComment = i < lines.length && info[i].comment;
    if (isComment && start < 0) start = i;
    if (!isComment && start >= 0) {
      if (i - 1 > start && out.length < MAX_RANGES) out.push({ startLine: start, endLine: i - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
