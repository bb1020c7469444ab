import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../scenarios/index.js';

const FUZZ_SEEDS = 300;
/** Generous: a few seconds of CPU, on a box whose cores other suites share. */
const FUZZ_TIMEOUT_MS = 120_000;

describe('snapshot-bank', () => {
  it(`holds on seeds 1..${FUZZ_SEEDS} (1.5 s runs, several snapshots at once, FIFO links, random delays)`, () => {
    const failing: string[] = [];
    let delivered = 0;
    for (let seed = 1; seed <= FUZZ_SEEDS; seed++) {
      const result = runScenario('snapshot-bank', { seed, timeMs: 1500 });
      delivered += result.stats.messages.delivered;
      if (!result.ok) failing.push(`seed ${seed}: ${result.violation.checker}: ${result.violation.message}`);
    }
    expect(failing).toEqual([]);
    expect(delivered).toBeGreaterThan(FUZZ_SEEDS * 500);
  }, FUZZ_TIMEOUT_MS);

  it.each([1, 2])('gives the same digest in fast and recording mode (seed %i)', (seed) => {
    const fast = runScenario('snapshot-bank', { seed });
    const recorded = runScenario('snapshot-bank', { seed, record: true });
    expect(fast.ok && recorded.ok).toBe(true);
    expect(recorded.digest).toBe(fast.digest);
  });

  it('reports snapshots that a crash overlapped as inconclusive, neither passed nor failed (seed 2)', () => {
    const result = runScenario('snapshot-bank', { seed: 2, faults: 'crash=1,nemesis=800,quiet=500', beyond: ['crash-recovery'] });
    expect(result.stats.faults['crash-recovery']).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.kind).toBe('limit');
    expect(result.violation.checker).toBe('snapshot-completes');
    expect(result.violation.message).toMatch(/^inconclusive: \d+ snapshot\(s\) overlapped a fault .* incomplete \(in progress when n\d crashed at \d+ ms\)/);
    expect(result.anomaly).toBeUndefined();
  });

  it('judges snapshots that finished before the first crash, and only those (seed 2)', () => {
    // The same crash schedule with the crashes masked: everything is judged and holds.
    const result = runScenario('snapshot-bank', { seed: 2, faults: 'crash=1,nemesis=800,quiet=500', beyond: ['crash-recovery'], mask: ['crash#1', 'crash#2'] });
    expect(result.ok).toBe(true);
  });
});

describe('snapshot-bank-reordering', () => {
  it('is caught failing on every one of seeds 1..50, as a known anomaly', () => {
    const failing = [];
    for (let seed = 1; seed <= 50; seed++) {
      const result = runScenario('snapshot-bank-reordering', { seed });
      if (!result.ok) failing.push(result);
    }
    expect(failing).toHaveLength(50);
    for (const result of failing) {
      expect(result.violation.kind).toBe('safety');
      expect(result.anomaly).toMatch(/assumes FIFO channels/);
      expect(result.config.warnings.join(' ')).toMatch(/assumes FIFO links/);
    }
  }, FUZZ_TIMEOUT_MS);

  it('holds on the same seeds once its links are FIFO again: the reordering is the cause (seeds 1..20)', () => {
    const failing = [];
    for (let seed = 1; seed <= 20; seed++) if (!runScenario('snapshot-bank-reordering', { seed, faults: 'fifo=true' }).ok) failing.push(seed);
    expect(failing).toEqual([]);
  });
});
