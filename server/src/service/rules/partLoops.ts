import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedFile } from '../parse';
import { child, keyR, listItems, nodeR, type Entry } from './commonHelpers';
import { problem } from './util';

/**
 * Loops in the `after` order of parts, shared by the rock and charm rules. craft-parts refuses
 * them ("A circular dependency chain was detected"). Linear in the parts and `after` entries
 * when there is no loop: only the parts of a strongly connected group of two or more are
 * searched for the loop to show.
 */

/**
 * `part-dependency-cycle` for the parts of a file: their own `after` lists plus `extra` ordering
 * edges a tool adds (an extension's parts); `explain` may add to the message about a loop.
 */
export function partLoopDiagnostics(
  file: ParsedFile, parts: Entry[], extra: Iterable<[string, string]> = [], explain: (chain: string[]) => string = () => '',
): Diagnostic[] {
  const lists = parts.map((p) => ({ entry: p, name: p.name, after: p.map ? listItems(child(file, p.map, 'after')?.value, file) : [] }));
  const edges = new Map<string, string[]>();
  const add = (from: string, to: string): void => {
    if (from === to) return;
    const list = edges.get(from) ?? [];
    list.push(to);
    edges.set(from, list);
  };
  for (const p of lists) for (const item of p.after) add(p.name, item.text);
  for (const [from, to] of extra) add(from, to);
  const byName = new Map(parts.map((p) => [p.name, p]));
  const out: Diagnostic[] = [];
  for (const { part, item, chain } of afterLoops(lists, edges)) {
    const entry = byName.get(part);
    if (!entry) continue;
    out.push(problem(nodeR(file, item.node, keyR(file, entry.pair)), 'part-dependency-cycle',
      `A circular dependency chain was detected: ${loopText(chain)}. Each part must wait for the next, so none can start. Remove one of these \`after\` entries${explain(chain)}.`));
  }
  return out;
}

interface AfterLoop<T> {
  /** The part whose `after` entry is reported. */
  part: string;
  /** That entry. */
  item: T;
  /** The loop, from `part` back to it. */
  chain: string[];
}

/**
 * `parts` in file order with their own `after` entries; `edges` every ordering edge, the user's
 * and any a tool adds. One loop is reported per group of parts, at the first part (in file
 * order) with an entry that closes the shortest loop back to it.
 */
function afterLoops<T extends { text: string }>(parts: { name: string; after: T[] }[], edges: Map<string, string[]>): AfterLoop<T>[] {
  const group = stronglyConnected(edges);
  const size = new Map<number, number>();
  for (const g of group.values()) size.set(g, (size.get(g) ?? 0) + 1);
  const out: AfterLoop<T>[] = [];
  const reported = new Set<string>();
  for (const p of parts) {
    const g = group.get(p.name);
    if (g === undefined || (size.get(g) ?? 0) < 2 || reported.has(p.name)) continue;
    for (const item of p.after) {
      if (item.text === p.name || group.get(item.text) !== g) continue;
      const path = shortestPath(edges, item.text, p.name);
      if (!path) continue;
      const chain = [p.name, ...path];
      for (const n of chain) reported.add(n);
      out.push({ part: p.name, item, chain });
      break;
    }
  }
  return out;
}

/** Tarjan's strongly connected components, iteratively (part lists can be long): node → group. */
function stronglyConnected(edges: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const group = new Map<string, number>();
  let next = 0;
  let groups = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const out = edges.get(top.node) ?? [];
      if (top.i < out.length) {
        const to = out[top.i++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node) ?? 0, index.get(to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(top.node) ?? 0));
      if (low.get(top.node) === index.get(top.node)) {
        for (;;) {
          const n = stack.pop() as string;
          onStack.delete(n);
          group.set(n, groups);
          if (n === top.node) break;
        }
        groups++;
      }
    }
  }
  return group;
}

/** The shortest chain from `start` to `target` (breadth first), ending with `target`. */
function shortestPath(edges: Map<string, string[]>, start: string, target: string): string[] | undefined {
  const prev = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head];
    if (n === target) {
      const path: string[] = [];
      for (let c: string | undefined = n; c !== undefined; c = prev.get(c)) path.unshift(c);
      return path;
    }
    for (const to of edges.get(n) ?? []) {
      if (!prev.has(to)) {
        prev.set(to, n);
        queue.push(to);
      }
    }
  }
  return undefined;
}

/** The loop for a message: `a` → `b` → `a`, shortened in the middle when it is long. */
function loopText(chain: string[]): string {
  const names = chain.map((n) => `\`${n}\``);
  return (names.length > 12 ? [...names.slice(0, 6), '…', ...names.slice(-5)] : names).join(' → ');
}
