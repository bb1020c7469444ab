import { describe, expect, it } from 'vitest';
import { drawFaultPlan, NO_FAULTS, RandomStream, Simulation, type FaultProfile, type NodeLogic, type TraceEvent } from '../../../sim/index.js';
import type { ClockSetting } from '../../../sim/faults/clock.js';

interface ClockState {
  seen: string[];
}

/** Sets one 1000 ms timer and records true time and its own clock when it fires. */
const sleeper: NodeLogic<ClockState> = {
  init(ctx) {
    ctx.setTimer(1000, 'wake');
    return { seen: [`init true=${ctx.nowMs} clock=${ctx.clockMs}`] };
  },
  onMessage() {},
  onTimer(state, _timer, ctx) {
    state.seen.push(`wake true=${ctx.nowMs} clock=${ctx.clockMs}`);
  },
};

function run(clocks: ClockSetting[], options: { mask?: string[]; profile?: Partial<FaultProfile>; at?: (sim: Simulation) => void } = {}) {
  const events: TraceEvent[] = [];
  const sim = new Simulation({
    seed: '7',
    nodes: [{ id: 'a', logic: sleeper }, { id: 'b', logic: sleeper }],
    profile: { ...NO_FAULTS, ...options.profile },
    runMs: 3000,
    clocks,
    ...(options.mask ? { mask: options.mask } : {}),
    trace: { write: (event) => events.push(event) },
  });
  options.at?.(sim);
  sim.run();
  return { sim, events, seen: (id: string) => sim.nodeState<ClockState>(id)!.seen };
}

const fast: ClockSetting = { node: 'a', fault: 'clock:a', offsetMs: 250, driftPpm: 100_000 };

describe('clock faults', () => {
  it('a node reads its own clock: offset + (1 + ρ)·true time, and its timers run at its clock rate', () => {
    const { seen } = run([fast]);
    // 1000 ms of a clock running 10% fast take 909.091 ms of true time.
    expect(seen('a')).toEqual(['init true=0 clock=250', 'wake true=909.091 clock=1250']);
    // Node b has no clock fault: its clock is true time.
    expect(seen('b')).toEqual(['init true=0 clock=0', 'wake true=1000 clock=1000']);
  });

  it('a slow clock fires timers late in true time', () => {
    const { seen } = run([{ node: 'b', fault: 'clock:b', offsetMs: 0, driftPpm: -200_000 }]);
    expect(seen('b')).toEqual(['init true=0 clock=0', 'wake true=1250 clock=1000']);
  });

  it('a jump steps the clock but does not move pending timers; the trace shows both times', () => {
    const { sim, seen, events } = run([], { at: (sim) => sim.at(500, (s) => s.jumpClock('a', -300, 'clock#1'), 'jump') });
    expect(seen('a')).toEqual(['init true=0 clock=0', 'wake true=1000 clock=700']);
    expect(sim.clockOf('a')).toBe(2700);
    expect(sim.clockOf('b')).toBe(3000);
    const jump = events.find((event) => event.type === 'clock.jump');
    expect(jump).toMatchObject({ t: 500_000, node: 'a', fault: 'clock#1', jumpUs: -300_000, clockUs: 200_000 });
    expect(sim.stats.faults.clock).toBe(1);
  });

  it('clock settings are traced, digested and counted; masking a node\'s clock id gives it a perfect clock', () => {
    const faulty = run([fast]);
    expect(faulty.events.filter((event) => event.type === 'clock.set')).toMatchObject([{ node: 'a', fault: 'clock:a', offsetUs: 250_000, driftPpm: 100_000 }]);
    expect(faulty.sim.stats.faults.clock).toBe(1);
    const masked = run([fast], { mask: ['clock:a'] });
    expect(masked.seen('a')).toEqual(['init true=0 clock=0', 'wake true=1000 clock=1000']);
    expect(masked.sim.stats.faults.clock).toBe(0);
    expect(masked.sim.digestHex()).not.toBe(faulty.sim.digestHex());
    expect(masked.sim.digestHex()).toBe(run([]).sim.digestHex());
  });

  it('the profile draws each node an offset within ±skew and a drift within ±drift ppm, from the seed alone', () => {
    const profile = { clockSkewMsMax: 500, clockDriftPpmMax: 200 };
    const one = run(undefined as unknown as ClockSetting[], { profile }).sim;
    const two = run(undefined as unknown as ClockSetting[], { profile }).sim;
    expect(one.clocks.map((clock) => clock.node)).toEqual(['a', 'b']);
    for (const clock of one.clocks) {
      expect(Math.abs(clock.offsetMs)).toBeLessThanOrEqual(500);
      expect(Math.abs(clock.driftPpm)).toBeLessThanOrEqual(200);
    }
    expect(two.clocks).toEqual(one.clocks);
    expect(two.digestHex()).toBe(one.digestHex());
    expect(new Set(one.clocks.map((clock) => clock.offsetMs)).size).toBe(2);
  });

  it('the nemesis draws clock jumps only when their weight is set, and leaves other plans unchanged', () => {
    const base: FaultProfile = { ...NO_FAULTS, nemesisIntervalMsMean: 300, crashRecoveryWeight: 1, partitionWeight: 1, quietPeriodMs: 1000 };
    const nodes = ['n1', 'n2', 'n3'];
    const plain = drawFaultPlan(base, nodes, 20_000, new RandomStream('3', 'faults'));
    const zero = drawFaultPlan({ ...base, clockJumpWeight: 0, pauseWeight: 0, omissionWeight: 0 }, nodes, 20_000, new RandomStream('3', 'faults'));
    expect(zero).toEqual(plain);
    const jumps = drawFaultPlan({ ...base, clockJumpWeight: 2, clockJumpMsMax: 800 }, nodes, 20_000, new RandomStream('3', 'faults'));
    const jumpSteps = jumps.steps.filter((step) => step.action.type === 'clock-jump');
    expect(jumpSteps.length).toBeGreaterThan(3);
    for (const step of jumpSteps) {
      expect(step.fault).toMatch(/^clock#\d+$/);
      const action = step.action as { jumpMs: number };
      expect(Math.abs(action.jumpMs)).toBeLessThanOrEqual(800);
    }
  });
});
