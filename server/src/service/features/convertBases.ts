import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver-types';
import { deref, getNode, getPair, scalarString, stringList } from '../ast';
import { rangeOfOffsets, type ParsedFile } from '../parse';
import { pairLines } from './edits';

/*
 * Rewrites a legacy `bases:` charmcraft.yaml to `base:` + `platforms:` (charmcraft.md §4):
 * one run-on base becomes `base:` with one platform per architecture; several bases become
 * multi-base platform names (`ubuntu@22.04:amd64`). A charm that relied on the default `charm`
 * part of `bases` charms gets it written out, since `platforms` charms need `parts`.
 */

interface BaseEntry {
  base: string;
  arches: string[];
}

interface Platform {
  base: string;
  arch: string;
  buildOn: string[];
}

// When `architectures` is left out, Charmcraft builds for the host; amd64 is the usual host.
const DEFAULT_ARCH = 'amd64';

function readBase(map: YAMLMap, parsed: ParsedFile): BaseEntry | undefined {
  const doc = parsed.docs[0];
  const name = scalarString(getNode(map, 'name', doc));
  // `channel: 22.04` unquoted is a number; its source text keeps the trailing zero.
  const channel = scalarString(getNode(map, 'channel', doc));
  if (!name || !channel) return undefined;
  const arches = stringList(getNode(map, 'architectures', doc));
  return { base: `${name}@${channel}`, arches: arches.length ? arches : [DEFAULT_ARCH] };
}

function readEntry(node: Node | undefined, parsed: ParsedFile): Platform[] | undefined {
  if (!isMap(node)) return undefined;
  const doc = parsed.docs[0];
  const short = readBase(node, parsed);
  if (short) return short.arches.map((arch) => ({ base: short.base, arch, buildOn: [arch] }));
  const list = (key: string): BaseEntry[] | undefined => {
    const seq = getNode(node, key, doc);
    if (!isSeq(seq)) return undefined;
    const out: BaseEntry[] = [];
    for (const item of seq.items) {
      const m = deref(item, doc);
      const b = isMap(m) ? readBase(m, parsed) : undefined;
      if (!b) return undefined;
      out.push(b);
    }
    return out;
  };
  const buildOn = list('build-on');
  const runOn = list('run-on') ?? buildOn;
  if (!buildOn || !runOn) return undefined;
  const buildArches = [...new Set(buildOn.flatMap((b) => b.arches))];
  return runOn.flatMap((r) => r.arches.map((arch) => ({ base: r.base, arch, buildOn: buildArches })));
}

/** The edit that replaces `bases:` with `base:` + `platforms:`, or undefined when the file cannot be converted. */
export function convertBasesEdit(parsed: ParsedFile): TextEdit[] | undefined {
  const root = parsed.root;
  const doc = parsed.docs[0];
  const pair = getPair(root, 'bases', doc);
  if (!root || !pair || getPair(root, 'base', doc) || getPair(root, 'platforms', doc)) return undefined;
  const seq = deref(pair.value, doc);
  if (!isSeq(seq) || seq.items.length === 0) return undefined;
  const platforms: Platform[] = [];
  for (const item of seq.items) {
    const p = readEntry(deref(item, doc), parsed);
    if (!p) return undefined;
    for (const x of p) if (!platforms.some((y) => y.base === x.base && y.arch === x.arch)) platforms.push(x);
  }
  const bases = [...new Set(platforms.map((p) => p.base))];
  const multi = bases.length > 1;
  const lines: string[] = [];
  if (!multi) lines.push(`base: ${bases[0]}`);
  lines.push('platforms:');
  for (const p of platforms) {
    const name = multi ? `${p.base}:${p.arch}` : p.arch;
    const same = p.buildOn.length === 1 && p.buildOn[0] === p.arch;
    if (same) {
      lines.push(`  ${name}:`);
    } else {
      const on = p.buildOn.map((a) => (multi ? `${p.base}:${a}` : a));
      lines.push(`  ${name}:`, `    build-on: [${on.join(', ')}]`, `    build-for: [${name}]`);
    }
  }
  const needsPart = !getPair(root, 'parts', doc) && !getPair(root, 'extensions', doc);
  if (needsPart) lines.push('parts:', '  charm:', '    plugin: charm', '    source: .');
  const [start, end] = pairLines(parsed, pair);
  return [{ range: rangeOfOffsets(parsed.lines, start, end), newText: `${lines.join('\n')}\n` }];
}
