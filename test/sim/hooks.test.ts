import { describe, expect, it } from 'vitest';
import { NO_FAULTS, Simulation, type NodeContext, type NodeLogic, type NodeObserver, type SimulationConfig, type TraceEvent } from '../../sim/index.js';
import { withObserver } from '../../sim/search/observe.js';

/** Pings its peer every 100 ms. */
const pinger: NodeLogic<{ n: number }> = {
  init(ctx) {
    ctx.setTimer(100, 'ping');
    return { n: 0 };
  },
  onMessage() {},
  onTimer(state, _timer, ctx) {
    state.n++;
    for (const peer of ctx.peers) ctx.send(peer, { n: state.n });
    ctx.setTimer(100, 'ping');
  },
};

function run(extra: Partial<SimulationConfig>) {
  const events: TraceEvent[] = [];
  const sim = new Simulation({
    seed: '2',
    nodes: [{ id: 'a', logic: pinger }, { id: 'b', logic: pinger }],
    profile: { ...NO_FAULTS },
    runMs: 1000,
    trace: { write: (event) => events.push(event) },
    ...extra,
  });
  sim.run();
  return { sim, events };
}

describe('engine hooks for search strategies', () => {
  it('deliveryPolicy decides every delay', () => {
    const seen: number[] = [];
    const { events } = run({
      deliveryPolicy: {
        delayUs(fromIndex, toIndex, baseDelayUs, sendIndex) {
          seen.push(sendIndex);
          expect(baseDelayUs).toBeGreaterThan(0);
          return fromIndex === 0 && toIndex === 1 ? 50_000 : 7_000;
        },
      },
    });
    const sendAt = new Map(events.filter((e) => e.type === 'net.send').map((e) => [e.msg, e]));
    const deliveries = events.filter((e) => e.type === 'net.deliver');
    expect(deliveries.length).toBeGreaterThan(10);
    for (const deliver of deliveries) expect(deliver.t - sendAt.get(deliver.msg)!.t).toBe(deliver.from === 'a' ? 50_000 : 7_000);
    expect(seen.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('afterSend and afterStep are called, and a hook may schedule a fault action that --mask suppresses', () => {
    const hooked = () => {
      const sends: string[] = [];
      const counts = { steps: 0 };
      const hooks = {
        afterSend: (node: string, to: string, sim: Simulation) => {
          sends.push(`${node}>${to}`);
          if (sends.length === 3) sim.at(sim.nowMs + 1, (s) => s.pause('b', 400, 'pause:after-send-3'), 'hook');
        },
        afterStep: () => {
          counts.steps++;
        },
      };
      return { sends, counts, hooks };
    };
    const plain = hooked();
    const { sim, events } = run({ hooks: plain.hooks });
    expect(plain.sends.slice(0, 2)).toEqual(['a>b', 'b>a']);
    expect(plain.counts.steps).toBe(sim.stats.steps);
    expect(events.find((e) => e.type === 'node.pause')).toMatchObject({ node: 'b', fault: 'pause:after-send-3' });
    const again = hooked();
    const masked = run({ hooks: again.hooks, mask: ['pause:after-send-3'] });
    expect(again.sends.length).toBeGreaterThan(3);
    expect(masked.events.some((e) => e.type === 'node.pause')).toBe(false);
    expect(masked.sim.faultAllowed('pause:after-send-3')).toBe(false);
  });

  it('every public fault action respects --mask and --only-faults by its id; unnamed ones always act', () => {
    const script = (sim: Simulation) => {
      sim.at(100, (s) => s.crash('a', 'recover', 'crash:hook'));
      sim.at(200, (s) => s.restart('a', 'crash:hook'));
      sim.at(300, (s) => s.partition([['a'], ['b']], false, 'partition:hook'));
      sim.at(400, (s) => s.heal('partition:hook'));
      sim.at(500, (s) => s.jumpClock('b', 50, 'clock:hook'));
      sim.at(600, (s) => s.startOmission('b', 1, 'omission:hook'));
      sim.at(700, (s) => s.crash('b', 'stop'));
    };
    const counts = (extra: Partial<SimulationConfig>) => {
      const sim = new Simulation({ seed: '2', nodes: [{ id: 'a', logic: pinger }, { id: 'b', logic: pinger }], profile: { ...NO_FAULTS }, runMs: 1000, ...extra });
      script(sim);
      sim.run();
      const { 'crash-recovery': crashes, partition, clock, omission } = sim.stats.faults;
      return { crashes, partition, clock, omission, bUp: sim.isUp('b') };
    };
    expect(counts({})).toEqual({ crashes: 1, partition: 1, clock: 1, omission: 1, bUp: false });
    expect(counts({ mask: ['crash:hook', 'partition:hook', 'clock:hook', 'omission:hook'] })).toEqual({ crashes: 0, partition: 0, clock: 0, omission: 0, bUp: false });
    expect(counts({ onlyFaults: ['clock:hook'] })).toEqual({ crashes: 0, partition: 0, clock: 1, omission: 0, bUp: false });
  });

  it("a node's observer hears its sends, timers, messages and syncs, in order, without wrapping its context", () => {
    const heard: string[] = [];
    const contexts = new Set<NodeContext>();
    const syncing: NodeLogic<{ n: number }> = {
      init: (ctx) => pinger.init(ctx),
      onMessage(_state, _from, _msg, ctx) {
        contexts.add(ctx);
        ctx.storage.put('k', 1);
        ctx.storage.sync();
        heard.push(`${ctx.id} handled`);
      },
      onTimer(state, timer, ctx) {
        contexts.add(ctx);
        heard.push(`${ctx.id} handled`);
        return pinger.onTimer!(state, timer, ctx);
      },
    };
    const observer: NodeObserver = {
      beforeTimer: (node, timer) => heard.push(`${node} fires ${timer.name}`),
      beforeMessage: (node, from, msg) => heard.push(`${node} hears ${from} ${JSON.stringify(msg)}`),
      afterSend: (node, to, msg) => heard.push(`${node} sent ${to} ${JSON.stringify(msg)}`),
      onSetTimer: (node, afterMs) => heard.push(`${node} sets ${afterMs}`),
      afterSync: (node, ctx) => {
        contexts.add(ctx);
        heard.push(`${node} synced`);
      },
    };
    for (const record of [false, true]) {
      heard.length = 0;
      contexts.clear();
      const sim = new Simulation({ seed: '2', nodes: [{ id: 'a', logic: syncing, observer }, { id: 'b', logic: syncing }], profile: { ...NO_FAULTS }, runMs: 250, record });
      sim.run();
      // Only node a is observed: b's lines are its handler's own.
      expect(heard.filter((line) => line.startsWith('b ')).every((line) => line === 'b handled')).toBe(true);
      const a = heard.filter((line) => line.startsWith('a '));
      // The sync is heard after it happened, inside the handler that made it.
      expect(a.slice(0, 8)).toEqual(['a sets 100', 'a fires ping', 'a handled', 'a sent b {"n":1}', 'a sets 100', 'a hears b {"n":1}', 'a synced', 'a handled']);
      // Its handlers got the engine's own context, the one the observer gets.
      expect(new Set([...contexts].map((ctx) => ctx.constructor.name))).toEqual(new Set(['EngineContext']));
    }
  });

  it('a node observed twice hears both observers: the newer one first before a step, last after a send', () => {
    const heard: string[] = [];
    const observerOf = (name: string): NodeObserver => ({
      beforeMessage: () => heard.push(`${name} before`),
      afterSend: () => heard.push(`${name} after`),
    });
    const spec = withObserver(withObserver({ id: 'a', logic: pinger }, observerOf('inner')), observerOf('outer'));
    new Simulation({ seed: '2', nodes: [spec, { id: 'b', logic: pinger }], profile: { ...NO_FAULTS }, runMs: 150 }).run();
    expect(heard.slice(0, 4)).toEqual(['inner after', 'outer after', 'outer before', 'inner before']);
  });
});
