import type { Checker, Simulation } from '../../../sim/simulation.js';
import { describeEntry, entryAt, lastIndex, sameEntry } from '../log.js';
import type { Entry, RaftState } from '../types.js';
import { byzantineNote } from './attribution.js';

/**
 * Leader Completeness (Figure 3): an entry committed in a term is present in the log of every leader
 * of a higher term. The checker learns commitments from nodes' commit indexes as they advance (the
 * term a node was in when it learned one is the term it was committed in), checks every new leader's
 * log against what is committed, and every current leader's log against each new commitment. Two
 * nodes committing different entries at one index is reported here too.
 */
export function leaderCompletenessChecker(servers: readonly string[]): Checker {
  const committed: Entry[] = [];
  const committedBy: string[] = [];
  const commitTerm: number[] = [];
  const seenCommit = new Map<string, number>(servers.map((id) => [id, 0]));
  const leaderTerm = new Map<string, number>();
  let maxCommitted = 0;

  const missing = (sim: Simulation, leader: string, state: RaftState, index: number): string => {
    const entry = committed[index]!;
    return (
      `${leader}, leader of term ${state.currentTerm}, lacks entry ${index} (${describeEntry(entry)}) that ${committedBy[index]} committed in term ${commitTerm[index]}; ` +
      `its log has ${describeEntry(entryAt(state.log, index))} there (last index ${lastIndex(state.log)})` +
      byzantineNote(sim, [leader, committedBy[index]!])
    );
  };

  const learnCommits = (sim: Simulation, node: string, state: RaftState): string | undefined => {
    const from = Math.max(seenCommit.get(node) ?? 0, state.log.baseIndex);
    for (let index = from + 1; index <= state.commitIndex; index++) {
      const entry = entryAt(state.log, index);
      if (!entry) return `${node} committed index ${index} that its log does not hold` + byzantineNote(sim, [node]);
      const known = committed[index];
      if (known) {
        if (known !== entry && !sameEntry(known, entry)) {
          return `${node} committed ${describeEntry(entry)} at index ${index}, but ${committedBy[index]} committed ${describeEntry(known)} there` + byzantineNote(sim, [node, committedBy[index]!]);
        }
        continue;
      }
      committed[index] = entry;
      committedBy[index] = node;
      commitTerm[index] = state.currentTerm;
      if (index > maxCommitted) maxCommitted = index;
      for (const [leader, term] of leaderTerm) {
        if (term <= state.currentTerm || leader === node) continue;
        const leaderState = sim.nodeState<RaftState>(leader);
        if (!leaderState || leaderState.role !== 'leader' || index <= leaderState.log.baseIndex) continue;
        const held = entryAt(leaderState.log, index);
        if (!held || !sameEntry(held, entry)) return missing(sim, leader, leaderState, index);
      }
    }
    seenCommit.set(node, state.commitIndex);
    return undefined;
  };

  const checkNewLeader = (sim: Simulation, node: string, state: RaftState): string | undefined => {
    for (let index = state.log.baseIndex + 1; index <= maxCommitted; index++) {
      const entry = committed[index];
      if (!entry || commitTerm[index]! >= state.currentTerm) continue;
      const held = entryAt(state.log, index);
      if (!held || !sameEntry(held, entry)) return missing(sim, node, state, index);
    }
    return undefined;
  };

  return {
    name: 'raft-leader-completeness',
    kind: 'safety',
    nodes: servers,
    afterStep: (step, sim) => {
      const state = sim.nodeState<RaftState>(step.node);
      if (!state) {
        seenCommit.set(step.node, 0);
        leaderTerm.delete(step.node);
        return undefined;
      }
      if (state.role === 'leader') {
        if (leaderTerm.get(step.node) !== state.currentTerm) {
          leaderTerm.set(step.node, state.currentTerm);
          const message = checkNewLeader(sim, step.node, state);
          if (message) return message;
        }
      } else if (leaderTerm.has(step.node)) {
        leaderTerm.delete(step.node);
      }
      const seen = seenCommit.get(step.node) ?? 0;
      if (state.commitIndex > seen) return learnCommits(sim, step.node, state);
      if (state.commitIndex < seen) seenCommit.set(step.node, state.commitIndex);
      return undefined;
    },
  };
}
