import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../scenarios/registry.js';
import { learnTimescaleAhead, runSeed, type FuzzRunOptions } from '../../../sim/fuzz/seed-run.js';
import { isProbing } from '../../../sim/search/learn.js';
import { DEFAULT_MIX, strategyForSeed } from '../../../sim/search/index.js';
import type { Scenario } from '../../../sim/scenario.js';

const base = findScenario('rpc-at-most-once') as Scenario;

/** A copy of the scenario (its own timescale cache entry) that counts its probe runs. */
function counted(): { scenario: Scenario; probes: () => number } {
  let probes = 0;
  const scenario: Scenario = {
    ...base,
    setup: (env) => {
      if (isProbing()) probes++;
      return base.setup(env);
    },
  };
  return { scenario, probes: () => probes };
}

const mix: FuzzRunOptions = { strategy: 'mix', mixShares: DEFAULT_MIX, timeMs: 3000 };
// The first seeds of 1..40 that the mix gives to plain random and to timescale.
const randomSeed = Array.from({ length: 40 }, (_, i) => i + 1).find((seed) => strategyForSeed('mix', seed, DEFAULT_MIX) === 'random') as number;
const timescaleSeed = Array.from({ length: 40 }, (_, i) => i + 1).find((seed) => strategyForSeed('mix', seed, DEFAULT_MIX) === 'timescale') as number;

describe('learnTimescaleAhead: a mix worker probes the timescale before its first seed', { timeout: 120_000 }, () => {
  it(`probes once ahead of seed ${randomSeed} (plain random), and the strategy seed ${timescaleSeed} reuses it`, () => {
    const { scenario, probes } = counted();
    learnTimescaleAhead(scenario, mix, randomSeed);
    expect(probes()).toBe(1);
    learnTimescaleAhead(scenario, mix, randomSeed);
    runSeed(scenario, mix, timescaleSeed, 'rpc-at-most-once');
    expect(probes()).toBe(1);
  });

  it('does nothing outside the mix', () => {
    const { scenario, probes } = counted();
    learnTimescaleAhead(scenario, { timeMs: 3000 }, 1);
    learnTimescaleAhead(scenario, { strategy: 'aimed', timeMs: 3000 }, 1);
    expect(probes()).toBe(0);
  });

  it(`changes no run: seeds ${randomSeed} and ${timescaleSeed} give the same digests and coverage with and without it`, () => {
    const ahead = counted().scenario;
    learnTimescaleAhead(ahead, mix, randomSeed);
    const late = counted().scenario;
    for (const seed of [randomSeed, timescaleSeed]) {
      const withProbeFirst = runSeed(ahead, mix, seed, 'rpc-at-most-once');
      const withProbeLate = runSeed(late, mix, seed, 'rpc-at-most-once');
      expect(withProbeFirst.digest).toBe(withProbeLate.digest);
      expect(withProbeFirst.coverage).toEqual(withProbeLate.coverage);
    }
  });
});
