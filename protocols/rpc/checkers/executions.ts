import type { Checker } from '../../../sim/simulation.js';
import type { Semantics } from '../design.js';
import { describeCall, indexCalls } from './calls.js';

/**
 * Counts server executions per request (xid), from the `execute` outputs:
 * - every semantics: no execution of a call nobody made; every acknowledged call ran at least once;
 * - at-most-once and exactly-once: no call runs twice (checked after every step, so the violation
 *   points at the second execution);
 * - exactly-once: the client never gives up, so no call ends `info` or `fail`.
 */
export function executionsChecker(semantics: Semantics): Checker {
  let cursor = 0;
  const called = new Set<string>();
  const firstExecution = new Map<string, number>();
  return {
    name: 'rpc-executions',
    kind: 'safety',
    afterStep: (_step, sim) => {
      const outputs = sim.outputs;
      for (; cursor < outputs.length; cursor++) {
        const output = outputs[cursor]!;
        if (output.name !== 'call' && output.name !== 'execute') continue;
        const xid = (output.value as { xid: string }).xid;
        if (output.name === 'call') {
          called.add(xid);
          continue;
        }
        if (!called.has(xid)) return `${output.node} executed ${xid}, which no client called (a corrupted call got through)`;
        const earlier = firstExecution.get(xid);
        if (earlier !== undefined && semantics !== 'at-least-once') {
          return `${xid} executed twice (events ${earlier} and ${output.eventIndex}): ${semantics} allows at most one execution`;
        }
        if (earlier === undefined) firstExecution.set(xid, output.eventIndex);
      }
      return undefined;
    },
    atEnd: (sim) => {
      for (const call of indexCalls(sim).calls) {
        if (call.outcome === 'ok' && call.executions === 0) return `${describeCall(call)} was acknowledged but never executed`;
        if (semantics === 'exactly-once' && (call.outcome === 'info' || call.outcome === 'fail')) {
          return `${describeCall(call)} ended without a reply: exactly-once must retry until the call is acknowledged`;
        }
      }
      return undefined;
    },
  };
}
