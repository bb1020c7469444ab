import type { Checker, Simulation } from '../../../sim/simulation.js';
import { chainNext } from '../kv.js';
import { describeEntry, entryAt } from '../log.js';
import type { Entry, RaftState } from '../types.js';
import { byzantineNote } from './attribution.js';

/**
 * State Machine Safety (Figure 3): if a server has applied an entry at an index, no server ever
 * applies a different one there. Each applied entry is compared with the first one applied at its
 * index; a state restored from a snapshot (install or restart) is compared through the state
 * machine's running hash with the hash of the commands applied up to that index.
 */
export function stateMachineSafetyChecker(servers: readonly string[]): Checker {
  const applied: Entry[] = [];
  const appliedBy: string[] = [];
  const chainAt: number[] = [0];
  const seenApplied = new Map<string, number>(servers.map((id) => [id, -1]));

  const checkChain = (sim: Simulation, node: string, state: RaftState): string | undefined => {
    const expected = chainAt[state.lastApplied];
    if (expected === undefined || expected === state.kv.chain) return undefined;
    return (
      `${node}'s state machine at index ${state.lastApplied} differs from what ${appliedBy[state.lastApplied] ?? 'the first replica'} applied there ` +
      `(hash ${state.kv.chain} vs ${expected})` +
      byzantineNote(sim, [node, appliedBy[state.lastApplied] ?? node])
    );
  };

  return {
    name: 'raft-state-machine-safety',
    kind: 'safety',
    nodes: servers,
    afterStep: (step, sim) => {
      const state = sim.nodeState<RaftState>(step.node);
      if (!state) {
        seenApplied.set(step.node, -1);
        return undefined;
      }
      const before = seenApplied.get(step.node)!;
      const now = state.lastApplied;
      if (now === before) return undefined;
      seenApplied.set(step.node, now);
      if (before < 0 || now < before) return checkChain(sim, step.node, state);
      for (let index = Math.max(before, state.log.baseIndex) + 1; index <= now; index++) {
        const entry = entryAt(state.log, index)!;
        const first = applied[index];
        if (first === undefined) {
          applied[index] = entry;
          appliedBy[index] = step.node;
          const previous = chainAt[index - 1];
          if (previous !== undefined) chainAt[index] = chainNext(previous, entry);
          continue;
        }
        if (first.term !== entry.term || first.value !== entry.value || first.client !== entry.client || first.seq !== entry.seq || first.key !== entry.key || first.op !== entry.op) {
          return (
            `${step.node} applied ${describeEntry(entry)} at index ${index}, where ${appliedBy[index]} applied ${describeEntry(first)}` +
            byzantineNote(sim, [step.node, appliedBy[index]!])
          );
        }
      }
      return checkChain(sim, step.node, state);
    },
  };
}
