import type { Scenario } from '../sim/scenario.js';
import { raftAdversary } from '../protocols/raft/index.js';
import { raftCluster, raftKv, RAFT_ASSUMPTIONS, RAFT_LIVENESS_BOUNDS } from './raft-kv.js';

export const raftKvByzantine: Scenario = {
  name: 'raft-kv-byzantine',
  description: 'raft-kv with one Byzantine node that forges votes, log claims, entries and acknowledgements: the checkers catch the violations and name the node',
  knownAnomaly:
    'Raft assumes crash faults only: one node that lies in RequestVote or AppendEntries breaks Election Safety, Log Matching or Leader Completeness, and the checkers name the Byzantine node',
  defaultTimeMs: 20_000,
  faults: { ...raftKv.faults, name: 'raft-kv-byzantine', byzantineNodes: 1 },
  // The anomaly's environment: Raft's own model plus one Byzantine node (which Raft does not tolerate).
  assumptions: { ...RAFT_ASSUMPTIONS, failureModel: 'byzantine', why: 'Raft is crash-tolerant only: this scenario puts one Byzantine node in its environment to show what breaks' },
  setup: () => ({
    ...raftCluster({ servers: 5, clients: 9, thinkMsMean: 60, keys: ['x', 'y', 'z'], bounds: RAFT_LIVENESS_BOUNDS }),
    adversary: raftAdversary({ lieProbability: 0.2 }),
  }),
};
