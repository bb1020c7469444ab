import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type Scenario } from '../../../scenarios/index.js';
import { amnesiacCounterClient, brokenClientScenario, freshXidClient } from '../../fixtures/rpc-durable-client/broken-variants.js';

const TIMEOUT_MS = 120_000;

function firstFailure(scenario: string | Scenario, seeds: number, options: { swarm?: boolean; timeMs?: number } = {}): RunResult | undefined {
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(scenario, { seed, ...options });
    if (!result.ok) return result;
  }
  return undefined;
}

const describeFailure = (result: RunResult | undefined): string => (result && !result.ok ? `seed ${result.seed}: ${result.violation.checker}: ${result.violation.message}` : 'none');

describe('rpc-exactly-once-client-crash: the durable client holds', () => {
  it('holds on seeds 1..40 (--time 5s)', () => {
    expect(describeFailure(firstFailure('rpc-exactly-once-client-crash', 40, { timeMs: 5000 }))).toBe('none');
  }, TIMEOUT_MS);

  it('holds on --swarm seeds 1..40 (--time 5s)', () => {
    expect(describeFailure(firstFailure('rpc-exactly-once-client-crash', 40, { timeMs: 5000, swarm: true }))).toBe('none');
  }, TIMEOUT_MS);

  it('clients do crash and resume calls in the run (seed 1)', () => {
    const result = runScenario('rpc-exactly-once-client-crash', { seed: 1 });
    expect(result.ok).toBe(true);
    expect(result.stats.faults['crash-recovery']).toBeGreaterThan(0);
  });
});

describe('rpc-started-calls catches broken clients', () => {
  it('fresh xids after recovery run a started call twice: caught within seeds 1..10', () => {
    const failure = firstFailure(brokenClientScenario('fresh-xid', freshXidClient, true), 10);
    expect(failure?.ok).toBe(false);
    if (!failure || failure.ok) return;
    expect(failure.violation.checker).toBe('rpc-started-calls');
    expect(failure.violation.message).toMatch(/ran 2 times .* must run exactly once/);
    // The correct client holds on the same seed: the fresh xid is what breaks it.
    expect(runScenario('rpc-exactly-once-client-crash', { seed: failure.seed }).ok).toBe(true);
  }, TIMEOUT_MS);

  it('a client that forgets its sequence counter reuses retired xids, so a started call never runs: caught within seeds 1..10', () => {
    const failure = firstFailure(brokenClientScenario('amnesiac-counter', amnesiacCounterClient, true), 10);
    expect(failure?.ok).toBe(false);
    if (!failure || failure.ok) return;
    expect(failure.violation.checker).toBe('rpc-started-calls');
    expect(failure.violation.message).toMatch(/never ran|ran 2 times/);
  }, TIMEOUT_MS);
});
