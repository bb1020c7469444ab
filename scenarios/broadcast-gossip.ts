import { NAMED_PROFILES } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { ASYNC_CRASH_RECOVERY } from './assumptions.js';
import { agreementChecker, exactlyOnceChecker } from '../protocols/broadcast/checkers.js';
import { broadcastNode } from '../protocols/broadcast/node.js';

/** Time left at the end of a run for anti-entropy to converge after the last broadcast. */
const SETTLE_MS = 2000;

export const broadcastGossip: Scenario = {
  name: 'broadcast-gossip',
  description: 'reliable FIFO broadcast (push + anti-entropy) on 5 nodes: exactly-once delivery under drops, duplicates, reordering, corruption, partitions, crash-recovery',
  defaultTimeMs: 20_000,
  faults: {
    ...NAMED_PROFILES.default!,
    name: 'broadcast-default',
    dropProbability: 0.05,
    duplicateProbability: 0.05,
    reorderProbability: 0.1,
    corruptProbability: 0.01,
    loseUnsyncedWrites: true,
    quietPeriodMs: 5000,
  },
  // Push + anti-entropy repairs any loss; delivered messages are synced before a node acts on them;
  // every message carries a checksum of (origin, seq, body) and a mismatch is treated as lost.
  assumptions: {
    ...ASYNC_CRASH_RECOVERY,
    network: { ...ASYNC_CRASH_RECOVERY.network, corrupt: true },
    why: 'asynchronous crash-recovery; anti-entropy repairs loss; checksummed messages; nothing Byzantine',
  },
  setup: (env) => {
    const logic = broadcastNode({
      originateMsMean: 300,
      originateUntilMs: Math.max(0, env.runMs - Math.max(env.profile.quietPeriodMs, SETTLE_MS)),
      gossipIntervalMs: 50,
      repairBatch: 32,
    });
    return {
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id, logic })),
      checkers: [exactlyOnceChecker(), agreementChecker()],
    };
  },
};
