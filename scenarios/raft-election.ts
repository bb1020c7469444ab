import { NAMED_PROFILES } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { RAFT_ASSUMPTIONS, RAFT_LIVENESS_BOUNDS, raftCluster } from './raft-kv.js';

/**
 * Elections alone: no client load, partitions and crashes only. Every election a node wins is an
 * output `raft.elected` with campaignMs (pre-vote to leadership) and sinceLeaderMs (since the winner
 * last heard from a leader); liveness bounds the time to a leader once the faults stop.
 */
export const raftElection: Scenario = {
  name: 'raft-election',
  description: 'Raft leader election on 5 nodes under partitions and crash-recovery, no clients: one leader per term, a leader within 3 s of the faults ending; time to elect in raft.elected outputs',
  defaultTimeMs: 30_000,
  faults: {
    ...NAMED_PROFILES.none!,
    name: 'raft-election',
    nemesisIntervalMsMean: 1000,
    partitionWeight: 1,
    crashRecoveryWeight: 1,
    episodeMsMin: 300,
    episodeMsMax: 3000,
    loseUnsyncedWrites: true,
    quietPeriodMs: 5000,
  },
  assumptions: RAFT_ASSUMPTIONS,
  setup: () => raftCluster({ servers: 5, clients: 0, thinkMsMean: 0, keys: [], bounds: RAFT_LIVENESS_BOUNDS }),
};
