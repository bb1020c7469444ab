import type { HistoryEvent } from '../../../sim/history.js';
import type { Simulation } from '../../../sim/simulation.js';

export type Outcome = 'ok' | 'fail' | 'info' | 'open';

/** One RPC as the checkers see it: the client's history entry joined with the server's executions. */
export interface CallRecord {
  xid: string;
  op: number;
  client: string;
  f: string;
  key: string | undefined;
  /** The invocation's value (amount for debit/credit, value for put). */
  value: unknown;
  invokeUs: number;
  outcome: Outcome;
  /** The completion's value (new balance, value read). */
  result: unknown;
  executions: number;
}

export interface CallIndex {
  /** In invocation order. */
  calls: CallRecord[];
  byXid: Map<string, CallRecord>;
  /** Executions of xids no client ever called (a corrupted call that got through). */
  unknownExecutions: string[];
}

/** Joins the history with the `call` outputs (op -> xid) and the `execute` outputs of the server. */
export function indexCalls(sim: Pick<Simulation, 'history' | 'outputs'>): CallIndex {
  const invokes = new Map<number, HistoryEvent>();
  const completions = new Map<number, HistoryEvent>();
  for (const event of sim.history) {
    if (event.type === 'invoke') invokes.set(event.op, event);
    else completions.set(event.op, event);
  }
  const calls: CallRecord[] = [];
  const byXid = new Map<string, CallRecord>();
  const unknownExecutions: string[] = [];
  for (const output of sim.outputs) {
    if (output.name === 'call') {
      const { xid, op } = output.value as { xid: string; op: number };
      const invoke = invokes.get(op);
      if (!invoke) continue;
      const done = completions.get(op);
      const call: CallRecord = {
        xid,
        op,
        client: invoke.node,
        f: invoke.f,
        key: invoke.key,
        value: invoke.value,
        invokeUs: invoke.timeUs,
        outcome: done ? done.type as Outcome : 'open',
        result: done?.value,
        executions: 0,
      };
      calls.push(call);
      byXid.set(xid, call);
    } else if (output.name === 'execute') {
      const { xid } = output.value as { xid: string };
      const call = byXid.get(xid);
      if (call) call.executions++;
      else unknownExecutions.push(xid);
    }
  }
  return { calls, byXid, unknownExecutions };
}

export const describeCall = (call: CallRecord): string =>
  `${call.xid} (${call.f}${call.key !== undefined ? ` ${call.key}` : ''}${call.value !== undefined ? ` ${JSON.stringify(call.value)}` : ''}, ${call.outcome})`;
