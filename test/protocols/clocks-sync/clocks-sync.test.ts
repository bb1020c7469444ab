import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type Scenario } from '../../../scenarios/index.js';
import { offsetMs, roundTripMs, syncBoundChecker, syncLivenessChecker, syncSourceChecker } from '../../../protocols/clocks-sync/index.js';
import { SYNC_TOPOLOGY } from '../../../scenarios/clocks-sync.js';
import { anySource, brokenClockSync, ignoreRoundTrip, silent } from '../../fixtures/clocks-sync/broken-variants.js';

const TIMEOUT_MS = 120_000;

function firstFailure(scenario: string | Scenario, seeds: number, options: { swarm?: boolean; timeMs?: number } = {}): RunResult | undefined {
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(scenario, { seed, ...options });
    if (!result.ok) return result;
  }
  return undefined;
}

const describeFailure = (result: RunResult | undefined): string => (result && !result.ok ? `seed ${result.seed}: ${result.violation.checker}: ${result.violation.message}` : 'none');

describe('clock synchronisation: the NTP estimate', () => {
  it('offset and round trip from t1..t4: server 100 ms ahead, 10 ms out, 30 ms back', () => {
    // client sends at 0 (true 0), server (100 ahead) receives at true 10 -> 110, answers at once, client gets it at true 40
    const exchange = { t1: 0, t2: 110, t3: 110, t4: 40 };
    expect(roundTripMs(exchange)).toBe(40);
    // assumes symmetric delays: off by (30 - 10) / 2 = 10 ms, within RTT / 2
    expect(offsetMs(exchange)).toBe(90);
    expect(Math.abs(offsetMs(exchange) - 100)).toBeLessThanOrEqual(roundTripMs(exchange) / 2);
  });
});

describe('clocks-sync holds', () => {
  it('on seeds 1..15', () => {
    expect(describeFailure(firstFailure('clocks-sync', 15))).toBe('none');
  }, TIMEOUT_MS);

  it('on --swarm seeds 1..15', () => {
    expect(describeFailure(firstFailure('clocks-sync', 15, { swarm: true }))).toBe('none');
  }, TIMEOUT_MS);

  it('nodes do synchronise through the hierarchy (seed 1): clients end at stratum 3', () => {
    const result = runScenario('clocks-sync', { seed: 1 });
    expect(result.ok).toBe(true);
    expect(result.stats.faults.clock).toBeGreaterThan(0);
  });
});

describe('clocks-sync checkers catch broken variants', () => {
  it('ignoring the round trip (clock := t3) is caught by clock-sync-bound on seed 1', () => {
    const result = runScenario(brokenClockSync('ignore-rtt', ignoreRoundTrip, [syncBoundChecker(SYNC_TOPOLOGY)]), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('clock-sync-bound');
    expect(result.violation.message).toMatch(/off true time, beyond its bound/);
  }, TIMEOUT_MS);

  it('taking time from a stratum-16 source is caught by clock-sync-source on seed 1', () => {
    const result = runScenario(brokenClockSync('any-source', anySource, [syncSourceChecker()]), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('clock-sync-source');
    expect(result.violation.message).toMatch(/unsynchronised \(stratum 16\)/);
  }, TIMEOUT_MS);

  it('a node that never polls is caught by clock-sync-liveness on seed 1', () => {
    const result = runScenario(brokenClockSync('silent', silent, [syncLivenessChecker(SYNC_TOPOLOGY)]), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('clock-sync-liveness');
  }, TIMEOUT_MS);

  it('drift beyond the assumed 100 ppm breaks the bound (--faults clockDriftPpmMax=50000 --beyond clock-drift): caught within seeds 1..10, outside the assumptions', () => {
    let caught: RunResult | undefined;
    for (let seed = 1; seed <= 10 && !caught; seed++) {
      const result = runScenario('clocks-sync', { seed, faults: 'clockDriftPpmMax=50000', beyond: ['clock-drift'] });
      if (!result.ok) caught = result;
    }
    expect(caught?.ok).toBe(false);
    if (!caught || caught.ok) return;
    expect(caught.violation.checker).toBe('clock-sync-bound');
    expect(caught.outsideAssumptions).toBe(true);
    // Within clocks-sync's own assumptions the same request is clamped to 100 ppm, and the same seed holds.
    expect(runScenario('clocks-sync', { seed: caught.seed, faults: 'clockDriftPpmMax=50000' }).ok).toBe(true);
  }, TIMEOUT_MS);
});
