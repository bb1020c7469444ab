import { describe, expect, it } from 'vitest';
import { ddmin, FiredFaults, prepareRun, runScenarioOnce, shrinkFailure, summarize, type RunOptions } from '../../sim/index.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';

/** The first seed of the broken tally fixture that fails with many faults fired (most are harmless reorders). */
function noisyFailingSeed(): { seed: number; faults: number } {
  for (let seed = 1; seed <= 60; seed++) {
    const fired = new FiredFaults();
    const prepared = prepareRun(lossyTally, { seed, trace: fired });
    prepared.sim.run();
    if (!summarize(prepared).ok && fired.total >= 10) return { seed, faults: fired.total };
  }
  throw new Error('no noisy failing seed in 1..60: the fixture changed');
}

describe('RunOptions.onlyFaults (the engine side of shrinking)', { timeout: 60_000 }, () => {
  const seed = noisyFailingSeed().seed;
  const fired = (options: RunOptions): { faults: string[]; digest: string } => {
    const sink = new FiredFaults();
    const prepared = prepareRun(lossyTally, { ...options, trace: sink });
    prepared.sim.run();
    return { faults: sink.maskable, digest: summarize(prepared).digest };
  };

  it('keeping every fault that fired reproduces the run exactly', () => {
    const original = fired({ seed });
    expect(fired({ seed, onlyFaults: original.faults }).digest).toBe(original.digest);
  });

  it('no fault outside the kept set fires, and an empty set fires none', () => {
    const original = fired({ seed });
    const kept = original.faults.filter((_, i) => i % 3 === 0);
    const run = fired({ seed, onlyFaults: kept });
    expect(run.faults.every((id) => kept.includes(id))).toBe(true);
    expect(fired({ seed, onlyFaults: [] }).faults).toEqual([]);
  });
});

describe('ddmin', { timeout: 60_000 }, () => {
  it('finds the two items that together cause a failure among 20', () => {
    let probes = 0;
    const result = ddmin(
      Array.from({ length: 20 }, (_, i) => i + 1),
      (subset) => {
        probes++;
        return subset.includes(7) && subset.includes(13);
      },
    );
    expect(result).toEqual([7, 13]);
    expect(probes).toBeLessThan(60);
  });

  it('keeps a single culprit', () => {
    expect(ddmin(['a', 'b', 'c', 'd', 'e'], (subset) => subset.includes('d'))).toEqual(['d']);
  });
});

describe('shrinkFailure on the broken lossy-tally fixture', { timeout: 60_000 }, () => {
  const { seed, faults } = noisyFailingSeed();

  it(`removes faults while the same checker still fails (first noisy failing seed, ${faults} faults)`, () => {
    const result = shrinkFailure(lossyTally, { seed }, { scenarioRef: 'lossy-tally' });
    if (!result.shrunk) throw new Error(result.reason);
    expect(result.original.faultCount).toBe(faults);
    expect(result.minimal.faultCount).toBeLessThan(result.original.faultCount);
    expect(result.minimal.result.violation.checker).toBe(result.original.result.violation.checker);

    // The minimal options reproduce the minimal failure exactly, in a fresh run.
    const again = runScenarioOnce(lossyTally, result.minimal.options as RunOptions);
    expect(again.ok).toBe(false);
    expect(again.digest).toBe(result.minimal.result.digest);
    expect(result.repro).toContain(`--seed ${seed}`);
    expect(result.repro).toContain(`--only-faults ${result.minimal.faults.length > 0 ? '' : 'none'}`);
  });

  it('is deterministic: the same input shrinks to the same repro in the same number of runs', () => {
    const first = shrinkFailure(lossyTally, { seed });
    const second = shrinkFailure(lossyTally, { seed });
    if (!first.shrunk || !second.shrunk) throw new Error('expected both to shrink');
    expect(second.repro).toBe(first.repro);
    expect(second.runs).toBe(first.runs);
  });

  it('says there is nothing to shrink when the seed passes', () => {
    let passing = 1;
    while (!runScenarioOnce(lossyTally, { seed: passing }).ok) passing++;
    const result = shrinkFailure(lossyTally, { seed: passing });
    expect(result.shrunk).toBe(false);
  });

  it('stops at maxRuns with a result that still fails', () => {
    const result = shrinkFailure(lossyTally, { seed }, { maxRuns: 3 });
    if (!result.shrunk) throw new Error('expected a shrink result');
    expect(result.budgetExhausted).toBe(true);
    expect(result.runs).toBe(3);
    expect(runScenarioOnce(lossyTally, result.minimal.options as RunOptions).ok).toBe(false);
  });
});
