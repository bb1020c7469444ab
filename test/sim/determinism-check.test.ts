import { describe, expect, it } from 'vitest';
import { checkDeterminism } from '../../sim/index.js';
import { resolveScenario } from '../../scenarios/index.js';
import { leakyScenario } from '../fixtures/leaky-scenario.js';

describe('checkDeterminism', () => {
  it('finds two runs of broadcast-gossip identical (seed 2)', () => {
    const report = checkDeterminism(resolveScenario('broadcast-gossip'), { seed: 2, timeMs: 3000 });
    expect(report.identical).toBe(true);
    expect(report.digests[0]).toBe(report.digests[1]);
  });

  it('catches state leaking across runs and names the first diverging event', () => {
    const report = checkDeterminism(leakyScenario, { seed: 1 });
    expect(report.identical).toBe(false);
    expect(report.digests[0]).not.toBe(report.digests[1]);
    // Events: node.init, then ticks 1..11 at the same times; tick 12 is the first to move.
    expect(report.firstDivergence?.index).toBe(12);
    expect(report.firstDivergence?.first?.type).toBe('timer.fire');
    expect(report.firstDivergence?.first?.node).toBe('n1');
  });
});
