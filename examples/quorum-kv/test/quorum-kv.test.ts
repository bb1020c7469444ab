import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertFuzz, assertScenario, FaultlineFailure, fuzz, runScenario, type RunFailure } from 'faultline';
import { quorumKv, quorumKvR1W1 } from '../src/scenarios.js';

// Generous timeouts: a slow shared CI machine must not fail a test that only checks behaviour.
describe('quorum-kv', { timeout: 120_000 }, () => {
  it('seed 1: linearizable, versions never go back, clients progress', () => {
    const result = assertScenario(quorumKv, { seed: 1 });
    expect(result.stats.events).toBeGreaterThan(1000);
  });

  it('seeds 1..40 hold on worker processes (the module reference loads the TypeScript directly)', async () => {
    const report = await assertFuzz('./src/scenarios.ts#quorum-kv', { seeds: 40 });
    expect(report.seedsRun).toBe(40);
  });

  it('the R=W=1 variant is caught: a read misses an acknowledged write', async () => {
    const report = await fuzz(quorumKvR1W1, { seeds: 20 });
    expect(report.failed).toBeGreaterThan(0);
    expect(report.groups.map((group) => group.checker)).toContain('linearizability(register-per-key)');
    // The repro names this module, so `npx faultline replay` can run it as printed.
    expect(report.groups[0]!.repro).toMatch(/^faultline replay \.\/src\/scenarios\.ts#quorum-kv-r1w1 --seed \d+/);
  });

  it('a failing seed replays to the same digest', () => {
    const first = runScenario(quorumKvR1W1, { seed: 3 });
    const again = runScenario(quorumKvR1W1, { seed: 3 });
    expect(again.digest).toBe(first.digest);
  });

  it('the repro that assertScenario prints runs as printed: faultline replay gives the same digest', () => {
    const failure = catchFailure(() => assertScenario(quorumKvR1W1, { seed: 2 }));
    const repro = /repro: faultline (replay \S+ --seed \d+.*)$/m.exec(failure.message)?.[1];
    expect(repro).toMatch(/^replay \.\/src\/scenarios\.ts#quorum-kv-r1w1 --seed 2/);
    const digest = (failure.detail as RunFailure).digest;
    const replay = spawnSync('npx', ['faultline', ...repro!.split(' '), '--digest', digest], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(replay.stdout).toContain(`digest matches ${digest}`);
    expect(replay.status).toBe(1); // the violation, reproduced
  });
});

function catchFailure(run: () => unknown): FaultlineFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof FaultlineFailure) return error;
    throw error;
  }
  throw new Error('expected a FaultlineFailure');
}
