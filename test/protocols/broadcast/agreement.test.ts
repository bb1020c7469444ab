import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../scenarios/index.js';
import { broadcastNoRepair } from '../../fixtures/broadcast/no-repair.js';

describe('broadcast-agreement', { timeout: 60_000 }, () => {
  it('catches a broadcast without anti-entropy: a dropped push is never repaired (seeds 1..3, drop=0.1, 5 s)', () => {
    for (const seed of [1, 2, 3]) {
      const result = runScenario(broadcastNoRepair, { seed, faults: 'drop=0.1,nemesis=0,quiet=1000', timeMs: 5000 });
      expect(result.ok, `seed ${seed}`).toBe(false);
      if (!result.ok) expect(result.violation.checker).toBe('broadcast-agreement');
    }
  });

  it('binds correct processes only: a message only its crash-stopped origin delivered may be lost (--faults chaos seed 18)', () => {
    // n3 broadcast n3#17 while partitioned alone, then crash-stopped before any peer got it.
    const result = runScenario('broadcast-gossip', { seed: 18, faults: 'chaos' });
    expect(result.stats.faults['crash-stop']).toBe(1);
    expect(result.ok).toBe(true);
  });
});
