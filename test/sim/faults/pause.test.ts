import { describe, expect, it } from 'vitest';
import { drawFaultPlan, NO_FAULTS, RandomStream, Simulation, type FaultPlan, type NodeLogic, type TraceEvent } from '../../../sim/index.js';

interface LeaderState {
  term: number;
  sent: string[];
}
interface FollowerState {
  term: number;
  leader: string;
  log: string[];
}
type Msg = { type: 'heartbeat'; term: number } | { type: 'elected'; term: number };

/** Believes it leads term 1 and sends a heartbeat every 100 ms; steps down when told of a later term. */
const leader: NodeLogic<LeaderState, Msg> = {
  init(ctx) {
    ctx.setTimer(100, 'beat');
    return { term: 1, sent: [] };
  },
  onMessage(state, _from, msg) {
    if (msg.type === 'elected' && msg.term > state.term) state.term = msg.term;
  },
  onTimer(state, _timer, ctx) {
    if (state.term !== 1) return;
    state.sent.push(`heartbeat term ${state.term} at ${ctx.nowMs}`);
    ctx.send('f', { type: 'heartbeat', term: state.term });
    ctx.setTimer(100, 'beat');
  },
};

/** Takes over (term 2) when no heartbeat came for 300 ms, and tells the old leader. */
const follower: NodeLogic<FollowerState, Msg> = {
  init(ctx) {
    ctx.setTimer(300, 'election');
    return { term: 1, leader: 'l', log: [] };
  },
  onMessage(state, _from, msg, ctx) {
    if (msg.type !== 'heartbeat') return;
    state.log.push(`heartbeat term ${msg.term} at ${ctx.nowMs}${msg.term < state.term ? ' (stale)' : ''}`);
    if (msg.term < state.term) return;
    ctx.cancelTimer('election');
    ctx.setTimer(300, 'election');
  },
  onTimer(state, _timer, ctx) {
    state.term++;
    state.leader = ctx.id;
    state.log.push(`elected term ${state.term} at ${ctx.nowMs}`);
    ctx.send('l', { type: 'elected', term: state.term });
  },
};

function run(setup: (sim: Simulation) => void = () => {}, plan?: FaultPlan, mask?: string[]) {
  const events: TraceEvent[] = [];
  const sim = new Simulation({
    seed: '1',
    nodes: [{ id: 'l', logic: leader }, { id: 'f', logic: follower }],
    profile: { ...NO_FAULTS, delayMsMin: 1, delayMsSpread: 0 },
    runMs: 2500,
    ...(plan ? { plan } : {}),
    ...(mask ? { mask } : {}),
    trace: { write: (event) => events.push(event) },
  });
  setup(sim);
  sim.run();
  return { sim, events, leader: sim.nodeState<LeaderState>('l')!, follower: sim.nodeState<FollowerState>('f')! };
}

const pausePlan: FaultPlan = { steps: [{ fault: 'pause#1', atMs: 450, action: { type: 'pause', node: 'l', durationMs: 1000 } }], endMs: 1450 };

