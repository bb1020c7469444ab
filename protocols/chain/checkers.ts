import type { Checker, Simulation } from '../../sim/simulation.js';
import type { Update } from './messages.js';
import type { MasterState } from './master.js';
import type { ReplicaState } from './replica.js';

const sameUpdate = (a: Update, b: Update): boolean =>
  a === b || (a.seq === b.seq && a.reqId === b.reqId && a.f === b.f && a.key === b.key && a.value === b.value);

/**
 * Update propagation (the paper's invariant): along the master's current chain, every live
 * replica's applied sequence is a prefix of its predecessor's. Logs only grow, so each pair is
 * compared from where the last comparison stopped; after a step only the pairs that touch the
 * stepping node are checked (all of them after a master step).
 */
export function updatePropagationChecker(masterId: string): Checker {
  const verified = new Map<string, number>();

  const checkPair = (sim: Simulation, pred: string, succ: string): string | undefined => {
    if (!sim.isUp(pred) || !sim.isUp(succ)) return undefined;
    const predLog = sim.nodeState<ReplicaState>(pred)?.log;
    const succLog = sim.nodeState<ReplicaState>(succ)?.log;
    if (!predLog || !succLog) return undefined;
    const pairKey = `${pred}>${succ}`;
    const start = verified.get(pairKey) ?? 0;
    for (let i = start; i < succLog.length; i++) {
      const mine = succLog[i]!;
      const theirs = predLog[i];
      if (theirs === undefined) return `${succ} applied update #${mine.seq} (${mine.reqId}) that its predecessor ${pred} has not applied`;
      if (!sameUpdate(mine, theirs)) {
        return `${succ} applied ${mine.reqId} as update #${i + 1} where its predecessor ${pred} applied ${theirs.reqId}: not a prefix`;
      }
    }
    verified.set(pairKey, succLog.length);
    return undefined;
  };

  return {
    name: 'chain-update-propagation',
    kind: 'safety',
    afterStep: (step, sim) => {
      const chain = sim.nodeState<MasterState>(masterId)?.config.chain;
      if (!chain) return undefined;
      const all = step.node === masterId;
      const at = chain.indexOf(step.node);
      if (!all && at < 0) return undefined;
      const from = all ? 1 : Math.max(1, at);
      const to = all ? chain.length - 1 : Math.min(chain.length - 1, at + 1);
      for (let i = from; i <= to; i++) {
        const message = checkPair(sim, chain[i - 1]!, chain[i]!);
        if (message) return message;
      }
      return undefined;
    },
  };
}
