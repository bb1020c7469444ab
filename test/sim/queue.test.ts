import { describe, expect, it } from 'vitest';
import { EventQueue, RandomStream } from '../../sim/index.js';

describe('EventQueue', () => {
  it('pops by time, and events at the same time in the order they were pushed', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 'c');
    queue.push(1, 'a');
    queue.push(5, 'd');
    queue.push(1, 'b');
    queue.push(3, 'x');
    const out: string[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop()) out.push(item);
    expect(out).toEqual(['a', 'b', 'x', 'c', 'd']);
  });

  it('matches a stable sort by (time, push order) over 20,000 random operations (seed 3)', () => {
    const rng = new RandomStream('3', 'queue-test');
    const queue = new EventQueue<number>();
    const reference: { time: number; order: number }[] = [];
    let order = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (rng.chance(0.6) || reference.length === 0) {
        const time = rng.int(50);
        queue.push(time, order);
        reference.push({ time, order });
        order++;
      } else {
        reference.sort((a, b) => a.time - b.time || a.order - b.order);
        expected.push(reference.shift()!.order);
        popped.push(queue.pop()!);
      }
    }
    expect(popped).toEqual(expected);
    expect(queue.size).toBe(reference.length);
  });
});
