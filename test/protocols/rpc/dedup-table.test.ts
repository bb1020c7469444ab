import { describe, expect, it } from 'vitest';
import { classify, complete, discardUpTo, emptyTable, markExecuting, tableSize } from '../../../protocols/rpc/dedup-table.js';

describe('rpc dedup table', () => {
  it('classifies a call as new, then executing, then done with its old reply', () => {
    const table = emptyTable();
    expect(classify(table, 'c1', 1)).toEqual({ kind: 'new' });
    markExecuting(table, 'c1', 1);
    expect(classify(table, 'c1', 1)).toEqual({ kind: 'executing' });
    complete(table, 'c1', 1, 990);
    expect(classify(table, 'c1', 1)).toEqual({ kind: 'done', result: 990 });
  });

  it('keeps clients apart: the same seq from another client is a different call', () => {
    const table = emptyTable();
    markExecuting(table, 'c1', 1);
    complete(table, 'c1', 1, 'ok');
    expect(classify(table, 'c2', 1)).toEqual({ kind: 'new' });
  });

  it('discards replies the client is done with, and calls them stale afterwards', () => {
    const table = emptyTable();
    for (const seq of [1, 2, 3]) {
      markExecuting(table, 'c1', seq);
      complete(table, 'c1', seq, seq * 10);
    }
    expect(discardUpTo(table, 'c1', 2)).toBe(true);
    expect(classify(table, 'c1', 1)).toEqual({ kind: 'stale' });
    expect(classify(table, 'c1', 2)).toEqual({ kind: 'stale' });
    expect(classify(table, 'c1', 3)).toEqual({ kind: 'done', result: 30 });
    expect(classify(table, 'c1', 4)).toEqual({ kind: 'new' });
  });

  it('never moves the low-water mark back (a reordered old call carries an old doneUpTo)', () => {
    const table = emptyTable();
    discardUpTo(table, 'c1', 5);
    expect(discardUpTo(table, 'c1', 3)).toBe(false);
    expect(classify(table, 'c1', 4)).toEqual({ kind: 'stale' });
  });

  it('keeps the pending mark of a call the client abandoned, and drops its late reply', () => {
    const table = emptyTable();
    markExecuting(table, 'c1', 7);
    discardUpTo(table, 'c1', 7);
    expect(classify(table, 'c1', 7)).toEqual({ kind: 'executing' });
    complete(table, 'c1', 7, 'ok');
    expect(classify(table, 'c1', 7)).toEqual({ kind: 'stale' });
    expect(tableSize(table)).toBe(0);
  });

  it('stays at one entry per client when each call piggybacks the previous one as done', () => {
    const table = emptyTable();
    for (let seq = 1; seq <= 100; seq++) {
      discardUpTo(table, 'c1', seq - 1);
      markExecuting(table, 'c1', seq);
      complete(table, 'c1', seq, seq);
      expect(tableSize(table)).toBe(1);
    }
  });
});
