import type { HistoryEvent } from '../history.js';
import type { OpInput, Operation } from './types.js';

/**
 * Pairs each invoke with its completion. `ok` gives the completed value as output (null when the
 * completion carried none, so a completed read of "nothing" is never mistaken for "unknown");
 * `fail` means it did not happen, so the operation is left out; `info` and no completion at all
 * leave it indeterminate (output unknown, returnUs Infinity). Times are virtual microseconds: an
 * operation that returns in the same microsecond as another is invoked counts as concurrent with
 * it (the permissive reading; it can hide a violation, never invent one).
 */
export function operationsFromHistory(history: readonly HistoryEvent[]): Operation<OpInput, unknown>[] {
  const ops: Operation<OpInput, unknown>[] = [];
  const open = new Map<number, Operation<OpInput, unknown>>();
  const failed = new Set<Operation<OpInput, unknown>>();
  for (const event of history) {
    if (event.type === 'invoke') {
      if (open.has(event.op)) throw new Error(`history: operation ${event.op} is invoked twice`);
      const input: OpInput = event.key === undefined ? { f: event.f, value: event.value } : { f: event.f, key: event.key, value: event.value };
      const op: Operation<OpInput, unknown> = { id: event.op, process: event.process, input, output: undefined, callUs: event.timeUs, returnUs: Infinity };
      open.set(event.op, op);
      ops.push(op);
      continue;
    }
    const op = open.get(event.op);
    if (!op) throw new Error(`history: ${event.type} for operation ${event.op}, which is not open`);
    open.delete(event.op);
    if (event.type === 'ok') {
      op.output = event.value === undefined ? null : event.value;
      op.returnUs = event.timeUs;
    } else if (event.type === 'fail') {
      failed.add(op);
    }
  }
  return failed.size === 0 ? ops : ops.filter((op) => !failed.has(op));
}
