import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The package's own entry (dist/), exactly as a user's test imports it.
import { assertFuzz, assertScenario, FaultlineFailure, type FuzzReport } from 'faultline';
import { lossyTally } from '../../fixtures/workflows/lossy-tally.mjs';

const LOSSY = fileURLToPath(new URL('../../fixtures/workflows/lossy-tally.mjs', import.meta.url));

describe('library assertions (fast-check style)', { timeout: 60_000 }, () => {
  it('assertFuzz throws a FaultlineFailure whose message names each group, its smallest seed and repro', async () => {
    const error = await assertFuzz(LOSSY, { seeds: 20, workers: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultlineFailure);
    const report = (error as FaultlineFailure).detail as FuzzReport;
    const message = (error as Error).message;
    for (const group of report.groups) {
      expect(message).toContain(`smallest ${group.smallestSeed}`);
      expect(message).toContain(`repro: ${group.repro}`);
    }
  });

  it('assertScenario returns the success of a passing run and throws the violation and repro otherwise', () => {
    expect(assertScenario('broadcast-gossip', { seed: 1, timeMs: 2000 }).ok).toBe(true);
    let seed = 1;
    while (assertOk(seed)) seed++;
    // Once its module has been loaded by path (assertFuzz above), the object knows it, and the repro names the module.
    expect(() => assertScenario(lossyTally, { seed })).toThrow(
      new RegExp(`lossy-tally failed on seed ${seed}: safety violation[\\s\\S]*repro: faultline replay (lossy-tally|\\./test/fixtures/workflows/lossy-tally\\.mjs#lossy-tally) --seed ${seed}`),
    );
  });
});

function assertOk(seed: number): boolean {
  try {
    assertScenario(lossyTally, { seed });
    return true;
  } catch {
    return false;
  }
}
