import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../../scenarios/index.js';

const FUZZ_SEEDS = 300;
const FUZZ_TIME_MS = 5000;

function failingSeeds(name: string, seeds: number, options: { timeMs?: number; faults?: string } = {}): RunResult[] {
  const failures: RunResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(name, { seed, ...options });
    if (!result.ok) failures.push(result);
  }
  return failures;
}

const summary = (failures: RunResult[]): string[] => failures.map((r) => (r.ok ? '' : `seed ${r.seed}: ${r.violation.checker}: ${r.violation.message}`));

describe('rpc scenarios: correct designs hold on every seed', () => {
  it(`rpc-at-most-once holds on seeds 1..${FUZZ_SEEDS} (--time ${FUZZ_TIME_MS}ms)`, () => {
    expect(summary(failingSeeds('rpc-at-most-once', FUZZ_SEEDS, { timeMs: FUZZ_TIME_MS }))).toEqual([]);
  });

  it(`rpc-exactly-once holds on seeds 1..${FUZZ_SEEDS} (--time ${FUZZ_TIME_MS}ms)`, () => {
    expect(summary(failingSeeds('rpc-exactly-once', FUZZ_SEEDS, { timeMs: FUZZ_TIME_MS }))).toEqual([]);
  });

  it(`a volatile dedup table holds when the server never crashes: rpc-at-most-once-volatile --faults crash=0, seeds 1..200`, () => {
    expect(summary(failingSeeds('rpc-at-most-once-volatile', 200, { timeMs: FUZZ_TIME_MS, faults: 'crash=0' }))).toEqual([]);
  });
});

describe('rpc scenarios: known anomalies are found', () => {
  it('rpc-at-least-once double-debits within 3 seeds (seeds 1..3)', () => {
    const failures = failingSeeds('rpc-at-least-once', 3);
    expect(failures.length).toBeGreaterThan(0);
    const first = failures[0]!;
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.violation.kind).toBe('safety');
    expect(first.violation.message).toMatch(/executed more than once|latest acknowledged put/);
    expect(first.anomaly).toMatch(/at-least-once/);
  });

  it('rpc-at-most-once-volatile runs a call twice across a crash within 20 seeds (seeds 1..20)', () => {
    const failures = failingSeeds('rpc-at-most-once-volatile', 20);
    expect(failures.length).toBeGreaterThan(0);
    const first = failures[0]!;
    if (first.ok) return;
    expect(first.violation.checker).toBe('rpc-executions');
    expect(first.violation.message).toMatch(/executed twice/);
    expect(first.anomaly).toMatch(/volatile memory/);
    // The lesson needs the crash: without it the same seed holds.
    expect(runScenario('rpc-at-most-once-volatile', { seed: first.seed, faults: 'crash=0' }).ok).toBe(true);
  });
});

describe('rpc scenarios: fast mode and recording mode agree', () => {
  for (const name of ['rpc-at-least-once', 'rpc-at-most-once', 'rpc-at-most-once-volatile', 'rpc-exactly-once']) {
    it(`${name} seed 7 gives the same digest and verdict with record: true`, () => {
      const fast = runScenario(name, { seed: 7, timeMs: 3000 });
      const recorded = runScenario(name, { seed: 7, timeMs: 3000, record: true });
      expect(recorded.digest).toBe(fast.digest);
      expect(recorded.ok).toBe(fast.ok);
      expect(recorded.stats.events).toBe(fast.stats.events);
    });
  }
});
