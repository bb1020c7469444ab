// The README's "Library API" example, kept here verbatim so that it keeps working.
import { describe, expect, it } from 'vitest';
import { assertFuzz, assertScenario, fuzz, runScenario } from 'faultline';

describe('rpc-exactly-once', { timeout: 60_000 }, () => {
  it('holds on seed 42 (results are values)', () => {
    const result = runScenario('rpc-exactly-once', { seed: 42 });
    expect(result.ok).toBe(true);
  });

  it('holds on seeds 1..20 of chaos, on worker processes (throws the repro if not)', async () => {
    const report = await assertFuzz('rpc-exactly-once', { seeds: 20, faults: 'chaos' });
    expect(report.seedsRun).toBe(20);
  });

  it('at-least-once RPC runs a non-idempotent debit twice on some seeds', async () => {
    const report = await fuzz('rpc-at-least-once', { seeds: '1..20' });
    expect(report.groups.map((group) => group.checker)).toContain('rpc-balance');
    expect(() => assertScenario('rpc-at-least-once', { seed: Number(report.groups[0]!.smallestSeed) })).toThrow(/repro: faultline replay rpc-at-least-once --seed \d+/);
  });
});
