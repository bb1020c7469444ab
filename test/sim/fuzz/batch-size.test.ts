import { describe, expect, it } from 'vitest';
import { nextBatchSize } from '../../../sim/fuzz/runner.js';

describe('nextBatchSize: about 200 ms of seeds per batch, smaller as the run ends', () => {
  it('one seed before any seed time is known', () => {
    expect(nextBatchSize(0, 300, 4)).toBe(1);
  });

  it('mid-run: about 200 ms of work, at most 50 seeds', () => {
    expect(nextBatchSize(13, 250, 4)).toBe(15);
    expect(nextBatchSize(0.5, 10_000, 4)).toBe(50);
    expect(nextBatchSize(900, 10_000, 4)).toBe(1);
  });

  it('toward the end: what is left shared among the lanes, never below one seed', () => {
    expect(nextBatchSize(13, 40, 4)).toBe(10);
    expect(nextBatchSize(13, 5, 4)).toBe(2);
    expect(nextBatchSize(13, 1, 4)).toBe(1);
  });

  it('the batches of a whole run shrink at its end and cover every seed once', () => {
    const sizes: number[] = [];
    for (let left = 300; left > 0; ) {
      const size = Math.min(left, nextBatchSize(13, left, 4));
      sizes.push(size);
      left -= size;
    }
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(300);
    expect(sizes.slice(0, 3)).toEqual([15, 15, 15]);
    expect(sizes.slice(-4)).toEqual([1, 1, 1, 1]);
  });
});
