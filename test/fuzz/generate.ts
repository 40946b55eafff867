import * as fs from 'fs';
import * as path from 'path';
import type { Rng } from './prng';

/**
 * Fuzz inputs: mutated corpus files, random YAML, random bytes, and edit sequences. Every
 * function takes the generator it draws from, so a document is a pure function of the seed
 * and its index.
 */

export type Kind = 'rockcraft' | 'charmcraft';

export interface Seed {
  kind: Kind;
  name: string;
  text: string;
}

export type Strategy = 'truncation-sweep' | 'mutate' | 'random-yaml' | 'random-bytes' | 'mutate-random' | 'corpus';

export interface FuzzDoc {
  index: number;
  kind: Kind;
  strategy: Strategy;
  /** How the document was made (for the report). */
  how: string;
  text: string;
}

export interface TextEdit {
  /** Offsets into the text before the edit. */
  start: number;
  end: number;
  text: string;
}

const SHARED = process.env.TWELVE_FACTOR_SHARED ?? path.resolve(__dirname, '../../../shared');

/** The corpus files (rockcraft/ and charmcraft/), sorted by name. */
export function loadCorpus(): Seed[] {
  const root = path.join(SHARED, 'corpus');
  const out: Seed[] = [];
  for (const kind of ['rockcraft', 'charmcraft'] as Kind[]) {
    const dir = path.join(root, kind);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
      out.push({ kind, name: `${kind}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') });
    }
  }
  if (out.length === 0) throw new Error(`no corpus under ${root} (set TWELVE_FACTOR_SHARED)`);
  return out;
}

// Keys the tools know, so random documents reach deep into the schema.
const ROCK_KEYS = ['name', 'title', 'version', 'summary', 'description', 'base', 'build-base', 'license', 'platforms', 'run-user', 'environment', 'services', 'checks', 'parts', 'extensions', 'entrypoint-service', 'package-repositories', 'adopt-info'];
const CHARM_KEYS = ['name', 'type', 'title', 'summary', 'description', 'base', 'build-base', 'platforms', 'bases', 'parts', 'config', 'actions', 'requires', 'provides', 'peers', 'containers', 'resources', 'storage', 'assumes', 'links', 'extensions', 'charm-libs', 'subordinate', 'terms', 'devices', 'extra-bindings', 'charmhub'];
const INNER_KEYS = ['plugin', 'source', 'source-type', 'build-packages', 'stage-packages', 'override-build', 'after', 'command', 'override', 'startup', 'on-failure', 'interface', 'limit', 'optional', 'options', 'type', 'default', 'description', 'params', 'build-on', 'run-on', 'channel', 'architectures', 'resource', 'mounts', 'location', 'storage', 'build-for', 'organize', 'stage', 'prime', 'build-environment', 'charm-requirements', 'python-packages', 'uv-extras', 'go-buildtags'];
const VALUES = ['ubuntu@22.04', 'ubuntu@24.04', 'bare', 'ubuntu:20.04', 'amd64', 'arm64', 'nil', 'python', 'charm', 'uv', 'go', 'dump', 'replace', 'merge', 'enabled', 'disabled', 'restart', 'shutdown', 'ignore', 'string', 'int', 'boolean', 'float', 'secret', 'oci-image', 'filesystem', 'flask-framework', 'django-framework', 'fastapi-framework', 'go-framework', 'expressjs-framework', 'spring-boot-framework', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'true', 'False', '0x1F', '0o17', '1e3', '.inf', '-.nan', '2001-12-14t21:59:43.10-05:00', '12:30:45', '1_000', '+1', '-0', '', '""', "''", '"\\u0000"', '"\\x00"', '$CRAFT_PART_INSTALL', 'on amd64', 'else fail'];
const TOKENS = ['- ', ': ', ':', '? ', '&a ', '*a', '&b ', '*b', '<<: *a', '<<: [*a, *b]', '!!str ', '!!int ', '!!map ', '!!binary ', '!custom ', '!<tag:yaml.org,2002:str> ', '|', '|-', '>+', '>2', '{', '}', '[', ']', ',', '#', '"', "'", '\\', '---', '...', '%YAML 1.1', '%TAG ! tag:x,2000:', '@', '`', '%', '\t', '\r', '\r\n', '\n', '\u0000', '\ufeff', '\u2028', '\u0085', '\ud800', '\udc00', '😀', 'é', '\u200b', '\x7f', '\x1b[0m'];
const INDENTS = ['', ' ', '  ', '   ', '    ', '\t', '      ', '        '];

function randomScalar(rng: Rng): string {
  return rng.weighted<() => string>([
    [5, () => rng.pick(VALUES)],
    [2, () => String(rng.int(100000) - 500)],
    [2, () => `"${randomChars(rng, rng.int(12), false).replace(/["\\]/g, '')}"`],
    [2, () => randomWord(rng)],
    [1, () => randomChars(rng, rng.int(20), true)],
    [1, () => 'x'.repeat(rng.int(3000))],
  ])();
}

function randomWord(rng: Rng): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz-_0123456789';
  let w = '';
  const n = rng.range(1, 12);
  for (let i = 0; i < n; i++) w += letters[rng.int(letters.length)];
  return w;
}

export function randomChars(rng: Rng, n: number, hostile: boolean): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    if (hostile && rng.chance(0.3)) out += rng.pick(TOKENS);
    else if (hostile && rng.chance(0.1)) out += String.fromCharCode(rng.int(0x10000));
    else out += String.fromCharCode(rng.range(0x20, 0x7e));
  }
  return out;
}

function randomKey(rng: Rng, kind: Kind, depth: number): string {
  if (depth === 0) return rng.chance(0.9) ? rng.pick(kind === 'rockcraft' ? ROCK_KEYS : CHARM_KEYS) : randomWord(rng);
  return rng.chance(0.6) ? rng.pick(INNER_KEYS) : rng.chance(0.5) ? randomWord(rng) : rng.pick([...ROCK_KEYS, ...CHARM_KEYS]);
}

/** Random YAML, block and flow, with anchors, aliases, merge keys, tags and comments. */
export function randomYaml(rng: Rng, kind: Kind): string {
  const lines: string[] = [];
  const anchors: string[] = [];
  const budget = { n: rng.range(5, 300) };
  const flow = (depth: number): string => {
    if (depth > 4 || budget.n-- <= 0 || rng.chance(0.3)) return randomScalar(rng);
    if (rng.chance(0.5)) {
      const items = Array.from({ length: rng.int(5) }, () => flow(depth + 1));
      return `[${items.join(', ')}]`;
    }
    const items = Array.from({ length: rng.int(5) }, () => `${randomKey(rng, kind, depth + 1)}: ${flow(depth + 1)}`);
    return `{${items.join(', ')}}`;
  };
  const block = (indent: string, depth: number): void => {
    const n = rng.range(1, depth === 0 ? 14 : 6);
    const asList = depth > 0 && rng.chance(0.3);
    for (let i = 0; i < n && budget.n-- > 0; i++) {
      const prefix = asList ? `${indent}- ` : `${indent}${randomKey(rng, kind, depth)}:`;
      let anchor = '';
      if (rng.chance(0.08)) {
        const name = `a${anchors.length}`;
        anchors.push(name);
        anchor = ` &${name}`;
      }
      const r = rng.next();
      if (rng.chance(0.05)) lines.push(`${indent}# ${randomChars(rng, rng.int(30), false)}`);
      if (depth < 6 && r < 0.4) {
        lines.push(asList ? `${indent}-${anchor}` : `${prefix}${anchor}`);
        block(`${indent}${rng.pick(['  ', '  ', '    ', ' '])}`, depth + 1);
      } else if (r < 0.5) {
        lines.push(`${prefix}${anchor} ${flow(depth)}`);
      } else if (r < 0.57 && anchors.length) {
        lines.push(`${prefix} *${rng.pick(anchors)}`);
      } else if (r < 0.62 && anchors.length && !asList) {
        lines.push(`${indent}<<: *${rng.pick(anchors)}`);
      } else if (r < 0.7) {
        lines.push(`${prefix}${anchor} ${rng.pick(['|', '>', '|-', '>+', '|2'])}`);
        const m = rng.range(0, 4);
        for (let j = 0; j < m; j++) lines.push(`${indent}  ${randomChars(rng, rng.int(40), false)}`);
      } else if (r < 0.73) {
        lines.push(`${prefix}${anchor} ${rng.pick(['!!str', '!!int', '!!map', '!!seq', '!!binary', '!foo', '!!null'])} ${randomScalar(rng)}`);
      } else {
        lines.push(`${prefix}${anchor} ${randomScalar(rng)}`);
      }
    }
  };
  if (rng.chance(0.05)) lines.push(rng.pick(['%YAML 1.1', '%YAML 1.2', '%TAG !e! tag:example.com,2000:']), '---');
  block('', 0);
  if (rng.chance(0.05)) {
    lines.push(rng.pick(['---', '...', '--- |', '--- !!map']));
    block('', 0);
  }
  return lines.join(rng.chance(0.1) ? '\r\n' : '\n');
}

// ---- mutations of a text

type Mutation = (rng: Rng, text: string) => [string, string];

const splitLines = (text: string): string[] => text.split('\n');

const MUTATIONS: [number, Mutation][] = [
  [3, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    const n = rng.range(1, 4);
    ls.splice(i, n);
    return [ls.join('\n'), `delete ${n} lines at ${i}`];
  }],
  [3, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    const n = rng.range(1, 6);
    ls.splice(i, 0, ...ls.slice(i, i + n));
    return [ls.join('\n'), `duplicate ${n} lines at ${i}`];
  }],
  [3, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    const j = rng.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return [ls.join('\n'), `swap lines ${i} ${j}`];
  }],
  [3, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    const n = rng.range(1, 8);
    const by = rng.pick(INDENTS);
    const dedent = rng.chance(0.4);
    for (let k = i; k < Math.min(ls.length, i + n); k++) ls[k] = dedent ? ls[k].replace(/^ {1,4}/, '') : by + ls[k];
    return [ls.join('\n'), `${dedent ? 'dedent' : 'indent'} ${n} lines at ${i}`];
  }],
  [4, (rng, text) => {
    const at = rng.int(text.length + 1);
    const s = randomChars(rng, rng.range(1, 8), true);
    return [text.slice(0, at) + s + text.slice(at), `insert bytes at ${at}`];
  }],
  [2, (rng, text) => {
    const at = rng.int(text.length + 1);
    const n = rng.range(1, 20);
    return [text.slice(0, at) + text.slice(at + n), `delete ${n} chars at ${at}`];
  }],
  [3, (rng, text) => {
    const at = rng.int(text.length + 1);
    return [text.slice(0, at), `truncate at ${at}`];
  }],
  [3, (rng, text) => {
    const at = rng.int(text.length + 1);
    const tok = rng.pick(TOKENS);
    return [text.slice(0, at) + tok + text.slice(at), `token ${JSON.stringify(tok)} at ${at}`];
  }],
  [2, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    const m = /^(\s*(?:- )?[^:#\s][^:#]*:)\s*(.*)$/.exec(ls[i]);
    if (!m) return [text, 'replace value (no value)'];
    ls[i] = `${m[1]} ${randomScalar(rng)}`;
    return [ls.join('\n'), `replace value at line ${i}`];
  }],
  [2, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    ls.splice(i, 0, `${rng.pick(INDENTS)}${randomKey(rng, rng.chance(0.5) ? 'rockcraft' : 'charmcraft', rng.int(2))}: ${randomScalar(rng)}`);
    return [ls.join('\n'), `insert key at line ${i}`];
  }],
  [1, (rng, text) => {
    const ls = splitLines(text);
    const i = rng.int(ls.length);
    ls.splice(i, 0, '&anchor_x', '<<: *anchor_x', `${ls[i] ?? ''} *anchor_x`);
    return [ls.join('\n'), `anchors at line ${i}`];
  }],
  [1, (_rng, text) => [text.replace(/\n/g, '\r\n'), 'CRLF']],
  [1, (_rng, text) => [`\ufeff${text}`, 'BOM']],
  [1, (rng, text) => {
    const at = rng.int(text.length + 1);
    return [text.slice(0, at) + `\n---\n${text.slice(0, rng.int(200))}`, `second document at ${at}`];
  }],
];

