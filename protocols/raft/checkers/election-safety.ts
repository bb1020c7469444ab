import type { Checker } from '../../../sim/simulation.js';
import type { RaftState } from '../types.js';
import { byzantineNote } from './attribution.js';

/** Election Safety (Figure 3): at most one leader can be elected in a given term. */
export function electionSafetyChecker(servers: readonly string[]): Checker {
  const leaders = new Map<number, { node: string; votes: string[] }>();
  const seenTerm = new Map<string, number>();
  return {
    name: 'raft-election-safety',
    kind: 'safety',
    nodes: servers,
    afterStep: (step, sim) => {
      const state = sim.nodeState<RaftState>(step.node);
      if (!state || state.role !== 'leader' || seenTerm.get(step.node) === state.currentTerm) return undefined;
      seenTerm.set(step.node, state.currentTerm);
      const earlier = leaders.get(state.currentTerm);
      if (!earlier) {
        leaders.set(state.currentTerm, { node: step.node, votes: [...state.votes] });
        return undefined;
      }
      const votes = [...state.votes];
      const both = votes.filter((voter) => earlier.votes.includes(voter));
      return (
        `two leaders in term ${state.currentTerm}: ${earlier.node} (votes ${earlier.votes.join(',')}) and ${step.node} (votes ${votes.join(',')}); ` +
        `${both.join(', ') || 'nobody'} voted for both` +
        byzantineNote(sim, [...both, earlier.node, step.node])
      );
    },
  };
}
