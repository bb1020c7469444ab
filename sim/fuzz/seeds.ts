import { UsageError } from '../scenario.js';

/** An inclusive range of seeds. */
export interface SeedRange {
  first: number;
  last: number;
}

/** One machine's part of a sharded fuzz run: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** `--seeds 1000` means seeds 1..1000; `--seeds 5000..5999` is an inclusive range. */
export function parseSeedRange(spec: string | number): SeedRange {
  const text = String(spec).trim();
  const count = /^\d+$/.exec(text);
  if (count) {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--seeds expects a count ≥ 1 or a range a..b, got "${text}"`);
    return { first: 1, last: n };
  }
  const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(text);
  if (!range) throw new UsageError(`--seeds expects a count (1000) or an inclusive range (5000..5999), got "${text}"`);
  const first = Number(range[1]);
  const last = Number(range[2]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last > MAX_SEED) {
    throw new UsageError(`--seeds range must stay within 0..${MAX_SEED}, got "${text}"`);
  }
  if (last < first) throw new UsageError(`--seeds range must not be empty (a ≤ b), got "${text}"`);
  return { first, last };
}

export function parseShard(spec: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index >= 1) || index > count || !Number.isSafeInteger(count)) {
    throw new UsageError(`--shard expects k/n with 1 ≤ k ≤ n, got "${spec}"`);
  }
  return { index, count };
}

/**
 * The seeds one shard runs, in increasing order. Shards interleave (the seed at offset i from the
 * range start belongs to shard (i mod n) + 1), so slow and fast regions of the seed space spread
 * evenly over machines, and the shards of one range together run every seed exactly once.
 */
export class ShardSeeds {
  readonly total: number;
  private readonly offset: number;

  constructor(
    readonly range: SeedRange,
    readonly shard: Shard = { index: 1, count: 1 },
  ) {
    const span = range.last - range.first + 1;
    this.offset = shard.index - 1;
    this.total = span > this.offset ? Math.floor((span - 1 - this.offset) / shard.count) + 1 : 0;
  }

  /** The i-th seed of this shard (0 ≤ i < total). */
  at(i: number): number {
    return this.range.first + this.offset + i * this.shard.count;
  }
}

export function formatSeedRange(range: SeedRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}..${range.last}`;
}
