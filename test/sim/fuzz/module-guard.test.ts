import { describe, expect, it } from 'vitest';
import { guardProcessExit, NO_FAULTS, prepareRun, ScenarioError, UsageError, type Scenario } from '../../../sim/index.js';

function scenarioWithSetup(setup: Scenario['setup']): Scenario {
  return { name: 'fixture-setup', description: 'fixture', defaultTimeMs: 100, faults: { ...NO_FAULTS }, setup };
}

describe('scenario code that misbehaves is the scenario\'s error', () => {
  it('a setup() that throws becomes a ScenarioError naming the scenario', () => {
    const broken = scenarioWithSetup(() => {
      throw new Error('no nodes configured');
    });
    expect(() => prepareRun(broken, { seed: 1 })).toThrow(ScenarioError);
    expect(() => prepareRun(broken, { seed: 1 })).toThrow('scenario fixture-setup setup threw: no nodes configured');
  });

  it('a UsageError a setup() raises about its options stays a usage error', () => {
    const picky = scenarioWithSetup(() => {
      throw new UsageError('this scenario needs --time of at least 1s');
    });
    expect(() => prepareRun(picky, { seed: 1 })).toThrow(UsageError);
  });

  it('while guarded, process.exit throws (and the guard remembers it); restored, it is the real one again', () => {
    const original = process.exit;
    const guard = guardProcessExit();
    try {
      expect(() => process.exit(0)).toThrow(/scenario code called process\.exit\(0\)/);
      expect(guard.tripped).toBeInstanceOf(ScenarioError);
    } finally {
      guard.restore();
    }
    expect(process.exit).toBe(original);
  });
});
