import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../scenarios/index.js';

const FUZZ_SEEDS = 300;
/** Generous: a few seconds of CPU, on a box whose cores other suites share. */
const FUZZ_TIMEOUT_MS = 120_000;

describe.each(['clocks-lamport', 'clocks-vector'])('%s', (name) => {
  it(`holds on seeds 1..${FUZZ_SEEDS} (1 s runs, all faults of its profile)`, () => {
    const failing: string[] = [];
    let crashes = 0;
    for (let seed = 1; seed <= FUZZ_SEEDS; seed++) {
      const result = runScenario(name, { seed, timeMs: 1000 });
      crashes += result.stats.faults['crash-recovery'];
      if (!result.ok) failing.push(`seed ${seed}: ${result.violation.message}`);
    }
    expect(failing).toEqual([]);
    // The seeds really exercised crash-recovery, not only message faults.
    expect(crashes).toBeGreaterThan(FUZZ_SEEDS / 2);
  }, FUZZ_TIMEOUT_MS);

  it.each([1, 2])('gives the same digest in fast and recording mode (seed %i)', (seed) => {
    const fast = runScenario(name, { seed, timeMs: 1000 });
    const recorded = runScenario(name, { seed, timeMs: 1000, record: true });
    expect(fast.ok && recorded.ok).toBe(true);
    expect(recorded.digest).toBe(fast.digest);
    expect(recorded.stats.events).toBe(fast.stats.events);
  });
});

describe('clocks-vector-1000', () => {
  it('checks 1,000 processes exactly on a short run (seed 1, 200 ms)', () => {
    const result = runScenario('clocks-vector-1000', { seed: 1, timeMs: 200 });
    expect(result.ok).toBe(true);
    expect(result.config.nodes).toHaveLength(1000);
    expect(result.stats.messages.delivered).toBeGreaterThan(1000);
  }, FUZZ_TIMEOUT_MS);
});
