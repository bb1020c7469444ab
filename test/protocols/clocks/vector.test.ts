import { describe, expect, it } from 'vitest';
import { lamportRules } from '../../../protocols/clocks/lamport.js';
import { vectorBefore, vectorRules } from '../../../protocols/clocks/vector.js';

describe('vector clock rules', () => {
  it('V < W means every entry ≤ and not equal, not strictly less everywhere', () => {
    expect(vectorBefore([1, 0, 0], [1, 1, 0])).toBe(true);
    expect(vectorBefore([1, 1, 0], [1, 1, 0])).toBe(false);
    expect(vectorBefore([2, 0, 0], [1, 1, 0])).toBe(false);
    expect(vectorBefore([1, 1, 0], [2, 0, 0])).toBe(false);
  });

  it('receive takes the element-wise max, then increments the own entry', () => {
    const clock = [3, 1, 0];
    vectorRules.receive(clock, [1, 4, 2], 0);
    expect(clock).toEqual([4, 4, 2]);
  });

  it('tick increments only the own entry, and copy is detached', () => {
    const clock = vectorRules.initial(3, 1);
    const stamp = vectorRules.copy(vectorRules.tick(clock, 1));
    vectorRules.tick(clock, 1);
    expect(stamp).toEqual([0, 1, 0]);
    expect(clock).toEqual([0, 2, 0]);
  });
});

describe('Lamport rules', () => {
  it('a receive is stamped after both its send and the previous local event', () => {
    expect(lamportRules.receive(2, 7, 0)).toBe(8);
    expect(lamportRules.receive(9, 7, 0)).toBe(10);
  });
});
