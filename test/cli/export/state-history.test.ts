import { describe, expect, it } from 'vitest';
import { recoverStates } from '../../../cli/export/recorded-states.js';
import { applyStateOps, CHECKPOINT_EVERY, encodeStateHistory, toPlain, type EncodedStates } from '../../../cli/export/state-history.js';
import { prepareRun, Simulation, NO_FAULTS, type NodeLogic, type TraceFile } from '../../../scenarios/index.js';
import { broadcastGossip } from '../../../scenarios/broadcast-gossip.js';
import { recordTrace } from './traces.js';

/** The state the encoding gives for a lane after engine event `eventIndex` (null: down; undefined: not started). */
function decode(states: EncodedStates, lane: number, eventIndex: number): unknown {
  const { at, entries } = states.nodes[lane]!;
  let k = -1;
  while (k + 1 < at.length && at[k + 1]! <= eventIndex) k++;
  if (k < 0) return undefined;
  let c = k;
  while (!('s' in entries[c]!)) c--;
  let state = structuredClone((entries[c] as { s: unknown }).s);
  for (let j = c + 1; j <= k; j++) state = applyStateOps(state, (entries[j] as { o: Parameters<typeof applyStateOps>[1] }).o);
  return state;
}

function expectEveryStateDecodes(sim: Simulation, states: EncodedStates): number {
  let compared = 0;
  sim.nodeIds.forEach((id, lane) => {
    for (let i = 0; i < sim.eventIndex; i++) {
      const expected = sim.stateAt(id, i);
      const decoded = decode(states, lane, i);
      // Not started (undefined) and down (null) both have no state.
      if (expected === undefined) expect(decoded == null, `${id} after #${i}`).toBe(true);
      else expect(decoded, `${id} after #${i}`).toEqual(toPlain(expected));
      compared++;
    }
  });
  return compared;
}

interface Shapes {
  tick: number;
  table: Map<string, number>;
  members: Set<number>;
  list: number[];
  bag: Record<string, number>;
}

/** A node whose state uses every shape the encoder handles: Map, Set, arrays that shrink, deleted keys. */
const shapeShifter: NodeLogic<Shapes> = {
  init: (ctx) => {
    ctx.setTimer(1, 'tick');
    return { tick: 0, table: new Map(), members: new Set(), list: [], bag: {} };
  },
  onMessage: () => {},
  onTimer: (state, _timer, ctx) => {
    const n = ++state.tick;
    state.table.set(`k${n % 3}`, n);
    if (n % 4 === 0) state.table.delete('k1');
    state.members.add(n);
    if (n % 5 === 0) state.members.delete(n - 1);
    state.list.push(n);
    if (n % 6 === 0) state.list.length = 1;
    state.bag[`b${n}`] = n;
    delete state.bag[`b${n - 2}`];
    if (n < 80) ctx.setTimer(1, 'tick');
  },
};

describe('state history encoding', () => {
  it('decodes to the recorded state after every event, across Maps, Sets, shrinking arrays and deleted keys', () => {
    const sim = new Simulation({ seed: '5', nodes: [{ id: 'x', logic: shapeShifter }], profile: NO_FAULTS, runMs: 1000, record: true });
    sim.run();
    const states = encodeStateHistory(['x'], () => sim.recorder!.historyOf(0));
    expect(states.nodes[0]!.entries.filter((e) => 's' in e).length).toBe(1 + Math.floor(80 / (CHECKPOINT_EVERY + 1)));
    expect(decode(states, 0, sim.eventIndex)).toMatchObject({ tick: 80, table: { k0: 78, k2: 80 } });
    expect(expectEveryStateDecodes(sim, states)).toBe(sim.eventIndex);
  });

  it('decodes every node after every event of a run with crash-recovery (broadcast-gossip seed 11)', () => {
    const { sim } = prepareRun(broadcastGossip, { seed: 11, timeMs: 3000, faults: 'nemesis=400,crash=1,partition=1,quiet=500', record: true });
    sim.run();
    const states = encodeStateHistory(sim.nodeIds, (lane) => sim.recorder!.historyOf(lane));
    expect(states.nodes.some((node) => node.entries.some((e) => 's' in e && e.s === null))).toBe(true);
    expectEveryStateDecodes(sim, states);
  });

  it('costs what changed, not a snapshot per change, for a growing log (200 appends)', () => {
    const appender: NodeLogic<{ log: { term: number; command: string }[] }> = {
      init: (ctx) => {
        ctx.setTimer(1, 'append');
        return { log: [] };
      },
      onMessage: () => {},
      onTimer: (state, _timer, ctx) => {
        state.log.push({ term: 1, command: `set x ${state.log.length}` });
        if (state.log.length < 200) ctx.setTimer(1, 'append');
      },
    };
    const sim = new Simulation({ seed: '1', nodes: [{ id: 'x', logic: appender }], profile: NO_FAULTS, runMs: 1000, record: true });
    sim.run();
    const encoded = JSON.stringify(encodeStateHistory(['x'], () => sim.recorder!.historyOf(0))).length;
    const snapshots = sim.recorder!.historyOf(0).reduce((sum, v) => sum + JSON.stringify(toPlain(v.state)).length, 0);
    expect(encoded).toBeLessThan(snapshots / 5);
  });
});

describe('states recovered from a trace', () => {
  const trace = recordTrace('broadcast-gossip', { seed: 6, timeMs: 2000 });

  it('come from a re-run whose digest matches the trace', () => {
    const recovered = recoverStates(trace);
    expect(recovered.ok).toBe(true);
    if (!recovered.ok) return;
    expect(recovered.digest).toBe(trace.footer!.digest);
    expect(recovered.states.nodes.length).toBe(5);
  });

  it('are refused when the re-run gives another digest', () => {
    const tampered: TraceFile = { ...trace, footer: { ...trace.footer, digest: '0000000000000000' } };
    const recovered = recoverStates(tampered);
    expect(recovered.ok).toBe(false);
    if (!recovered.ok) expect(recovered.reason).toMatch(/gave digest [0-9a-f]{16}, not the trace's 0000000000000000/);
  });

  it('are refused for a trace cut short (no footer) and for an unknown scenario', () => {
    const cut = recoverStates({ ...trace, footer: undefined });
    expect(cut.ok || cut.reason).toMatch(/no footer/);
    // A header renamed by hand no longer agrees with the repro it carries: refused as edited.
    const renamed = recoverStates({ ...trace, header: { ...trace.header, scenario: 'no-such-scenario' } });
    expect(renamed.ok || renamed.reason).toMatch(/header was edited: it names scenario "no-such-scenario"/);
    const unknown = recoverStates({ ...trace, header: { ...trace.header, scenario: 'no-such-scenario', repro: { ...(trace.header.repro as object), scenario: 'no-such-scenario' } } });
    expect(unknown.ok || unknown.reason).toMatch(/unknown scenario "no-such-scenario"/);
  });
});