export function mutate(rng: Rng, text: string, times: number): [string, string[]] {
  const hows: string[] = [];
  let t = text;
  for (let i = 0; i < times; i++) {
    const m = rng.weighted(MUTATIONS);
    const [next, how] = m(rng, t);
    t = next;
    hows.push(how);
  }
  return [t, hows];
}

/** Document `index` of a run. The first `sweep.length` documents truncate two small corpus files at every position. */
export function makeDoc(rng: Rng, corpus: Seed[], index: number, sweep: { seed: Seed; at: number }[]): FuzzDoc {
  if (index < sweep.length) {
    const { seed, at } = sweep[index];
    return { index, kind: seed.kind, strategy: 'truncation-sweep', how: `${seed.name} truncated at ${at}`, text: seed.text.slice(0, at) };
  }
  const strategy = rng.weighted<Strategy>([[60, 'mutate'], [20, 'random-yaml'], [8, 'random-bytes'], [6, 'mutate-random'], [6, 'corpus']]);
  if (strategy === 'mutate' || strategy === 'corpus') {
    const seed = rng.pick(corpus);
    if (strategy === 'corpus') return { index, kind: seed.kind, strategy, how: `${seed.name} as is`, text: seed.text };
    const [text, hows] = mutate(rng, seed.text, rng.range(1, 5));
    return { index, kind: seed.kind, strategy, how: `${seed.name}: ${hows.join('; ')}`, text };
  }
  const kind: Kind = rng.chance(0.5) ? 'rockcraft' : 'charmcraft';
  if (strategy === 'random-yaml') return { index, kind, strategy, how: 'random YAML', text: randomYaml(rng, kind) };
  if (strategy === 'mutate-random') {
    const [text, hows] = mutate(rng, randomYaml(rng, kind), rng.range(1, 4));
    return { index, kind, strategy, how: `random YAML: ${hows.join('; ')}`, text };
  }
  let bytes = '';
  const n = rng.int(2000);
  for (let i = 0; i < n; i++) bytes += String.fromCharCode(rng.chance(0.7) ? rng.int(256) : rng.int(0x10000));
  return { index, kind, strategy, how: 'random bytes', text: bytes };
}

