export type HistoryType = 'invoke' | 'ok' | 'fail' | 'info';

/** One entry of a client history, as Jepsen records it. */
export interface HistoryEvent {
  /** The operation this entry belongs to (unique in the run). */
  op: number;
  type: HistoryType;
  /**
   * The logical process that issued the operation. After an indeterminate (info) result the process
   * is considered crashed, so later operations of the same client get a new process name.
   */
  process: string;
  node: string;
  f: string;
  key?: string;
  value: unknown;
  timeUs: number;
  eventIndex: number;
}

/** A node's handle on the run's history; the engine supplies `emit`. */
export interface HistoryRecorder {
  invoke(f: string, value?: unknown, key?: string): number;
  ok(op: number, value?: unknown): void;
  fail(op: number, value?: unknown): void;
  info(op: number, value?: unknown): void;
}

/** Open operations are those with an invoke and no completion yet. */
export function openOperations(history: readonly HistoryEvent[]): HistoryEvent[] {
  const open = new Map<number, HistoryEvent>();
  for (const event of history) {
    if (event.type === 'invoke') open.set(event.op, event);
    else open.delete(event.op);
  }
  return [...open.values()];
}
