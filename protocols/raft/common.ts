import type { NodeContext } from '../../sim/actor.js';
import type { RaftMessage } from './messages.js';
import { saveTermAndVote } from './persist.js';
import type { RaftConfig, RaftState } from './types.js';

export type RaftCtx = NodeContext<RaftMessage>;

export const usOf = (ms: number): number => Math.round(ms * 1000);

/** Votes needed out of the whole cluster (peers plus this node). */
export function quorum(ctx: RaftCtx): number {
  return Math.floor((ctx.peers.length + 1) / 2) + 1;
}

/**
 * The clock election deadlines are kept on: with leases, the node's own clock (a real server has no
 * other, and the lease's drift allowance is sized for it); otherwise the engine's true time, as before.
 */
export const electionClockUs = (config: RaftConfig, ctx: RaftCtx): number => (config.leaseReads ? ctx.clockUs : ctx.nowUs);

/** A fresh randomised election timeout (Raft §5.2): split votes resolve because timeouts differ. */
export function resetElectionDeadline(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  const timeoutMs = config.electionMinMs + ctx.random() * (config.electionMaxMs - config.electionMinMs);
  state.electionDeadlineUs = electionClockUs(config, ctx) + usOf(timeoutMs);
}

/** Leaves leadership or a campaign; pending reads are dropped (their clients retry). */
export function becomeFollower(state: RaftState, leaderId: string | null): void {
  state.role = 'follower';
  state.leaderId = leaderId;
  state.votes = [];
  if (state.reads.length > 0) state.reads = [];
  if (state.peers.length > 0) state.peers = [];
}

/** Figure 2, all servers: a message with a higher term makes this node a follower of that term. */
export function adoptTerm(state: RaftState, term: number, ctx: RaftCtx): void {
  state.currentTerm = term;
  state.votedFor = null;
  saveTermAndVote(ctx.storage, term, null);
  becomeFollower(state, null);
}
