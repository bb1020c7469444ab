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
  const open = new OpenOperations();
  let failed: Set<Operation<OpInput, unknown>> | undefined;
  for (const event of history) {
    if (event.type === 'invoke') {
      if (open.get(event.op)) throw new Error(`history: operation ${event.op} is invoked twice`);
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
      (failed ??= new Set()).add(op);
    }
  }
  return failed === undefined ? ops : ops.filter((op) => !failed.has(op));
}

/**
 * Open operations by id: an array for the small non-negative integer ids that simulations number
 * their operations with (a Map lookup per event was a third of the conversion), a Map for any other.
 */
class OpenOperations {
  private readonly byIndex: (Operation<OpInput, unknown> | undefined)[] = [];
  private readonly byId = new Map<number, Operation<OpInput, unknown>>();

  get(id: number): Operation<OpInput, unknown> | undefined {
    return OpenOperations.indexable(id) ? this.byIndex[id] : this.byId.get(id);
  }

  set(id: number, op: Operation<OpInput, unknown>): void {
    if (OpenOperations.indexable(id)) this.byIndex[id] = op;
    else this.byId.set(id, op);
  }

  delete(id: number): void {
    if (OpenOperations.indexable(id)) this.byIndex[id] = undefined;
    else this.byId.delete(id);
  }

  private static indexable(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < 1 << 26;
  }
}
