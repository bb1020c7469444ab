import type { DurableStorage, NodeContext, NodeLogic, Scenario } from '../../sim/index.js';
import { raftNode, type RaftMessage, type RaftState } from '../../protocols/raft/index.js';
import { raftCluster, RAFT_LIVENESS_BOUNDS, raftKv } from '../../scenarios/raft-kv.js';
import type { PlantedBug } from './types.js';

type Ctx = NodeContext<RaftMessage>;
type Logic = NodeLogic<RaftState, RaftMessage>;

/** Storage that silently ignores writes of one key, as a node that forgot to persist it. */
function forgetting(ctx: Ctx, key: string): Ctx {
  const real = ctx.storage;
  const storage = Object.create(real, {
    put: { value: (k: string, value: unknown) => (k === key ? undefined : real.put(k, value)) },
  }) as DurableStorage;
  return Object.create(ctx, { storage: { value: storage } }) as Ctx;
}

/** votedFor kept only in memory: after a crash a server can vote twice in one term. */
function voteNotPersisted(): Logic {
  const honest = raftNode();
  const view = (ctx: Ctx): Ctx => forgetting(ctx, 'vote');
  return {
    init: (ctx) => honest.init(view(ctx)),
    onRecover: (ctx) => (honest.onRecover ?? honest.init)(view(ctx)),
    onMessage: (state, from, msg, ctx) => honest.onMessage(state, from, msg, view(ctx)),
    onTimer: (state, timer, ctx) => honest.onTimer?.(state, timer, view(ctx)),
  };
}

const scenario: Scenario = {
  ...raftKv,
  name: 'planted-raft-vote-not-persisted',
  sizes: { servers: { default: 5, min: 3 }, clients: { default: 3, min: 1 } },
  setup: (env) => raftCluster({ servers: env.size.servers ?? 5, clients: env.size.clients ?? 3, thinkMsMean: 60, keys: ['x', 'y', 'z'], bounds: RAFT_LIVENESS_BOUNDS, server: voteNotPersisted() }),
};

export const raftBugs: PlantedBug[] = [
  { id: 'raft-vote-not-persisted', protocol: 'raft', description: 'votedFor is not written to durable storage', scenario },
];
