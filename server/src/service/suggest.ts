/** Edit distance with transpositions (so `sumary` → `summary`, `bulid-on` → `build-on`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 8) return Math.abs(m - n);
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 1; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/**
 * The candidate the user most likely meant, or undefined when none is close enough.
 * Separators are compared loosely, since `_` for `-` is the most common slip in these files.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[_\s]/g, '-');
  const w = norm(word);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const cn = norm(c);
    if (cn === w) return c;
    // `str` → `string`, `integer` → `int`: a short form of a longer allowed word.
    if (w.length >= 3 && cn.length >= 3 && (cn.startsWith(w) || w.startsWith(cn)) && bestScore > 1) {
      best = c;
      bestScore = 1;
      continue;
    }
    const dist = editDistance(w, cn);
    const limit = Math.max(1, Math.floor(Math.max(w.length, cn.length) / 4));
    if (dist <= limit && dist < bestScore) {
      best = c;
      bestScore = dist;
    }
  }
  return best;
}

/** `parts.foo.plugin`, `platforms.amd64.build-for[0]` */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else out += out ? `.${step}` : step;
  }
  return out || 'the top level';
}

/** `a`, `a` or `b`, `a`, `b` or `c` — for enum messages. */
export function orList(values: readonly unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => `\`${String(v)}\``);
  const more = values.length > max ? `, … (${values.length - max} more)` : '';
  if (shown.length <= 1) return shown.join('') + more;
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}${more}`;
}
