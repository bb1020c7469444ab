import { describe, expect, it } from 'vitest';
import {
  casRegisterModel,
  checkOperations,
  kvModel,
  makeCasRegisterModel,
  registerModel,
  type Model,
  type Operation,
  type OpInput,
} from '../../../sim/index.js';

/** A compact history: [process, f, key-or-undefined, input value, output, callUs, returnUs]. */
type Row = [string, string, string | undefined, unknown, unknown, number, number];

function ops(rows: Row[]): Operation<OpInput, unknown>[] {
  return rows.map(([process, f, key, value, output, callUs, returnUs], id) => ({
    id,
    process,
    input: key === undefined ? { f, value } : { f, key, value },
    output,
    callUs,
    returnUs,
  }));
}

const check = (model: Model<unknown, OpInput, unknown>, rows: Row[]) => checkOperations(model, ops(rows)).verdict;

describe('register model', () => {
  it('accepts a read that overlaps a write and sees either value', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'write', undefined, 2, null, 20, 40],
      ['c', 'read', undefined, undefined, 1, 25, 30],
      ['c', 'read', undefined, undefined, 2, 31, 50],
    ];
    expect(check(registerModel, rows)).toBe('linearizable');
  });

  it('rejects a stale read after a write completed, and names the operation', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'write', undefined, 2, null, 20, 30],
      ['c', 'read', undefined, undefined, 1, 40, 50],
    ];
    const result = checkOperations(registerModel, ops(rows));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.failure?.operation).toContain('c read -> 1');
    expect(result.failure?.longestPrefix).toEqual(['a write 1 -> nil', 'b write 2 -> nil']);
  });

  it('reads nil before any write (the register starts as null)', () => {
    expect(check(registerModel, [['a', 'read', undefined, undefined, null, 0, 1]])).toBe('linearizable');
    expect(check(registerModel, [['a', 'read', undefined, undefined, 0, 0, 1]])).toBe('not-linearizable');
  });

  it('lets an indeterminate write take effect late', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 7, undefined, 0, Infinity],
      ['b', 'read', undefined, undefined, null, 10, 20],
      ['b', 'read', undefined, undefined, 7, 30, 40],
    ];
    expect(check(registerModel, rows)).toBe('linearizable');
  });

  it('lets an indeterminate write never take effect', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 5],
      ['b', 'write', undefined, 7, undefined, 6, Infinity],
      ['c', 'read', undefined, undefined, 1, 10, 20],
    ];
    expect(check(registerModel, rows)).toBe('linearizable');
  });

  it('does not let an indeterminate write take effect before it was invoked', () => {
    const rows: Row[] = [
      ['b', 'read', undefined, undefined, 7, 0, 5],
      ['a', 'write', undefined, 7, undefined, 10, Infinity],
    ];
    expect(check(registerModel, rows)).toBe('not-linearizable');
  });
});

describe('cas-register model', () => {
  it('applies a successful cas and rejects one whose comparison could not hold', () => {
    const good: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'cas', undefined, [1, 2], true, 20, 30],
      ['c', 'read', undefined, undefined, 2, 40, 50],
    ];
    expect(check(casRegisterModel, good)).toBe('linearizable');
    const bad: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'cas', undefined, [3, 2], true, 20, 30],
    ];
    expect(check(casRegisterModel, bad)).toBe('not-linearizable');
  });

  it('treats a cas whose comparison failed (output false) as a constraint on the state', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'cas', undefined, [1, 2], false, 20, 30],
    ];
    expect(check(casRegisterModel, rows)).toBe('not-linearizable');
  });

  it('starts from the initial value it is given', () => {
    const rows: Row[] = [['a', 'cas', undefined, [0, 5], true, 0, 1]];
    expect(check(casRegisterModel, rows)).toBe('not-linearizable');
    expect(check(makeCasRegisterModel({ initial: 0 }), rows)).toBe('linearizable');
  });

  it('lets an indeterminate cas explain a later read', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'cas', undefined, [1, 9], undefined, 20, Infinity],
      ['c', 'read', undefined, undefined, 9, 100, 110],
      ['c', 'read', undefined, undefined, 9, 120, 130],
    ];
    expect(check(casRegisterModel, rows)).toBe('linearizable');
  });
});

describe('kv model', () => {
  it('checks each key on its own, every key starting as ""', () => {
    const rows: Row[] = [
      ['a', 'put', 'x', 'p', null, 0, 10],
      ['b', 'append', 'x', 'q', null, 20, 30],
      ['c', 'get', 'x', undefined, 'pq', 40, 50],
      ['c', 'get', 'y', undefined, null, 60, 70],
      ['d', 'append', 'y', 'z', null, 65, 80],
      ['d', 'get', 'y', undefined, 'z', 90, 95],
    ];
    expect(check(kvModel, rows)).toBe('linearizable');
  });

  it('names the key of the sub-history that fails', () => {
    const rows: Row[] = [
      ['a', 'put', 'x', 'p', null, 0, 10],
      ['a', 'put', 'y', 'p', null, 0, 10],
      ['b', 'append', 'y', 'q', null, 20, 30],
      ['c', 'get', 'y', undefined, 'qp', 40, 50],
    ];
    const result = checkOperations(kvModel, ops(rows));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.failure?.partition).toBe('key "y"');
    expect(result.failure?.operation).toContain('c get y -> "qp"');
  });

  it('lets an indeterminate append show up in a later get', () => {
    const rows: Row[] = [
      ['a', 'append', 'x', 'u', undefined, 0, Infinity],
      ['b', 'get', 'x', undefined, '', 10, 20],
      ['b', 'get', 'x', undefined, 'u', 30, 40],
    ];
    expect(check(kvModel, rows)).toBe('linearizable');
  });
});

describe('edge cases', () => {
  it('an empty history, or one of only indeterminate operations, is linearizable', () => {
    expect(check(registerModel, [])).toBe('linearizable');
    expect(check(registerModel, [['a', 'write', undefined, 1, undefined, 0, Infinity]])).toBe('linearizable');
  });

  it('refuses an operation that returns before it is called', () => {
    expect(() => check(registerModel, [['a', 'write', undefined, 1, null, 10, 5]])).toThrow(/returns .* before it is called/);
  });

  it('treats operations that touch in time as concurrent', () => {
    const rows: Row[] = [
      ['a', 'write', undefined, 1, null, 0, 10],
      ['b', 'read', undefined, undefined, null, 10, 20],
    ];
    expect(check(registerModel, rows)).toBe('linearizable');
  });

  it('finds a violation in one key while another key is hard but fine', () => {
    // Key "hard": 14 concurrent appends and a read that allows one order only, which a search
    // reaches after exploring on the order of 14! states; key "bad": a read of a value never
    // written. The keys are searched side by side, so the violation is found at once; a search
    // that finished "hard" first would not return within the test's time.
    const hard: Row[] = Array.from({ length: 14 }, (_, i): Row => ['w' + i, 'append', 'hard', String.fromCharCode(97 + i), null, i, 100]);
    const order = 'abcdefghijklmn'.split('').reverse().join('');
    hard.push(['r', 'get', 'hard', undefined, order, 200, 210]);
    const bad: Row[] = [['z', 'get', 'bad', undefined, 'ghost', 0, 1]];
    const result = checkOperations(kvModel, ops([...hard, ...bad]));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.failure?.partition).toBe('key "bad"');
  });
});
