import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/index.js';
import { runScenario } from '../../scenarios/index.js';

const draws = (streams: RandomStreams, name: string, n: number): number[] => Array.from({ length: n }, () => streams.get(name).float());

describe('named random streams', () => {
  it('extra draws in one stream leave every other stream unchanged (seed 11)', () => {
    const quiet = new RandomStreams('11');
    const busy = new RandomStreams('11');
    draws(busy, 'net', 1000);
    draws(busy, 'node:n1', 17);
    expect(draws(busy, 'faults', 20)).toEqual(draws(quiet, 'faults', 20));
    expect(draws(busy, 'workload', 20)).toEqual(draws(quiet, 'workload', 20));
  });

  it('different names and different seeds give different sequences', () => {
    const a = new RandomStreams('11');
    const b = new RandomStreams('12');
    expect(draws(a, 'net', 5)).not.toEqual(draws(a, 'faults', 5));
    expect(draws(new RandomStreams('11'), 'net', 5)).not.toEqual(draws(b, 'net', 5));
  });

  it('a number seed and the same decimal string agree', () => {
    const asNumber = runScenario('broadcast-gossip', { seed: 5, timeMs: 2000 });
    const asString = runScenario('broadcast-gossip', { seed: '5', timeMs: 2000 });
    expect(asString.digest).toBe(asNumber.digest);
  });
});
