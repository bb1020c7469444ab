import { describe, expect, it } from 'vitest';
import { parseSeedRange, parseShard, ShardSeeds, UsageError } from '../../../sim/index.js';

describe('--seeds', () => {
  it('a count n means seeds 1..n; a..b is inclusive', () => {
    expect(parseSeedRange('1000')).toEqual({ first: 1, last: 1000 });
    expect(parseSeedRange('5000..5999')).toEqual({ first: 5000, last: 5999 });
    expect(parseSeedRange(7)).toEqual({ first: 1, last: 7 });
  });

  it.each(['0', '-3', 'x', '5..2', '1..', '1.5'])('rejects "%s" with a message naming it', (spec) => {
    expect(() => parseSeedRange(spec)).toThrow(UsageError);
    expect(() => parseSeedRange(spec)).toThrow(spec);
  });
});

describe('--shard', () => {
  it('parses k/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });

  it.each(['3/2', '0/2', '1/0', '1', 'a/b'])('rejects "%s"', (spec) => {
    expect(() => parseShard(spec)).toThrow(/--shard expects k\/n with 1 ≤ k ≤ n/);
  });

  it('the shards of a range run every seed exactly once, interleaved (range 10..26, 4 shards)', () => {
    const range = { first: 10, last: 26 };
    const seen: number[] = [];
    for (let index = 1; index <= 4; index++) {
      const shard = new ShardSeeds(range, { index, count: 4 });
      for (let i = 0; i < shard.total; i++) {
        const seed = shard.at(i);
        expect((seed - range.first) % 4).toBe(index - 1);
        seen.push(seed);
      }
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => 10 + i));
  });

  it('a shard beyond the range is empty rather than wrong (3 seeds, shard 5/5)', () => {
    expect(new ShardSeeds({ first: 1, last: 3 }, { index: 5, count: 5 }).total).toBe(0);
  });
});
