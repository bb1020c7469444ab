import type { NodeLogic, NodeSpec } from '../sim/actor.js';
import type { Assumptions } from '../sim/assumptions.js';
import { NAMED_PROFILES } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import type { Checker } from '../sim/simulation.js';
import { ASYNC_CRASH_RECOVERY } from './assumptions.js';
import { kvClient, livenessChecker, raftNode, raftSafetyCheckers, segmentedKvLinearizabilityChecker, type LivenessBounds, type RaftConfig, type RaftMessage, type RaftState } from '../protocols/raft/index.js';

export interface RaftClusterOptions {
  servers: number;
  clients: number;
  /** Mean think time of each closed-loop client, in ms (6 clients at 60 ms give about 80 ops/s when healthy). */
  thinkMsMean: number;
  keys: readonly string[];
  bounds: LivenessBounds;
  raft?: Partial<RaftConfig>;
  /** Share of client operations that are reads (default 0.5). */
  readProbability?: number;
  /** The server logic, when not the standard raftNode(raft) (tests pass broken variants here). */
  server?: NodeLogic<RaftState, RaftMessage>;
}

/**
 * Raft is built for crash-recovery servers (a minority down at once) on an asynchronous network:
 * safety reads no clock and survives any loss, duplication, reordering, delay or partition; it
 * persists term, vote and log before answering, so unsynced writes may be lost. No checksums:
 * a corrupted message is trusted. Not Byzantine-tolerant.
 */
export const RAFT_ASSUMPTIONS: Assumptions = {
  ...ASYNC_CRASH_RECOVERY,
  why: 'asynchronous crash-recovery consensus: a majority must stay up; safety reads no clock; messages carry no checksums; no Byzantine nodes',
};

export const RAFT_LIVENESS_BOUNDS: LivenessBounds = { leaderWithinMs: 3000, opWithinMs: 5000 };

export const serverIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `n${i + 1}`);

/** Servers, clients and every Raft checker: the composition the raft scenarios (and tests) share. */
export function raftCluster(options: RaftClusterOptions): { nodes: NodeSpec[]; checkers: Checker[]; servers: string[] } {
  const servers = serverIds(options.servers);
  const server = options.server ?? raftNode(options.raft);
  const client = kvClient({ servers, keys: options.keys, thinkMsMean: options.thinkMsMean, readProbability: options.readProbability ?? 0.5, retryMs: 200, maxRedirects: 3 });
  const nodes: NodeSpec[] = servers.map((id) => ({ id, logic: server }));
  for (let i = 1; i <= options.clients; i++) nodes.push({ id: `c${i}`, logic: client, role: 'client', faultable: false, peers: servers });
  const checkers = [...raftSafetyCheckers(servers), livenessChecker(servers, options.bounds)];
  if (options.clients > 0) checkers.push(segmentedKvLinearizabilityChecker({ name: 'raft-linearizability' }));
  return { nodes, checkers, servers };
}

export const raftKv: Scenario = {
  name: 'raft-kv',
  description: 'Raft KV store on 5 nodes (PreVote, ReadIndex, sessions, snapshots) under partitions, crash-recovery, drops, duplicates, reordering; Figure 3 safety, linearizability, liveness',
  defaultTimeMs: 20_000,
  faults: {
    ...NAMED_PROFILES.default!,
    name: 'raft-kv',
    dropProbability: 0.02,
    duplicateProbability: 0.02,
    reorderProbability: 0.05,
    nemesisIntervalMsMean: 1500,
    episodeMsMin: 200,
    episodeMsMax: 2500,
    loseUnsyncedWrites: true,
    quietPeriodMs: 6000,
  },
  assumptions: RAFT_ASSUMPTIONS,
  // Shrinking may run fewer clients and servers (a smaller witness of the same failure).
  sizes: { servers: { default: 5, min: 3 }, clients: { default: 9, min: 1 } },
  setup: (env) => raftCluster({ servers: env.size.servers ?? 5, clients: env.size.clients ?? 9, thinkMsMean: 60, keys: ['x', 'y', 'z'], bounds: RAFT_LIVENESS_BOUNDS }),
};
