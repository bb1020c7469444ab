import type { Checker, Simulation } from '../../../sim/simulation.js';
import { describeCall, indexCalls } from './calls.js';

/**
 * Liveness: a call that has had settleMs of fault-free time (after both its invocation and the end
 * of the nemesis plan) has an answer: a reply, or (when retries are bounded) an error to the
 * application. Per-message faults go on for ever, so settleMs must cover enough retransmissions.
 */
export function completionChecker(settleMs: number): Checker {
  return {
    name: 'rpc-completion',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const settleUs = settleMs * 1000;
      const stuck = indexCalls(sim).calls.find(
        (call) => call.outcome === 'open' && sim.nowUs - Math.max(call.invokeUs, sim.faultPlanEndUs) >= settleUs,
      );
      if (!stuck) return undefined;
      return `${describeCall(stuck)} called at ${stuck.invokeUs / 1000} ms has no answer at the end (${sim.nowMs} ms), ${settleMs} ms after the faults ended (${sim.faultPlanEndUs / 1000} ms) and the call was made`;
    },
  };
}
