import { Digest } from './digest.js';
import type { DropReason, FaultKind, TraceEvent, TraceEventBody, TraceSink } from './trace.js';

export const CODE_INIT = 1;
export const CODE_SEND = 2;
export const CODE_DELIVER = 3;
export const CODE_TIMER = 4;
export const CODE_RARE = 5;
export const CODE_DROP = 6;
/** History entries: the code plus the entry's type index (invoke, ok, fail, info). */
export const CODE_HISTORY = 8;

export interface RunStats {
  events: number;
  steps: number;
  virtualTimeMs: number;
  messages: { sent: number; delivered: number; dropped: number };
  faults: Record<FaultKind, number>;
  historyOps: number;
}

export function emptyFaultCounts(): Record<FaultKind, number> {
  return { drop: 0, duplicate: 0, reorder: 0, corrupt: 0, partition: 0, 'crash-stop': 0, 'crash-recovery': 0, byzantine: 0, pause: 0, clock: 0, omission: 0, storage: 0, delay: 0 };
}

/**
 * The run's record: true virtual time, the event counter, the digest, the optional trace and
 * fingerprints, and the counts. The loop, the host, the network and the fault injectors all record
 * through it, so every event is numbered, stamped and digested in one place.
 */
export class EventLog {
  /** True (engine) time in microseconds. */
  nowUs = 0;
  /** Index the next event will get. */
  index = 0;
  readonly digest = new Digest();
  readonly stats: RunStats = {
    events: 0,
    steps: 0,
    virtualTimeMs: 0,
    messages: { sent: 0, delivered: 0, dropped: 0 },
    faults: emptyFaultCounts(),
    historyOps: 0,
  };

  constructor(
    readonly trace: TraceSink | undefined,
    readonly fingerprints: number[] | undefined,
  ) {}

  /** Hot events mix small integers into the digest and build an object only when traced. */
  hot(code: number, node: number, id: number): void {
    this.digest.mix4(code, this.nowUs, node, id);
    this.keepFingerprint();
    this.index++;
  }

  /** Writes an event to the trace with the next index; hot callers call it before hot() numbers it. */
  write(event: TraceEventBody): void {
    this.trace!.write({ i: this.index, t: this.nowUs, ...event } as TraceEvent);
  }

  rare(event: TraceEventBody): void {
    this.digest.mix4(CODE_RARE, this.nowUs, 0, 0);
    this.digest.mixValue(event);
    this.keepFingerprint();
    if (this.trace) this.write(event);
    this.index++;
  }

  drop(fromIndex: number, fromId: string, toIndex: number, toId: string, msgId: number, reason: DropReason, fault?: string): void {
    this.stats.messages.dropped++;
    // As frequent as sends under faults: mixed field by field, and an object only when traced.
    const digest = this.digest;
    digest.mix4(CODE_DROP, this.nowUs, fromIndex * 65536 + toIndex, msgId);
    digest.mixText(reason);
    if (fault) digest.mixText(fault);
    this.keepFingerprint();
    if (this.trace) this.write({ type: 'net.drop', from: fromId, to: toId, msg: msgId, reason, ...(fault ? { fault } : {}) });
    this.index++;
  }

  /** After an event's fields are mixed into the digest (for --check-determinism's first divergence). */
  keepFingerprint(): void {
    if (this.fingerprints) this.fingerprints.push(this.digest.fingerprint);
  }
}
