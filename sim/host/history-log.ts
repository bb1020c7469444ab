import { copyPlain } from '../copy.js';
import { CODE_HISTORY, type EventLog } from '../event-log.js';
import type { HistoryEvent, HistoryRecorder, HistoryType } from '../history.js';

const HISTORY_TYPE_CODES: Record<HistoryType, number> = { invoke: 0, ok: 1, fail: 2, info: 3 };

/** The run's client history (Jepsen-style invoke/ok/fail/info), one recorder per node. */
export class HistoryLog {
  readonly entries: HistoryEvent[] = [];
  private opCounter = 0;

  constructor(private readonly log: EventLog) {}

  recorderFor(nodeId: string, nodeIndex: number): HistoryRecorder {
    let processGeneration = 0;
    const open = new Map<number, { f: string; key: string | undefined; process: string }>();
    const log = this.log;
    const emit = (op: number, type: HistoryType, f: string, key: string | undefined, process: string, value: unknown): void => {
      const copied = copyPlain(value);
      // One shape for every entry (key may be undefined): object spread here cost more than the rest.
      this.entries.push({ op, type, process, node: nodeId, f, key, value: copied, timeUs: log.nowUs, eventIndex: log.index });
      // One entry per client call and return: mixed field by field, and an object only when traced.
      const digest = log.digest;
      digest.mix4(CODE_HISTORY + HISTORY_TYPE_CODES[type], log.nowUs, nodeIndex, op);
      digest.mixText(f);
      if (key !== undefined) digest.mixText(key);
      digest.mixValue(copied);
      log.keepFingerprint();
      if (log.trace) log.write({ type: `history.${type}`, node: nodeId, op, f, ...(key !== undefined ? { key } : {}), value: copied });
      log.index++;
    };
    const complete = (type: Exclude<HistoryType, 'invoke'>) => (op: number, value?: unknown) => {
      const pending = open.get(op);
      if (!pending) throw new Error(`node ${nodeId}: history.${type}(${op}) for an operation that is not open`);
      open.delete(op);
      emit(op, type, pending.f, pending.key, pending.process, value);
      // After an indeterminate result the process is considered crashed (as in Jepsen).
      if (type === 'info') processGeneration++;
    };
    return {
      invoke: (f, value, key) => {
        const op = ++this.opCounter;
        log.stats.historyOps++;
        const process = processGeneration === 0 ? nodeId : `${nodeId}.${processGeneration}`;
        open.set(op, { f, key, process });
        emit(op, 'invoke', f, key, process, value);
        return op;
      },
      ok: complete('ok'),
      fail: complete('fail'),
      info: complete('info'),
    };
  }
}
