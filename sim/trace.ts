/**
 * Trace events: one discriminated union with namespaced types. Every send, delivery, drop, timer,
 * crash and fault passes through the engine's record path, which numbers it (i), stamps virtual time
 * (t, microseconds) and mixes it into the run digest.
 */

export type DropReason = 'random' | 'partition' | 'node-down' | 'window' | 'send-omission' | 'receive-omission';

interface Base {
  /** Index of the event in the run, from 0. */
  i: number;
  /** Virtual time in microseconds. */
  t: number;
}

/** An event as its producer describes it, before the engine numbers and stamps it. */
export type TraceEventBody =
    | { type: 'node.init'; node: string }
    | { type: 'net.send'; from: string; to: string; msg: number; payload: unknown }
    | { type: 'net.deliver'; from: string; to: string; msg: number; duplicate: boolean; corrupted: boolean }
    | { type: 'net.drop'; from: string; to: string; msg: number; reason: DropReason; fault?: string }
    | { type: 'net.duplicate'; from: string; to: string; msg: number; fault: string; extraDelayUs: number }
    | { type: 'net.reorder'; from: string; to: string; msg: number; fault: string; extraDelayUs: number }
    | { type: 'net.corrupt'; from: string; to: string; msg: number; fault: string; path: string }
    | { type: 'timer.fire'; node: string; name: string; timer: number }
    | { type: 'node.crash'; node: string; mode: 'stop' | 'recover'; fault?: string; lostWrites: number }
    | { type: 'node.restart'; node: string; fault?: string }
    | { type: 'fault.partition'; fault: string; groups: string[][]; oneWay: boolean }
    | { type: 'fault.heal'; fault: string }
    | { type: 'byz.equivocate' | 'byz.alter'; node: string; to: string; msg: number; fault: string; path: string }
    | { type: 'byz.replay'; node: string; to: string; msg: number; fault: string; replayOf: number }
    | { type: 'byz.custom'; node: string; to: string; msg: number; fault: string; note: string }
    | { type: 'history.invoke' | 'history.ok' | 'history.fail' | 'history.info'; node: string; op: number; f: string; key?: string; value: unknown }
    | { type: 'node.output'; node: string; name: string; value: unknown }
    | { type: 'node.log'; node: string; text: string }
    | { type: 'clock.set'; node: string; fault: string; offsetUs: number; driftPpm: number }
    | { type: 'clock.jump'; node: string; fault: string; jumpUs: number; clockUs: number }
    | { type: 'node.pause'; node: string; fault: string; untilUs: number }
    | { type: 'node.resume'; node: string; fault: string; waiting: number }
    | { type: 'fault.omission'; node: string; fault: string; probability: number }
    | { type: 'fault.omission-end'; node: string; fault: string }
    | { type: 'net.delay'; from: string; to: string; msg: number; fault: string; extraDelayUs: number }
    | { type: 'storage.lost-sync'; node: string; fault: string; writes: number }
    | { type: 'storage.corrupt-read'; node: string; fault: string; key: string; path: string }
    | { type: 'storage.torn-write'; node: string; fault: string; kept: number; lost: number };

export type TraceEvent = Base & TraceEventBody;

export type TraceEventType = TraceEvent['type'];

/** Receives trace events as they happen; long runs are streamed, never held whole in memory. */
export interface TraceSink {
  write(event: TraceEvent): void;
}

/** Fault kinds counted in a run's report. */
export const FAULT_KINDS = [
  'drop',
  'duplicate',
  'reorder',
  'corrupt',
  'partition',
  'crash-stop',
  'crash-recovery',
  'byzantine',
  'pause',
  'clock',
  'omission',
  'storage',
  'delay',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
