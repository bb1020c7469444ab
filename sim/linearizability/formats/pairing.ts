import type { OpInput, Operation } from '../types.js';
import { HistoryFormatError } from './errors.js';

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** One line of a Jepsen-style history, before invocations are paired with completions. */
export interface RawEvent {
  process: string;
  type: EventType;
  f: string;
  key?: string;
  value: unknown;
  line: number;
  timeUs: number;
}

/** What a completion means for its operation: its output, or 'drop' (it certainly did not happen). */
export type Resolution = 'drop' | { output: unknown };

/**
 * Pairs each process's invoke with its next completion. `info`, and an invoke never completed,
 * leave the operation indeterminate (returnUs Infinity, output unknown); `resolve` interprets ok
 * and fail, which differ between formats. An operation's id is the line of its invocation, so a
 * report can point into the file.
 */
export function pairEvents(events: readonly RawEvent[], file: string, resolve: (invoke: RawEvent, completion: RawEvent) => Resolution): Operation<OpInput, unknown>[] {
  const open = new Map<string, { event: RawEvent; op: Operation<OpInput, unknown>; index: number }>();
  const ops: (Operation<OpInput, unknown> | undefined)[] = [];
  for (const event of events) {
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending) {
        throw new HistoryFormatError(file, event.line, `process ${event.process} invokes again while its operation from line ${pending.event.line} is still open`);
      }
      const input: OpInput = event.key === undefined ? { f: event.f, value: event.value } : { f: event.f, key: event.key, value: event.value };
      const op: Operation<OpInput, unknown> = { id: event.line, process: event.process, input, output: undefined, callUs: event.timeUs, returnUs: Infinity };
      open.set(event.process, { event, op, index: ops.length });
      ops.push(op);
      continue;
    }
    if (!pending) throw new HistoryFormatError(file, event.line, `:${event.type} for process ${event.process}, which has no open invocation`);
    open.delete(event.process);
    if (event.type === 'info') continue;
    const resolution = resolve(pending.event, event);
    if (resolution === 'drop') {
      ops[pending.index] = undefined;
      continue;
    }
    pending.op.output = resolution.output;
    pending.op.returnUs = event.timeUs;
  }
  return ops.filter((op): op is Operation<OpInput, unknown> => op !== undefined);
}
