import type { HistoryEvent } from '../../../sim/history.js';
import type { Checker } from '../../../sim/simulation.js';
import type { RaftState } from '../types.js';
import { byzantineNote } from './attribution.js';

export interface LivenessBounds {
  /** After the fault plan ends, some node must lead and have committed its term's no-op within this. */
  leaderWithinMs: number;
  /** Every client operation must complete within this of max(its invocation, the end of the fault plan). */
  opWithinMs: number;
}

/**
 * Liveness once the nemesis stops (per-message faults such as drops may go on): a leader that a quorum
 * follows appears within a bound, and every client operation completes within a bound. Judged only
 * for deadlines that fall inside the run.
 */
export function livenessChecker(servers: readonly string[], bounds: LivenessBounds): Checker {
  let leaderAtUs = -1;
  let leader = '';
  let planEndUs = -1;
  return {
    name: 'raft-liveness',
    kind: 'liveness',
    nodes: servers,
    afterStep: (step, sim) => {
      if (leaderAtUs >= 0) return undefined;
      if (planEndUs < 0) planEndUs = sim.faultPlanEndUs;
      if (sim.nowUs < planEndUs) return undefined;
      const state = sim.nodeState<RaftState>(step.node);
      if (state && state.role === 'leader' && state.commitIndex >= state.termStartIndex) {
        leaderAtUs = sim.nowUs;
        leader = step.node;
      }
      return undefined;
    },
    atEnd: (sim) => {
      const endUs = sim.nowUs;
      const planEndUs = sim.faultPlanEndUs;
      const leaderDeadlineUs = planEndUs + bounds.leaderWithinMs * 1000;
      const involved = leader ? [leader] : [];
      if (leaderDeadlineUs <= endUs && (leaderAtUs < 0 || leaderAtUs > leaderDeadlineUs)) {
        const got = leaderAtUs < 0 ? 'none by the end of the run' : `first at ${leaderAtUs / 1000} ms (${leader})`;
        return `no leader with a committed no-op within ${bounds.leaderWithinMs} ms after the faults ended at ${planEndUs / 1000} ms: ${got}` + byzantineNote(sim, involved);
      }
      const invoked = new Map<number, HistoryEvent>();
      for (const event of sim.history) {
        if (event.type === 'invoke') {
          invoked.set(event.op, event);
          continue;
        }
        const start = invoked.get(event.op);
        if (!start) continue;
        invoked.delete(event.op);
        const deadlineUs = Math.max(start.timeUs, planEndUs) + bounds.opWithinMs * 1000;
        if (event.timeUs > deadlineUs) {
          return `${start.process}'s ${start.f} ${start.key ?? ''} (op ${start.op}, invoked at ${start.timeUs / 1000} ms) took until ${event.timeUs / 1000} ms, past its bound of ${deadlineUs / 1000} ms` + byzantineNote(sim, involved);
        }
      }
      for (const start of invoked.values()) {
        const deadlineUs = Math.max(start.timeUs, planEndUs) + bounds.opWithinMs * 1000;
        if (deadlineUs <= endUs) {
          return `${start.process}'s ${start.f} ${start.key ?? ''} (op ${start.op}, invoked at ${start.timeUs / 1000} ms) never completed; bound ${deadlineUs / 1000} ms, faults ended at ${planEndUs / 1000} ms` + byzantineNote(sim, involved);
        }
      }
      return undefined;
    },
  };
}
