import { adoptTerm, becomeFollower, quorum, resetElectionDeadline, usOf, type RaftCtx } from './common.js';
import { heardLeaderRecently } from './lease.js';
import { isUpToDate, lastIndex, lastTerm, newEntry } from './log.js';
import type { RequestVote, RequestVoteReply, TimeoutNow } from './messages.js';
import { saveEntries, saveTermAndVote } from './persist.js';
import { advanceCommitIndex, replicationRound } from './replication.js';
import type { RaftConfig, RaftState } from './types.js';

function requestVotes(state: RaftState, term: number, preVote: boolean, ctx: RaftCtx): void {
  const msg: RequestVote = { type: 'raft.requestVote', term, lastLogIndex: lastIndex(state.log), lastLogTerm: lastTerm(state.log), preVote };
  for (const peer of ctx.peers) ctx.send(peer, msg);
}

/**
 * PreVote (Raft thesis §9.6): before disturbing anyone, ask whether a quorum would vote for this node
 * in the next term. Nobody changes state for a pre-vote, so a node that rejoins after a partition, and
 * whose term ran ahead in isolation, cannot depose a healthy leader.
 */
export function startPreVote(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  becomeFollower(state, null);
  state.role = 'precandidate';
  state.votes = [ctx.id];
  state.campaignStartUs = ctx.nowUs;
  resetElectionDeadline(state, config, ctx);
  if (state.votes.length >= quorum(ctx)) startElection(state, config, ctx);
  else requestVotes(state, state.currentTerm + 1, true, ctx);
}

/** Figure 2, candidates: increment currentTerm, vote for self (durably), request votes. */
export function startElection(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  state.currentTerm++;
  state.votedFor = ctx.id;
  saveTermAndVote(ctx.storage, state.currentTerm, ctx.id);
  becomeFollower(state, null);
  state.role = 'candidate';
  state.votes = [ctx.id];
  resetElectionDeadline(state, config, ctx);
  if (state.votes.length >= quorum(ctx)) becomeLeader(state, config, ctx);
  else requestVotes(state, state.currentTerm, false, ctx);
}

/** A new leader appends a no-op of its term: committing it commits every earlier entry (Figure 8). */
export function becomeLeader(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  const now = ctx.nowUs;
  ctx.output('raft.elected', {
    term: state.currentTerm,
    campaignMs: (now - state.campaignStartUs) / 1000,
    sinceLeaderMs: (now - state.leaderContactUs) / 1000,
  });
  state.role = 'leader';
  state.leaderId = ctx.id;
  state.leaderSinceUs = now;
  state.leaderContactUs = now;
  state.readRound = 0;
  state.reads = [];
  state.proposed = {};
  const nextIndex = lastIndex(state.log) + 1;
  state.peers = ctx.peers.map(() => ({ nextIndex, matchIndex: 0, lastSentUs: now, lastAckUs: now, ackedRound: 0, sent: 0 }));
  state.log.entries.push(newEntry({ term: state.currentTerm, op: 'noop', client: '', seq: 0, key: '', value: '' }));
  state.termStartIndex = nextIndex;
  saveEntries(ctx.storage, state.log, nextIndex);
  ctx.cancelTimer('heartbeat');
  ctx.setTimer(config.heartbeatMs, 'heartbeat');
  if (ctx.peers.length === 0) advanceCommitIndex(state, ctx);
  replicationRound(state, config, ctx);
}

function leaderIsRecent(state: RaftState, config: RaftConfig, ctx: RaftCtx): boolean {
  if (state.role === 'leader') return true;
  if (config.leaseReads) return heardLeaderRecently(state, config, ctx);
  return state.leaderId !== null && ctx.nowUs - state.leaderContactUs < usOf(config.electionMinMs);
}

/** Figure 2, RequestVote receiver: one vote per term, only for a log at least as up to date as ours. */
export function onRequestVote(state: RaftState, from: string, msg: RequestVote, config: RaftConfig, ctx: RaftCtx): void {
  if (msg.preVote) {
    const granted = msg.term > state.currentTerm && !leaderIsRecent(state, config, ctx) && isUpToDate(state.log, msg.lastLogTerm, msg.lastLogIndex);
    ctx.send(from, { type: 'raft.requestVoteReply', term: state.currentTerm, requestTerm: msg.term, granted, preVote: true });
    return;
  }
  if (config.leaseReads && msg.term > state.currentTerm && leaderIsRecent(state, config, ctx)) {
    // A lease holder may still be serving reads: no vote (and no new term) within electionMinMs of hearing from it.
    ctx.send(from, { type: 'raft.requestVoteReply', term: state.currentTerm, requestTerm: msg.term, granted: false, preVote: false });
    return;
  }
  if (msg.term > state.currentTerm) adoptTerm(state, msg.term, ctx);
  const granted =
    msg.term === state.currentTerm &&
    (state.votedFor === null || state.votedFor === from) &&
    isUpToDate(state.log, msg.lastLogTerm, msg.lastLogIndex);
  if (granted && state.votedFor !== from) {
    state.votedFor = from;
    saveTermAndVote(ctx.storage, state.currentTerm, from);
  }
  if (granted) resetElectionDeadline(state, config, ctx);
  ctx.send(from, { type: 'raft.requestVoteReply', term: state.currentTerm, requestTerm: msg.term, granted, preVote: false });
}

export function onRequestVoteReply(state: RaftState, from: string, msg: RequestVoteReply, config: RaftConfig, ctx: RaftCtx): void {
  if (msg.term > state.currentTerm && !(msg.preVote && msg.granted)) {
    adoptTerm(state, msg.term, ctx);
    return;
  }
  const expected = msg.preVote ? 'precandidate' : 'candidate';
  const term = msg.preVote ? state.currentTerm + 1 : state.currentTerm;
  if (state.role !== expected || msg.requestTerm !== term || !msg.granted) return;
  if (state.votes.includes(from)) return;
  state.votes.push(from);
  if (state.votes.length < quorum(ctx)) return;
  if (msg.preVote) startElection(state, config, ctx);
  else becomeLeader(state, config, ctx);
}

/** Leadership transfer: campaign at once (scripted tests use it to choose who leads). */
export function onTimeoutNow(state: RaftState, msg: TimeoutNow, config: RaftConfig, ctx: RaftCtx): void {
  if (msg.term < state.currentTerm || state.role === 'leader') return;
  state.campaignStartUs = ctx.nowUs;
  startElection(state, config, ctx);
}
