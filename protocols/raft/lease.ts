import { confirmedRound } from './apply.js';
import { quorum, usOf, type RaftCtx } from './common.js';
import type { RaftConfig, RaftState } from './types.js';

/** Rounds older than this many cannot hold a lease any more (a lease is shorter than an election timeout). */
const KEPT_ROUNDS = 16;

/**
 * How long a quorum's acknowledgement of a round keeps the leader's lease, on the leader's clock,
 * counted from the round's start (before any follower could have acknowledged it). A follower that
 * acknowledged refuses votes for electionMinMs after it heard from the leader, so no other leader can
 * exist before that; the drift allowance covers the leader's clock running slow and the follower's fast.
 */
export const leaseUs = (config: RaftConfig): number => usOf(config.electionMinMs * (1 - 2 * config.leaseDriftPpmMax * 1e-6));

/** Called at the start of each replication round: remember its start on the leader's clock. */
export function noteRoundStart(state: RaftState, ctx: RaftCtx): void {
  const rounds = (state.leaseRounds ??= []);
  rounds.push({ round: state.readRound, clockUs: ctx.clockUs });
  if (rounds.length > KEPT_ROUNDS) rounds.splice(0, rounds.length - KEPT_ROUNDS);
}

/** Whether this leader holds a lease now: a quorum acknowledged a round that started less than leaseUs ago. */
export function holdsLease(state: RaftState, config: RaftConfig, ctx: RaftCtx): boolean {
  if (state.role !== 'leader' || !state.leaseRounds) return false;
  const confirmed = confirmedRound(state, quorum(ctx));
  const start = state.leaseRounds.find((entry) => entry.round === confirmed);
  return start !== undefined && ctx.clockUs < start.clockUs + leaseUs(config);
}

/** Leases only: a follower notes, on its own clock, when it last heard from a leader (or restarted: it may have acknowledged one). */
export function noteLeaderContact(state: RaftState, ctx: RaftCtx): void {
  state.leaseContactClockUs = ctx.clockUs;
}

/**
 * Leases only: whether this node heard from a leader less than electionMinMs ago on its own clock. Such
 * a node grants no vote and no pre-vote: the leader it heard from may hold a lease for that long.
 */
export function heardLeaderRecently(state: RaftState, config: RaftConfig, ctx: RaftCtx): boolean {
  return state.leaseContactClockUs !== undefined && ctx.clockUs - state.leaseContactClockUs < usOf(config.electionMinMs);
}
