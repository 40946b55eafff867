/** Finds where a dotted field path (as craft tools print it) sits in a YAML text. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export interface TextRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * The range of the deepest key on `dotted` that exists in `text`: the key itself when the
 * whole path resolves, else its nearest existing ancestor (a missing field is reported on
 * its parent). Keys may contain dots (`ubuntu@22.04:amd64`), so each step takes the
 * longest key that matches. An empty path, or nothing found, gives the first line.
 */
export function locateField(text: string, dotted: string): TextRange {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false, strict: false, uniqueKeys: false });
  const toRange = (start: number, end: number): TextRange => {
    const s = lc.linePos(start);
    const e = lc.linePos(end);
    return { startLine: s.line - 1, startCharacter: s.col - 1, endLine: e.line - 1, endCharacter: e.col - 1 };
  };
  const firstLine = (): TextRange => {
    const nl = text.indexOf('\n');
    return { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: nl < 0 ? text.length : nl };
  };
  let node: unknown = doc.contents;
  let found: TextRange | undefined;
  let rest = dotted;
  while (rest && node) {
    if (isMap(node)) {
      let best: { key: YamlNode; value: unknown; len: number } | undefined;
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (k === undefined) continue;
        if ((rest === k || rest.startsWith(`${k}.`)) && (!best || k.length > best.len)) best = { key: pair.key as YamlNode, value: pair.value, len: k.length };
      }
      if (!best) break;
      if (best.key.range) found = toRange(best.key.range[0], best.key.range[1]);
      node = best.value;
      rest = rest.slice(best.len + 1);
    } else if (isSeq(node)) {
      const m = /^(\d+)(?:\.|$)/.exec(rest);
      const item = m ? node.items[Number(m[1])] : undefined;
      if (!m || !item) break;
      const r = (item as YamlNode).range;
      if (r) found = toRange(r[0], r[1]);
      node = item;
      rest = rest.slice(m[0].length);
    } else {
      break;
    }
  }
  return found ?? firstLine();
}
