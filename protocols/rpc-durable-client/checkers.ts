import type { Checker, Simulation } from '../../sim/simulation.js';

interface StartedCall {
  op: number;
  client: string;
  f: string;
  invokeUs: number;
  xids: string[];
  executions: number;
  firstExecutionEvent: number;
}

/**
 * Exactly-once per call the application started (a history operation), whatever xids carried it:
 * it joins every `call` output (op -> xid, including any xid a client binds to an old op) with the
 * server's `execute` outputs. After every step: no started call has run twice. At the end: every
 * started call that had settleMs of fault-free time has run.
 */
export function startedCallsChecker(settleMs: number): Checker {
  let cursor = 0;
  const byOp = new Map<number, StartedCall>();
  const opOfXid = new Map<string, number>();
  const startOf = (sim: Simulation, op: number, client: string): StartedCall => {
    let call = byOp.get(op);
    if (!call) {
      const invoke = sim.history.find((event) => event.op === op && event.type === 'invoke');
      call = { op, client, f: invoke?.f ?? '?', invokeUs: invoke?.timeUs ?? 0, xids: [], executions: 0, firstExecutionEvent: -1 };
      byOp.set(op, call);
    }
    return call;
  };
  const describe = (call: StartedCall): string => `call op ${call.op} of ${call.client} (${call.f}, xid${call.xids.length > 1 ? 's' : ''} ${call.xids.join(', ')})`;
  return {
    name: 'rpc-started-calls',
    kind: 'safety',
    afterStep: (_step, sim) => {
      const outputs = sim.outputs;
      for (; cursor < outputs.length; cursor++) {
        const output = outputs[cursor]!;
        if (output.name === 'call') {
          const { xid, op } = output.value as { xid: string; op: number };
          const call = startOf(sim, op, output.node);
          if (!call.xids.includes(xid)) call.xids.push(xid);
          opOfXid.set(xid, op);
        } else if (output.name === 'execute') {
          const op = opOfXid.get((output.value as { xid: string }).xid);
          const call = op === undefined ? undefined : byOp.get(op);
          if (!call) continue; // an xid no client called: rpc-executions reports it
          call.executions++;
          if (call.executions === 1) call.firstExecutionEvent = output.eventIndex;
          else return `${describe(call)} ran ${call.executions} times (events ${call.firstExecutionEvent} and ${output.eventIndex}): a started call must run exactly once`;
        }
      }
      return undefined;
    },
    atEnd: (sim) => {
      const settleUs = settleMs * 1000;
      for (const call of byOp.values()) {
        const settled = sim.nowUs - Math.max(call.invokeUs, sim.faultPlanEndUs) >= settleUs;
        if (call.executions === 0 && settled) return `${describe(call)}, started at ${call.invokeUs / 1000} ms, never ran (${settleMs} ms after the faults ended)`;
      }
      return undefined;
    },
  };
}
