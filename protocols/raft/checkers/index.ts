import type { Checker } from '../../../sim/simulation.js';
import { electionSafetyChecker } from './election-safety.js';
import { leaderCompletenessChecker } from './leader-completeness.js';
import { logMatchingChecker } from './log-matching.js';
import { stateMachineSafetyChecker } from './state-machine-safety.js';

export { byzantineNote } from './attribution.js';
export { electionSafetyChecker } from './election-safety.js';
export { leaderCompletenessChecker } from './leader-completeness.js';
export { segmentedKvLinearizabilityChecker } from './linearizability.js';
export { livenessChecker, type LivenessBounds } from './liveness.js';
export { logMatchingChecker } from './log-matching.js';
export { stateMachineSafetyChecker } from './state-machine-safety.js';

/** The four safety properties of the Raft paper's Figure 3 that are observable from outside. */
export function raftSafetyCheckers(servers: readonly string[]): Checker[] {
  return [electionSafetyChecker(servers), logMatchingChecker(servers), leaderCompletenessChecker(servers), stateMachineSafetyChecker(servers)];
}
