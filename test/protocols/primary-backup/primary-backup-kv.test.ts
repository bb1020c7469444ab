import { describe, expect, it } from 'vitest';
import { runScenarioOnce } from '../../../sim/index.js';
import { primaryBackupKv, primaryBackupKvScenario } from '../../../scenarios/primary-backup-kv.js';
import { withoutEpochs } from '../../fixtures/primary-backup/broken.js';
import { failuresOver, firstFailure, onlyChecker } from '../../helpers/variants.js';

/** Short runs with a dense nemesis, so a few hundred seeds fit in the suite's time budget. */
const SHORT_DENSE = { timeMs: 3000, faults: 'quiet=800,faultsStartMs=200,nemesis=500' };

const broken = primaryBackupKvScenario({ name: 'primary-backup-kv-without-epochs', server: withoutEpochs });

describe('primary-backup-kv', () => {
  it('holds on seeds 1..200 (3 s each, nemesis every 0.5 s: partitions, crash-stop, crash-recovery; lossy links)', () => {
    expect(failuresOver(primaryBackupKv, 200, SHORT_DENSE)).toEqual([]);
  }, 60_000);

  it('gives the same digest in fast and recording mode (seed 11)', () => {
    const fast = runScenarioOnce(primaryBackupKv, { seed: 11, timeMs: 4000 });
    const recorded = runScenarioOnce(primaryBackupKv, { seed: 11, timeMs: 4000, record: true });
    expect(fast.ok).toBe(true);
    expect(recorded.digest).toBe(fast.digest);
  });

  it('without epochs, a primary cut off by a partition goes on alone: pb-committed-stable fails within 10 seeds', () => {
    const failure = firstFailure(onlyChecker(broken, 'pb-committed-stable'), 10);
    expect(failure?.ok).toBe(false);
    if (failure?.ok !== false) return;
    expect(failure.violation.checker).toBe('pb-committed-stable');
    expect(failure.stats.faults.partition).toBeGreaterThan(0);
  }, 30_000);

  it('without epochs: the client history alone shows it (linearizability fails within 30 seeds)', () => {
    const failure = firstFailure(onlyChecker(broken, 'linearizability(kv)'), 30);
    expect(failure?.ok).toBe(false);
    if (failure?.ok !== false) return;
    expect(failure.violation.message).toMatch(/not linearizable/);
  }, 30_000);
});
