import { describe, expect, it } from 'vitest';
import { ddmin, FiredFaults, prepareRun, runOptionsOf, runScenarioOnce, shrinkFailure, summarize, type RunOptions } from '../../sim/index.js';
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

const fired = (options: RunOptions): { faults: string[]; digest: string } => {
  const sink = new FiredFaults();
  const prepared = prepareRun(lossyTally, { ...options, trace: sink });
  prepared.sim.run();
  return { faults: sink.maskable, digest: summarize(prepared).digest };
};

describe('RunOptions.onlyFaults (the engine side of shrinking)', { timeout: 60_000 }, () => {
  const seed = noisyFailingSeed().seed;

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

describe('shrinkFailure on the broken lossy-tally fixture', { timeout: 120_000 }, () => {
  const { seed, faults } = noisyFailingSeed();

  it(`removes faults while the same checker still fails (first noisy failing seed, ${faults} faults)`, async () => {
    const result = await shrinkFailure(lossyTally, { seed }, { scenarioRef: 'lossy-tally' });
    if (!result.shrunk) throw new Error(result.reason);
    expect(result.original.faultCount).toBe(faults);
    expect(result.minimal.faultCount).toBeLessThan(result.original.faultCount);
    expect(result.minimal.violation.checker).toBe(result.original.violation.checker);

    // The minimal repro reproduces the minimal failure exactly, in a fresh run.
    const again = runScenarioOnce(lossyTally, runOptionsOf(result.repro));
    expect(again.ok).toBe(false);
    expect(again.digest).toBe(result.minimal.digest);
    expect(result.command).toContain(`--seed ${seed}`);
    expect(result.command).toContain(`--digest ${result.minimal.digest}`);
  });

  it('lists exactly the faults that fire in the minimal run, and counts them', async () => {
    const result = await shrinkFailure(lossyTally, { seed });
    if (!result.shrunk) throw new Error(result.reason);
    expect(result.repro.onlyFaults).toEqual(result.minimal.faults);
    expect(fired(runOptionsOf(result.repro)).faults).toEqual(result.minimal.faults);
    expect(result.minimal.faultCount).toBe(result.minimal.faults.length + result.minimal.byzantineActions);
  });

  it('tells the minimal run as a timeline that ends with the violation and shows every kept fault', async () => {
    const result = await shrinkFailure(lossyTally, { seed });
    if (!result.shrunk) throw new Error(result.reason);
    expect(result.timeline.at(-1)?.text).toContain(result.minimal.violation.checker);
    for (const id of result.minimal.faults) expect(result.timeline.some((entry) => entry.fault === id)).toBe(true);
  });

  it('is deterministic: the same input shrinks to the same repro in the same number of runs', async () => {
    const first = await shrinkFailure(lossyTally, { seed });
    const second = await shrinkFailure(lossyTally, { seed });
    if (!first.shrunk || !second.shrunk) throw new Error('expected both to shrink');
    expect(second.repro).toEqual(first.repro);
    expect(second.runs).toBe(first.runs);
  });

  it('says there is nothing to shrink when the seed passes', async () => {
    let passing = 1;
    while (!runScenarioOnce(lossyTally, { seed: passing }).ok) passing++;
    const result = await shrinkFailure(lossyTally, { seed: passing });
    expect(result.shrunk).toBe(false);
  });

  it('stops at maxRuns with a result that still fails', async () => {
    const result = await shrinkFailure(lossyTally, { seed }, { maxRuns: 3 });
    if (!result.shrunk) throw new Error('expected a shrink result');
    expect(result.budgetExhausted).toBe('runs');
    expect(result.runs).toBe(3);
    expect(runScenarioOnce(lossyTally, runOptionsOf(result.repro)).ok).toBe(false);
  });

  it('stops at the time budget with a result that still fails', async () => {
    const result = await shrinkFailure(lossyTally, { seed }, { timeBudgetMs: 0 });
    if (!result.shrunk) throw new Error('expected a shrink result');
    expect(result.budgetExhausted).toBe('time');
    expect(runScenarioOnce(lossyTally, runOptionsOf(result.repro)).ok).toBe(false);
  });
});
