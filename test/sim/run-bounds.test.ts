import { describe, expect, it } from 'vitest';
import { MAX_PLAN_EPISODES, MAX_RUN_TIME_MS, prepareRun, UsageError } from '../../sim/index.js';
import { findScenario } from '../../scenarios/registry.js';

const raft = findScenario('raft-kv')!;

describe('every run is bounded before it starts', () => {
  it('refuses a run time past the longest run (1000h), naming the limit', () => {
    expect(() => prepareRun(raft, { seed: 1, timeMs: 9999999999999 * 3_600_000 })).toThrow(UsageError);
    expect(() => prepareRun(raft, { seed: 1, timeMs: 1e300 })).toThrow(/longest run faultline allows \(1000h\)/);
    expect(() => prepareRun(raft, { seed: 1, timeMs: MAX_RUN_TIME_MS + 1 })).toThrow(UsageError);
  });

  it('refuses a nemesis interval that would draw more episodes than a plan may hold, and says what would do', () => {
    expect(() => prepareRun(raft, { seed: 1, faults: 'nemesisIntervalMsMean=0.000001' })).toThrow(/more than the 1,000,000 a plan may hold: use nemesisIntervalMsMean=\d+ or more/);
  });

  it('accepts the largest interval the message suggests (the plan stays within the cap)', () => {
    const message = (() => {
      try {
        prepareRun(raft, { seed: 1, faults: 'nemesisIntervalMsMean=0.001' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    const suggested = Number(/use nemesisIntervalMsMean=(\d+)/.exec(message)?.[1]);
    expect(suggested).toBeGreaterThan(0);
    const prepared = prepareRun(raft, { seed: 1, faults: `nemesisIntervalMsMean=${suggested}` });
    expect(prepared.config.plan.steps.length).toBeLessThanOrEqual(2 * MAX_PLAN_EPISODES);
  });

  it('still runs the scenario defaults and a one-hour run', () => {
    expect(prepareRun(raft, { seed: 1 }).config.plan.steps.length).toBeGreaterThan(0);
    expect(() => prepareRun(raft, { seed: 1, timeMs: 3_600_000 })).not.toThrow();
  });
});
