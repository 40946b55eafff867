/**
 * A small seeded PRNG (sfc32 seeded through splitmix32), so every fuzz run is reproducible
 * from its seed: same seed, same documents, same edits, same requests.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(list: readonly (readonly [number, T])[]): T {
    const total = list.reduce((n, [w]) => n + w, 0);
    let x = this.next() * total;
    for (const [w, v] of list) {
      if ((x -= w) < 0) return v;
    }
    return list[list.length - 1][1];
  }

  /** A child generator whose stream depends only on this seed and `salt`. */
  fork(salt: number): Rng {
    return new Rng((Math.imul(this.seed ^ 0x5bd1e995, 31) + Math.imul(salt, 0x27d4eb2d)) >>> 0);
  }
}

/** The seed from FUZZ_SEED (decimal or 0x hex), or a fresh one. */
export function seedFromEnv(fallback?: number): number {
  const raw = process.env.FUZZ_SEED;
  if (raw && raw.trim()) {
    const n = raw.trim().startsWith('0x') ? parseInt(raw.trim(), 16) : Number(raw.trim());
    if (Number.isFinite(n)) return n >>> 0;
  }
  return fallback ?? (Math.floor(Math.random() * 0xffffffff) >>> 0);
}
