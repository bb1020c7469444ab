import { describe, expect, it } from 'vitest';
import { applyFaultSpec, drawFaultPlan, drawSwarmProfile, FaultSpecError, NAMED_PROFILES, RandomStream, type FaultProfile } from '../../../sim/index.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
const chaos = NAMED_PROFILES.chaos!;

function downAt(plan: ReturnType<typeof drawFaultPlan>, timeMs: number): Set<string> {
  const down = new Set<string>();
  for (const step of plan.steps) {
    if (step.atMs > timeMs) break;
    if (step.action.type === 'crash') down.add(step.action.node);
    if (step.action.type === 'restart') down.delete(step.action.node);
  }
  return down;
}

describe('the nemesis plan', () => {
  it('is drawn from the seed alone (seed 21)', () => {
    const a = drawFaultPlan(chaos, nodes, 60_000, new RandomStream('21', 'faults'));
    const b = drawFaultPlan(chaos, nodes, 60_000, new RandomStream('21', 'faults'));
    const c = drawFaultPlan(chaos, nodes, 60_000, new RandomStream('22', 'faults'));
    expect(a.steps.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  for (const seed of ['1', '2', '3', '4', '5']) {
    it(`respects maxDownNodes, maxCrashStops and the quiet period (seed ${seed})`, () => {
      const profile: FaultProfile = { ...chaos, maxCrashStops: 1, quietPeriodMs: 5000 };
      const plan = drawFaultPlan(profile, nodes, 60_000, new RandomStream(seed, 'faults'));
      for (const step of plan.steps) {
        expect(step.atMs).toBeLessThanOrEqual(55_000);
        expect(downAt(plan, step.atMs).size).toBeLessThanOrEqual(2);
      }
      const stops = plan.steps.filter((s) => s.action.type === 'crash' && s.action.mode === 'stop');
      expect(stops.length).toBeLessThanOrEqual(1);
      // Every partition heals and every crash-recovery restarts, before the quiet period.
      const opened = plan.steps.filter((s) => s.action.type === 'partition' || (s.action.type === 'crash' && s.action.mode === 'recover'));
      for (const episode of opened) expect(plan.steps.filter((s) => s.fault === episode.fault)).toHaveLength(2);
      expect(plan.endMs).toBeLessThanOrEqual(55_000);
    });
  }

  it('draws nothing when the nemesis is off', () => {
    expect(drawFaultPlan(NAMED_PROFILES.lossy!, nodes, 60_000, new RandomStream('1', 'faults')).steps).toEqual([]);
  });
});

describe('fault specs (--faults)', () => {
  it('take a profile name, overrides, or both', () => {
    const base = NAMED_PROFILES.default!;
    expect(applyFaultSpec(base, 'chaos').dropProbability).toBe(chaos.dropProbability);
    const overridden = applyFaultSpec(base, 'chaos,drop=0.3,fifo=true');
    expect(overridden.dropProbability).toBe(0.3);
    expect(overridden.fifo).toBe(true);
    expect(overridden.name).toContain('chaos');
  });

  it('name the bad value and the fix', () => {
    expect(() => applyFaultSpec(chaos, 'drop=2')).toThrow(/dropProbability is a probability and must be within 0..1, got 2/);
    expect(() => applyFaultSpec(chaos, 'dorp=0.1')).toThrow(FaultSpecError);
    expect(() => applyFaultSpec(chaos, 'stormy')).toThrow(/unknown profile "stormy"/);
    expect(() => applyFaultSpec(chaos, 'drop=abc')).toThrow(/expects a decimal number, got "abc"/);
  });

  it('take plain decimals only, whole counts, and something at all', () => {
    for (const raw of ['0x1', '0b1', '0o1', '1_0', 'Infinity', '1e400', '']) {
      expect(() => applyFaultSpec(chaos, `drop=${raw}`)).toThrow(/expects a decimal number/);
    }
    expect(applyFaultSpec(chaos, 'drop=.5,dup=1e-2').dropProbability).toBe(0.5);
    expect(() => applyFaultSpec(chaos, 'maxDownNodes=1.5')).toThrow(/whole number, got 1.5/);
    expect(() => applyFaultSpec(chaos, 'byzantine=0.5')).toThrow(/whole number/);
    expect(() => applyFaultSpec(chaos, 'maxDownNodes=-2')).toThrow(/-1 for a minority/);
    expect(applyFaultSpec(chaos, 'maxDownNodes=-1').maxDownNodes).toBe(-1);
    expect(() => applyFaultSpec(chaos, ' , ')).toThrow(/expects a profile name/);
  });
});

describe('swarm mode', () => {
  it('lets the seed draw the profile, keeping FIFO as the scenario fixed it', () => {
    const base = { ...chaos, fifo: true };
    const profiles = ['1', '2', '3', '4', '5', '6'].map((seed) => drawSwarmProfile(base, new RandomStream(seed, 'swarm')));
    expect(new Set(profiles.map((p) => JSON.stringify(p))).size).toBe(6);
    for (const p of profiles) {
      expect(p.fifo).toBe(true);
      expect(p.reorderProbability).toBe(0);
    }
    expect(profiles.some((p) => p.dropProbability === 0)).toBe(true);
    expect(profiles.some((p) => p.dropProbability > 0)).toBe(true);
  });
});
