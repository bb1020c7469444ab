import type { Checker, Simulation } from '../../../sim/index.js';
import { describeCall, indexCalls } from './calls.js';

/**
 * Liveness: every call made at least `settleMs` before the end of the run has an answer by then:
 * a reply, or (when retries are bounded) an error to the application. The scenario leaves settleMs
 * of quiet time (no nemesis, clients no longer calling) at the end of each run.
 */
export function completionChecker(settleMs: number): Checker {
  return {
    name: 'rpc-completion',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const deadlineUs = sim.nowUs - settleMs * 1000;
      const stuck = indexCalls(sim).calls.find((call) => call.outcome === 'open' && call.invokeUs <= deadlineUs);
      if (!stuck) return undefined;
      return `${describeCall(stuck)} called at ${stuck.invokeUs / 1000} ms has no answer at the end (${sim.nowMs} ms); faults ended at ${sim.faultPlanEndUs / 1000} ms`;
    },
  };
}