describe('pause', () => {
  it('a pause longer than a timeout: the timer waits, and the node resumes acting on what it believed', () => {
    const { leader: l, follower: f, sim } = run(undefined, pausePlan);
    // Heartbeats at 100..400; the one due at 500 waits until the pause ends at 1450.
    expect(l.sent).toEqual(['heartbeat term 1 at 100', 'heartbeat term 1 at 200', 'heartbeat term 1 at 300', 'heartbeat term 1 at 400', 'heartbeat term 1 at 1450']);
    // The follower took over while the leader stalled; the leader's late heartbeat is stale.
    expect(f.log).toContain('elected term 2 at 701');
    expect(f.log).toContain('heartbeat term 1 at 1451 (stale)');
    // The "elected" message arrived during the pause and was processed after the waiting timer.
    expect(l.term).toBe(2);
    expect(sim.stats.faults.pause).toBe(1);
  });

  it('traces the pause and the resume with how many events waited; the digest changes', () => {
    const paused = run(undefined, pausePlan);
    const pause = paused.events.find((event) => event.type === 'node.pause');
    const resume = paused.events.find((event) => event.type === 'node.resume');
    expect(pause).toMatchObject({ t: 450_000, node: 'l', fault: 'pause#1', untilUs: 1_450_000 });
    expect(resume).toMatchObject({ t: 1_450_000, node: 'l', fault: 'pause#1', waiting: 2 });
    // While paused, no event of the paused node's handlers happens.
    const during = paused.events.filter((event) => event.t > 450_000 && event.t < 1_450_000);
    expect(during.some((event) => (event.type === 'timer.fire' && event.node === 'l') || (event.type === 'net.deliver' && event.to === 'l'))).toBe(false);
    expect(paused.sim.digestHex()).not.toBe(run().sim.digestHex());
  });

  it('--mask removes the pause: the run is the run without it', () => {
    const masked = run(undefined, pausePlan, ['pause#1']);
    const plain = run();
    expect(masked.sim.digestHex()).toBe(plain.sim.digestHex());
    expect(masked.sim.stats.faults.pause).toBe(0);
    expect(masked.follower.log.some((line) => line.startsWith('elected'))).toBe(false);
  });

  it('a crash during a pause: waiting messages are lost to the down node, waiting timers never fire', () => {
    const { events, leader: l } = run((sim) => {
      sim.at(450, (s) => s.pause('l', 1000, 'pause#9'));
      sim.at(900, (s) => s.crash('l', 'stop', 'crash#10'));
    });
    expect(l).toBeUndefined();
    expect(events.filter((event) => event.type === 'net.drop' && event.to === 'l' && event.reason === 'node-down')).toHaveLength(1);
    expect(events.some((event) => event.type === 'timer.fire' && event.node === 'l' && event.t > 450_000)).toBe(false);
    expect(events.some((event) => event.type === 'node.resume')).toBe(false);
  });

  it('the public sim.pause respects --only-faults', () => {
    const { sim } = run((s) => s.at(450, (x) => x.pause('l', 1000, 'pause#9')));
    expect(sim.stats.faults.pause).toBe(1);
    const kept = new Simulation({ seed: '1', nodes: [{ id: 'l', logic: leader }, { id: 'f', logic: follower }], profile: { ...NO_FAULTS }, runMs: 2000, onlyFaults: [] });
    kept.at(450, (x) => x.pause('l', 1000, 'pause#9'));
    kept.run();
    expect(kept.stats.faults.pause).toBe(0);
  });

  it('the nemesis draws pauses within [pauseMsMin, pauseMsMax] that never overlap another failure of the same node and end before the quiet period', () => {
    const profile = { ...NO_FAULTS, nemesisIntervalMsMean: 200, pauseWeight: 1, crashRecoveryWeight: 1, pauseMsMin: 300, pauseMsMax: 3000, quietPeriodMs: 2000, maxDownNodes: 2 };
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const plan = drawFaultPlan(profile, nodes, 30_000, new RandomStream('5', 'faults'));
    const pauses = plan.steps.filter((step) => step.action.type === 'pause');
    expect(pauses.length).toBeGreaterThan(5);
    const busy = new Map<string, number>();
    for (const step of plan.steps) {
      const action = step.action;
      if (action.type === 'pause') {
        expect(step.fault).toMatch(/^pause#\d+$/);
        expect(action.durationMs).toBeLessThanOrEqual(3000);
        expect(step.atMs + action.durationMs).toBeLessThanOrEqual(28_000);
        expect(step.atMs).toBeGreaterThanOrEqual(busy.get(action.node) ?? 0);
        busy.set(action.node, step.atMs + action.durationMs);
      } else if (action.type === 'crash') {
        expect(step.atMs).toBeGreaterThanOrEqual(busy.get(action.node) ?? 0);
        busy.set(action.node, Infinity);
      } else if (action.type === 'restart') {
        busy.set(action.node, step.atMs);
      }
    }
    expect(plan.endMs).toBeLessThanOrEqual(28_000);
  });
});
