import { describe, expect, it } from 'vitest';
import { DurableStorage, type NodeLogic } from '../../sim/index.js';
import { simulation } from '../helpers/nodes.js';

interface Account {
  balance: number;
  volatileNote: string;
  record: { owner: string; tags: string[] };
}

/** Persists a record, then keeps mutating the same object in volatile state (the aliasing trap). */
function account(sync: boolean): NodeLogic<Account> {
  return {
    init: (ctx) => {
      ctx.setTimer(10, 'persist');
      ctx.setTimer(20, 'mutate');
      return { balance: 0, volatileNote: 'fresh', record: { owner: 'alice', tags: ['a'] } };
    },
    onRecover: (ctx) => ({
      balance: ctx.storage.get<number>('balance') ?? -1,
      volatileNote: 'recovered',
      record: ctx.storage.get<Account['record']>('record') ?? { owner: 'missing', tags: [] },
    }),
    onMessage: () => {},
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'persist') {
        state.balance = 100;
        ctx.storage.put('balance', state.balance);
        ctx.storage.put('record', state.record);
        if (sync) ctx.storage.sync();
      } else {
        state.volatileNote = 'changed';
        state.record.owner = 'mallory';
        state.record.tags.push('leaked');
      }
    },
  };
}

function crashAndRecover(sync: boolean, loseUnsyncedWrites: boolean): Account {
  const sim = simulation([{ id: 'n1', logic: account(sync) }], { loseUnsyncedWrites }, 1000);
  sim.at(30, (s) => s.crash('n1', 'recover'));
  sim.at(40, (s) => s.restart('n1'));
  sim.run();
  return sim.nodeState<Account>('n1')!;
}

describe('crash-recovery', () => {
  it('keeps durable storage, loses volatile state, and never lets later mutation leak into storage', () => {
    const state = crashAndRecover(true, false);
    expect(state.balance).toBe(100);
    expect(state.volatileNote).toBe('recovered');
    expect(state.record).toEqual({ owner: 'alice', tags: ['a'] });
  });

  it('with loseUnsyncedWrites, writes never synced are lost on a crash', () => {
    const state = crashAndRecover(false, true);
    expect(state.balance).toBe(-1);
    expect(state.record.owner).toBe('missing');
  });

  it('with loseUnsyncedWrites, synced writes survive', () => {
    expect(crashAndRecover(true, true).balance).toBe(100);
  });

  it('a crash-stopped node never restarts', () => {
    const sim = simulation([{ id: 'n1', logic: account(true) }], {}, 1000);
    sim.at(30, (s) => s.crash('n1', 'stop'));
    sim.at(40, (s) => s.restart('n1'));
    sim.run();
    expect(sim.isUp('n1')).toBe(false);
    expect(sim.nodeState('n1')).toBeUndefined();
  });
});

describe('DurableStorage', () => {
  it('copies values on the way out too', () => {
    const storage = new DurableStorage(false);
    storage.put('list', [1, 2]);
    storage.get<number[]>('list')!.push(3);
    expect(storage.get('list')).toEqual([1, 2]);
  });

  it('lists keys in a defined order and forgets deleted ones', () => {
    const storage = new DurableStorage(true);
    storage.put('b', 1);
    storage.put('a', 2);
    storage.sync();
    storage.put('c', 3);
    storage.delete('b');
    expect(storage.keys()).toEqual(['a', 'c']);
    expect(storage.snapshot()).toEqual({ b: 1, a: 2 });
    expect(storage.loseUnsynced()).toBe(2);
    // The crash restores b, which then counts from its restore.
    expect(storage.keys()).toEqual(['a', 'b']);
    expect(storage.get('b')).toBe(1);
    expect(storage.has('c')).toBe(false);
  });

  it('a crash undoes every unsynced write to a key, back to its last synced value', () => {
    const storage = new DurableStorage(true);
    storage.put('term', 1);
    storage.sync();
    storage.put('term', 2);
    storage.delete('term');
    storage.put('term', 3);
    expect(storage.get('term')).toBe(3);
    expect(storage.loseUnsynced()).toBe(1);
    expect(storage.get('term')).toBe(1);
    storage.put('term', 4);
    storage.sync();
    expect(storage.loseUnsynced()).toBe(0);
    expect(storage.get('term')).toBe(4);
  });
});
