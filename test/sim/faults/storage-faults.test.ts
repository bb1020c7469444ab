import { describe, expect, it } from 'vitest';
import { NO_FAULTS, Simulation, type FaultProfile, type NodeLogic, type TraceEvent } from '../../../sim/index.js';

interface DiskState {
  recovered: Record<string, unknown> | undefined;
  read: unknown;
}

/** Writes three keys and syncs at 10 ms, writes three more without a sync at 20 ms, reads at 30 ms. */
const disk: NodeLogic<DiskState> = {
  init(ctx) {
    ctx.setTimer(10, 'synced');
    ctx.setTimer(20, 'unsynced');
    ctx.setTimer(30, 'read');
    return { recovered: undefined, read: undefined };
  },
  onRecover(ctx) {
    const recovered: Record<string, unknown> = {};
    for (const key of ctx.storage.keys()) recovered[key] = ctx.storage.get(key);
    return { recovered, read: undefined };
  },
  onMessage() {},
  onTimer(state, timer, ctx) {
    if (timer.name === 'synced') {
      for (const key of ['a', 'b', 'c']) ctx.storage.put(key, { value: key, term: 1 });
      ctx.storage.sync();
    } else if (timer.name === 'unsynced') {
      for (const key of ['d', 'e', 'f']) ctx.storage.put(key, { value: key, term: 2 });
    } else {
      state.read = ctx.storage.get('a');
    }
  },
};

function run(profile: Partial<FaultProfile>, options: { mask?: string[]; afterSync?: (node: string) => void } = {}) {
  const events: TraceEvent[] = [];
  const sim = new Simulation({
    seed: '4',
    nodes: [{ id: 'n1', logic: disk }],
    profile: { ...NO_FAULTS, loseUnsyncedWrites: true, ...profile },
    runMs: 100,
    ...(options.mask ? { mask: options.mask } : {}),
    ...(options.afterSync ? { hooks: { afterSync: (node: string) => options.afterSync!(node) } } : {}),
    trace: { write: (event) => events.push(event) },
  });
  sim.at(40, (s) => s.crash('n1', 'recover', 'crash#1'));
  sim.at(50, (s) => s.restart('n1', 'crash#1'));
  sim.run();
  return { sim, events, state: sim.nodeState<DiskState>('n1')! };
}

describe('storage faults', () => {
  it('without them a crash keeps the synced writes and loses the unsynced ones', () => {
    const { state, sim } = run({});
    expect(Object.keys(state.recovered!)).toEqual(['a', 'b', 'c']);
    expect(sim.storageOf('n1').observer).toBeUndefined();
  });

  it('a lost sync reports success, but its writes are lost at the next crash', () => {
    const { state, events, sim } = run({ lostSyncProbability: 1 });
    expect(state.recovered).toEqual({});
    expect(events.find((event) => event.type === 'storage.lost-sync')).toMatchObject({ node: 'n1', fault: 'storage:lost-sync:n1#1', writes: 3 });
    expect(events.find((event) => event.type === 'node.crash')).toMatchObject({ lostWrites: 6 });
    expect(sim.stats.faults.storage).toBe(1);
    const masked = run({ lostSyncProbability: 1 }, { mask: ['storage:lost-sync:n1#1'] });
    expect(Object.keys(masked.state.recovered!)).toEqual(['a', 'b', 'c']);
    expect(masked.sim.stats.faults.storage).toBe(0);
  });

  it('a torn write keeps the oldest unsynced writes, not all or none', () => {
    const { state, events } = run({ tornWriteProbability: 1 });
    const torn = events.find((event) => event.type === 'storage.torn-write') as Extract<TraceEvent, { type: 'storage.torn-write' }>;
    expect(torn).toMatchObject({ node: 'n1', fault: 'storage:torn-write:n1#1' });
    expect(torn.kept).toBeGreaterThanOrEqual(1);
    expect(torn.kept + torn.lost).toBe(3);
    expect(Object.keys(state.recovered!)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].slice(0, 3 + torn.kept));
  });

  it('a corrupted read returns the value with one field altered; the stored value stays intact', () => {
    const { events, sim } = run({ corruptReadProbability: 1, loseUnsyncedWrites: false });
    const reads = events.filter((event) => event.type === 'storage.corrupt-read');
    expect(reads[0]).toMatchObject({ node: 'n1', fault: 'storage:corrupt-read:n1#1', key: 'a' });
    // The read at 30 ms came back altered in exactly one field.
    const read = events.filter((event) => event.type === 'storage.corrupt-read' && event.t === 30_000);
    expect(read).toHaveLength(1);
    expect(sim.storageOf('n1').snapshot()['a']).toEqual({ value: 'a', term: 1 });
    const clean = run({ corruptReadProbability: 1, loseUnsyncedWrites: false }, { mask: reads.map((event) => (event as { fault: string }).fault) });
    expect(clean.events.some((event) => event.type === 'storage.corrupt-read')).toBe(false);
    expect(clean.state.recovered!['a']).toEqual({ value: 'a', term: 1 });
    expect(run({ corruptReadProbability: 1, loseUnsyncedWrites: false }).state.recovered!['a']).not.toEqual({ value: 'a', term: 1 });
  });

  it('the afterSync hook sees every sync', () => {
    const synced: string[] = [];
    run({}, { afterSync: (node) => synced.push(node) });
    expect(synced).toEqual(['n1']);
    // A lost sync is still a sync the node made; the hook needs no storage-fault observer of its own.
    const lost: string[] = [];
    const { events } = run({ lostSyncProbability: 1 }, { afterSync: (node) => lost.push(node) });
    expect(events.some((event) => event.type === 'storage.lost-sync')).toBe(true);
    expect(lost).toEqual(['n1']);
  });
});
