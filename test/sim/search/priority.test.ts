import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../sim/random.js';
import { drawSchedule, priorityPolicy, type PrioritySchedule } from '../../../sim/search/priority.js';

const TS = { roundTripMs: 10, timeoutMs: 150, longTimeoutMs: 300, sendsPerMs: 2 };

describe('PCT priority schedule', () => {
  it('is drawn from the seed alone, with at most three change points inside the expected sends', () => {
    const a = drawSchedule(new RandomStream('7', 'search'), 5, TS, 1000, Number.MAX_SAFE_INTEGER);
    const b = drawSchedule(new RandomStream('7', 'search'), 5, TS, 1000, Number.MAX_SAFE_INTEGER);
    expect(a).toEqual(b);
    expect([...a.ranks].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(a.changePoints.length).toBeLessThanOrEqual(3);
    for (const point of a.changePoints) expect(point).toBeLessThan(2000);
    const depths = new Set(Array.from({ length: 40 }, (_, seed) => drawSchedule(new RandomStream(String(seed), 'search'), 5, TS, 1000, 1e12).changePoints.length));
    expect([...depths].sort()).toEqual([0, 1, 2, 3]);
  });

  it('delays by rank, demotes the sender at a change point below every node, and stops at the window end', () => {
    const schedule: PrioritySchedule = { ranks: [0, 1, 2], changePoints: [10], stepUs: 100, maxDelayUs: 1e12 };
    let nowUs = 0;
    const policy = priorityPolicy(schedule, () => nowUs, 5000);
    expect(policy.delayUs(0, 1, 50, 1)).toBe(50);
    expect(policy.delayUs(2, 1, 50, 2)).toBe(250);
    // Send 10 is node 0's: it drops to rank 3, past node 2.
    expect(policy.delayUs(0, 1, 50, 10)).toBe(350);
    expect(policy.delayUs(2, 1, 50, 11)).toBe(250);
    expect(policy.delayUs(1, 0, 50, 12)).toBe(150);
    nowUs = 5000;
    expect(policy.delayUs(0, 1, 50, 13)).toBe(50);
  });

  it('never takes a message past the delay bound of the assumptions', () => {
    const policy = priorityPolicy({ ranks: [0, 5], changePoints: [], stepUs: 1000, maxDelayUs: 2000 }, () => 0, Infinity);
    expect(policy.delayUs(1, 0, 500, 1)).toBe(2000);
    // A base delay already past the bound is left as the network drew it.
    expect(policy.delayUs(1, 0, 3000, 2)).toBe(3000);
  });
});
