import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../sim/event-log.js';
import { HistoryLog } from '../../../sim/host/history-log.js';

function twoRecorders() {
  const history = new HistoryLog(new EventLog(undefined, undefined));
  return { history, a: history.recorderFor('a', 0), b: history.recorderFor('b', 1) };
}

describe('history log: open operations', () => {
  it('completes each operation once, on the node that invoked it, with its invoke fields', () => {
    // Arrange
    const { history, a, b } = twoRecorders();
    const first = a.invoke('put', 'v1', 'x');
    const second = b.invoke('get', undefined, 'y');
    const third = a.invoke('get', undefined, 'x');
    // Act
    b.ok(second, 'v0');
    a.info(first);
    a.ok(third, 'v1');
    // Assert
    expect(history.entries.map((e) => [e.op, e.type, e.process, e.node, e.f, e.key])).toEqual([
      [1, 'invoke', 'a', 'a', 'put', 'x'],
      [2, 'invoke', 'b', 'b', 'get', 'y'],
      [3, 'invoke', 'a', 'a', 'get', 'x'],
      [2, 'ok', 'b', 'b', 'get', 'y'],
      [1, 'info', 'a', 'a', 'put', 'x'],
      [3, 'ok', 'a', 'a', 'get', 'x'],
    ]);
    // After an indeterminate result the client's next process has a new name.
    a.invoke('get', undefined, 'x');
    expect(history.entries.at(-1)?.process).toBe('a.1');
  });

  it('throws on an operation that is not open: completed, never invoked, or another node\'s', () => {
    const { a, b } = twoRecorders();
    const op = a.invoke('put', 'v', 'x');
    const other = b.invoke('put', 'w', 'x');
    a.ok(op);
    expect(() => a.ok(op)).toThrow('node a: history.ok(1) for an operation that is not open');
    expect(() => a.fail(7)).toThrow('history.fail(7) for an operation that is not open');
    expect(() => a.info(0)).toThrow('history.info(0) for an operation that is not open');
    expect(() => a.ok(other)).toThrow('node a: history.ok(2) for an operation that is not open');
    b.ok(other);
  });
});
