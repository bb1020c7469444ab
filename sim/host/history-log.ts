import { copyPlain } from '../copy.js';
import { CODE_HISTORY, type EventLog } from '../event-log.js';
import type { HistoryEvent, HistoryRecorder, HistoryType } from '../history.js';

const HISTORY_TYPE_CODES: Record<HistoryType, number> = { invoke: 0, ok: 1, fail: 2, info: 3 };

/** The run's client history (Jepsen-style invoke/ok/fail/info), one recorder per node. */
export class HistoryLog {
  readonly entries: HistoryEvent[] = [];
  private opCounter = 0;
  /**
   * Each operation's invoke entry while it is open (index op − 1), undefined once completed. Ops are
   * numbered 1, 2, … as invoked, so this only grows; a Map of open ops allocated at nearly every set and
   * delete (its table is rebuilt as deleted slots pile up), about a tenth of raft-kv's bytes, measured.
   */
  private readonly openInvokes: (HistoryEvent | undefined)[] = [];

  constructor(private readonly log: EventLog) {}

  recorderFor(nodeId: string, nodeIndex: number): HistoryRecorder {
    let processGeneration = 0;
    const log = this.log;
    const openInvokes = this.openInvokes;
    const emit = (op: number, type: HistoryType, f: string, key: string | undefined, process: string, value: unknown): HistoryEvent => {
      const copied = copyPlain(value);
      // One shape for every entry (key may be undefined): object spread here cost more than the rest.
      const entry: HistoryEvent = { op, type, process, node: nodeId, f, key, value: copied, timeUs: log.nowUs, eventIndex: log.index };
      this.entries.push(entry);
      // One entry per client call and return: mixed field by field, and an object only when traced.
      const digest = log.digest;
      digest.mix4(CODE_HISTORY + HISTORY_TYPE_CODES[type], log.nowUs, nodeIndex, op);
      digest.mixText(f);
      if (key !== undefined) digest.mixText(key);
      digest.mixValue(copied);
      log.keepFingerprint();
      if (log.trace) log.write({ type: `history.${type}`, node: nodeId, op, f, ...(key !== undefined ? { key } : {}), value: copied });
      log.index++;
      return entry;
    };
    const complete = (type: Exclude<HistoryType, 'invoke'>) => (op: number, value?: unknown) => {
      const pending = op >= 1 ? openInvokes[op - 1] : undefined;
      // Another node's open operation is not open here (one recorder per node).
      if (!pending || pending.node !== nodeId) throw new Error(`node ${nodeId}: history.${type}(${op}) for an operation that is not open`);
      openInvokes[op - 1] = undefined;
      emit(op, type, pending.f, pending.key, pending.process, value);
      // After an indeterminate result the process is considered crashed (as in Jepsen).
      if (type === 'info') processGeneration++;
    };
    return {
      invoke: (f, value, key) => {
        const op = ++this.opCounter;
        log.stats.historyOps++;
        const process = processGeneration === 0 ? nodeId : `${nodeId}.${processGeneration}`;
        openInvokes[op - 1] = emit(op, 'invoke', f, key, process, value);
        return op;
      },
      ok: complete('ok'),
      fail: complete('fail'),
      info: complete('info'),
    };
  }
}