/** Truncation points: every offset of the smallest rock and charm files (or a stride over them). */
export function truncationSweep(corpus: Seed[], budget: number): { seed: Seed; at: number }[] {
  const smallest = (k: Kind): Seed | undefined => corpus.filter((s) => s.kind === k).sort((a, b) => a.text.length - b.text.length || a.name.localeCompare(b.name))[0];
  const seeds = [smallest('rockcraft'), smallest('charmcraft')].filter((s): s is Seed => !!s);
  const total = seeds.reduce((n, s) => n + s.text.length + 1, 0);
  const stride = Math.max(1, Math.ceil(total / Math.max(1, budget)));
  const out: { seed: Seed; at: number }[] = [];
  for (const seed of seeds) for (let at = 0; at <= seed.text.length; at += stride) out.push({ seed, at });
  return out;
}

/** A random edit of a text: typing, deleting, pasting, replacing. */
export function randomEdit(rng: Rng, text: string): TextEdit {
  const at = rng.int(text.length + 1);
  return rng.weighted<() => TextEdit>([
    [4, () => ({ start: at, end: at, text: rng.pick(['a', ' ', '\n', ':', '-', '  ', 'p', '#', '"', '\t']) })],
    [2, () => ({ start: at, end: Math.min(text.length, at + rng.range(1, 10)), text: '' })],
    [2, () => ({ start: at, end: at, text: `\n${rng.pick(INDENTS)}${randomKey(rng, 'rockcraft', rng.int(2))}: ${randomScalar(rng)}` })],
    [1, () => ({ start: at, end: Math.min(text.length, at + rng.int(30)), text: randomChars(rng, rng.int(15), true) })],
    [1, () => ({ start: 0, end: text.length, text: text.slice(0, rng.int(text.length + 1)) })],
    [1, () => {
      const s = rng.int(text.length + 1);
      return { start: s, end: s, text: text.slice(rng.int(text.length + 1), rng.int(text.length + 1)) };
    }],
  ])();
}

export function applyEdit(text: string, e: TextEdit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

/** A random position in (or just outside) a text, as LSP line/character. */
export function randomPosition(rng: Rng, text: string, allowOutside: boolean): { line: number; character: number } {
  const lines = text.split('\n');
  if (allowOutside && rng.chance(0.05)) return { line: rng.int(lines.length + 5), character: rng.int(200) };
  const line = rng.int(lines.length);
  return { line, character: rng.int(lines[line].length + 1) };
}
