import { applyCommitted, serveReads } from './apply.js';
import { adoptTerm, becomeFollower, quorum, resetElectionDeadline, usOf, type RaftCtx } from './common.js';
import { machineFromSnapshot } from './kv.js';
import { noteLeaderContact, noteRoundStart } from './lease.js';
import { entryAt, firstIndexOfTerm, lastIndex, lastIndexOfTerm, termAt } from './log.js';
import type { AppendEntries, AppendEntriesReply, InstallSnapshot, InstallSnapshotReply } from './messages.js';
import { deleteEntries, saveEntries, saveSnapshot } from './persist.js';
import type { PeerProgress, RaftConfig, RaftState } from './types.js';

/**
 * Sends one AppendEntries (or InstallSnapshot when the follower needs compacted entries). A follower
 * that has not answered lately is probed with an empty AppendEntries until it does, so a crashed or
 * cut-off follower is not sent the same batch again and again. Returns how many entries went out.
 */
export function sendAppend(state: RaftState, peerIndex: number, config: RaftConfig, ctx: RaftCtx): number {
  const peer = state.peers[peerIndex] as PeerProgress;
  const to = ctx.peers[peerIndex] as string;
  const log = state.log;
  const now = ctx.nowUs;
  peer.lastSentUs = now;
  const seq = ++peer.sent;
  if (peer.nextIndex <= log.baseIndex) {
    ctx.send(to, { type: 'raft.installSnapshot', term: state.currentTerm, snapshot: state.snapshot!, round: state.readRound, seq });
    return 0;
  }
  const prevLogIndex = peer.nextIndex - 1;
  const responsive = now - peer.lastAckUs <= usOf(config.heartbeatMs * 3);
  const count = responsive ? Math.min(lastIndex(log) - prevLogIndex, config.maxEntriesPerAppend) : 0;
  const start = prevLogIndex - log.baseIndex;
  ctx.send(to, {
    type: 'raft.appendEntries',
    term: state.currentTerm,
    prevLogIndex,
    prevLogTerm: termAt(log, prevLogIndex),
    entries: count > 0 ? log.entries.slice(start, start + count) : [],
    leaderCommit: state.commitIndex,
    round: state.readRound,
    seq,
  });
  return count;
}

/**
 * One replication round (the leader's tick): every follower gets the entries it lacks, or a
 * heartbeat, carrying a new read round. Client commands wait for the next round, so a round carries
 * every command that arrived since the last one (group commit: the message count does not grow with load).
 */
export function replicationRound(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  state.readRound++;
  if (config.leaseReads) noteRoundStart(state, ctx);
  for (let i = 0; i < state.peers.length; i++) sendAppend(state, i, config, ctx);
}

/**
 * Figure 2 and the Figure 8 rule: commitIndex moves to the highest index stored on a quorum, but only
 * if that entry is from the current term; earlier entries then commit with it, never by counting.
 */
export function advanceCommitIndex(state: RaftState, ctx: RaftCtx): void {
  const candidate = quorumMatchIndex(state, lastIndex(state.log), quorum(ctx));
  if (candidate > state.commitIndex && termAt(state.log, candidate) === state.currentTerm) {
    state.commitIndex = candidate;
    applyCommitted(state, ctx);
  }
}

/** The highest index that a quorum (the leader's own log included) is known to store. */
export function quorumMatchIndex(state: RaftState, own: number, needed: number): number {
  let best = 0;
  for (let i = -1; i < state.peers.length; i++) {
    const index = i < 0 ? own : state.peers[i]!.matchIndex;
    if (index <= best) continue;
    let count = own >= index ? 1 : 0;
    for (const peer of state.peers) if (peer.matchIndex >= index) count++;
    if (count >= needed) best = index;
  }
  return best;
}

/** Built field by field (one object shape, no spread): there is a reply to every AppendEntries. */
function reply(ctx: RaftCtx, to: string, term: number, success: boolean, matchIndex: number, conflictTerm: number, conflictIndex: number, round: number, seq: number): void {
  const msg: AppendEntriesReply = { type: 'raft.appendEntriesReply', term, success, matchIndex, conflictTerm, conflictIndex, round, seq };
  ctx.send(to, msg);
}

/** Accepts the sender as leader of msg.term (which is at least the current term). */
function followLeader(state: RaftState, from: string, term: number, config: RaftConfig, ctx: RaftCtx): void {
  if (term > state.currentTerm) adoptTerm(state, term, ctx);
  if (state.role !== 'follower' || state.leaderId !== from) becomeFollower(state, from);
  state.leaderContactUs = ctx.nowUs;
  if (config.leaseReads) noteLeaderContact(state, ctx);
  resetElectionDeadline(state, config, ctx);
}

/** Figure 2, AppendEntries receiver implementation, with the conflict-term optimisation on failure. */
export function onAppendEntries(state: RaftState, from: string, msg: AppendEntries, config: RaftConfig, ctx: RaftCtx): void {
  const round = msg.round;
  const seq = msg.seq;
  if (msg.term < state.currentTerm) {
    // Round 0: read rounds restart with each leadership, so echoing an earlier term's round under
    // the current term would confirm reads of the sender's new leadership that nobody acknowledged.
    reply(ctx, from, state.currentTerm, false, 0, 0, 0, 0, seq);
    return;
  }
  followLeader(state, from, msg.term, config, ctx);
  const log = state.log;
  const entries = msg.entries;
  // Entries at or below the snapshot are committed, so they match the leader's: skip them.
  let prevIndex = msg.prevLogIndex;
  let skip = 0;
  if (prevIndex < log.baseIndex) {
    skip = Math.min(entries.length, log.baseIndex - prevIndex);
    prevIndex += skip;
    if (prevIndex < log.baseIndex) {
      reply(ctx, from, state.currentTerm, true, prevIndex, 0, 0, round, seq);
      return;
    }
  } else {
    const last = lastIndex(log);
    if (prevIndex > last) {
      reply(ctx, from, state.currentTerm, false, 0, 0, last + 1, round, seq);
      return;
    }
    const term = termAt(log, prevIndex);
    if (term !== msg.prevLogTerm) {
      const conflictIndex = Math.max(log.baseIndex + 1, firstIndexOfTerm(log, term));
      reply(ctx, from, state.currentTerm, false, 0, term, conflictIndex, round, seq);
      return;
    }
  }
  // Append what is new; truncate only where an entry really conflicts (same index, other term), so a
  // stale or duplicated AppendEntries never cuts off entries this node already holds.
  let index = prevIndex + 1;
  let firstWritten = -1;
  for (let k = skip; k < entries.length; k++, index++) {
    const entry = entries[k]!;
    const existing = entryAt(log, index);
    if (existing !== undefined) {
      if (existing.term === entry.term) continue;
      deleteEntries(ctx.storage, index, lastIndex(log));
      log.entries.length = index - log.baseIndex - 1;
    }
    log.entries.push(entry);
    if (firstWritten < 0) firstWritten = index;
  }
  if (firstWritten > 0) saveEntries(ctx.storage, log, firstWritten);
  const lastNew = msg.prevLogIndex + entries.length;
  if (msg.leaderCommit > state.commitIndex) {
    const commit = Math.min(msg.leaderCommit, lastNew);
    if (commit > state.commitIndex) state.commitIndex = commit;
  }
  reply(ctx, from, state.currentTerm, true, lastNew, 0, 0, round, seq);
  applyCommitted(state, ctx);
}

/** Where to retry after a refusal: past the leader's last entry of the conflicting term, else at conflictIndex. */
export function nextIndexAfterConflict(state: RaftState, msg: AppendEntriesReply): number {
  if (msg.conflictTerm > 0) {
    const last = lastIndexOfTerm(state.log, msg.conflictTerm);
    if (last > 0) return last + 1;
  }
  return msg.conflictIndex;
}

/** Returns the peer's progress when the reply is current (this term, this leader), else undefined. */
function currentProgress(state: RaftState, from: string, term: number, ctx: RaftCtx): PeerProgress | undefined {
  if (term > state.currentTerm) {
    adoptTerm(state, term, ctx);
    return undefined;
  }
  if (state.role !== 'leader' || term !== state.currentTerm) return undefined;
  const peerIndex = ctx.peers.indexOf(from);
  return peerIndex < 0 ? undefined : state.peers[peerIndex];
}

export function onAppendEntriesReply(state: RaftState, from: string, msg: AppendEntriesReply, config: RaftConfig, ctx: RaftCtx): void {
  const peer = currentProgress(state, from, msg.term, ctx);
  if (!peer) return;
  peer.lastAckUs = ctx.nowUs;
  if (msg.round > peer.ackedRound) peer.ackedRound = msg.round;
  const last = lastIndex(state.log);
  if (msg.success) {
    const match = Math.min(msg.matchIndex, last);
    if (match > peer.matchIndex) {
      peer.matchIndex = match;
      advanceCommitIndex(state, ctx);
    }
    if (peer.nextIndex <= match) peer.nextIndex = match + 1;
  } else {
    const next = nextIndexAfterConflict(state, msg);
    peer.nextIndex = Math.max(peer.matchIndex + 1, Math.min(next, last + 1), 1);
  }
  if (state.reads.length > 0) serveReads(state, ctx);
  // Catching up (a refusal, or a follower a whole batch or more behind) does not wait for the tick;
  // only the answer to the latest send continues it, so duplicated answers never fork a second stream.
  if (msg.seq !== peer.sent) return;
  if (!msg.success || last - peer.nextIndex + 1 >= config.maxEntriesPerAppend) sendAppend(state, ctx.peers.indexOf(from), config, ctx);
}

/** Raft §7: a follower too far behind gets the leader's snapshot; entries past it that agree are kept. */
export function onInstallSnapshot(state: RaftState, from: string, msg: InstallSnapshot, config: RaftConfig, ctx: RaftCtx): void {
  const reply = (matchIndex: number, round = msg.round): void =>
    ctx.send(from, { type: 'raft.installSnapshotReply', term: state.currentTerm, matchIndex, round, seq: msg.seq });
  if (msg.term < state.currentTerm) {
    reply(0, 0); // no round: as for a stale AppendEntries
    return;
  }
  followLeader(state, from, msg.term, config, ctx);
  const snapshot = msg.snapshot;
  if (snapshot.index <= state.commitIndex) {
    reply(snapshot.index);
    return;
  }
  const log = state.log;
  const oldLast = lastIndex(log);
  if (termAt(log, snapshot.index) === snapshot.term) {
    deleteEntries(ctx.storage, log.baseIndex + 1, snapshot.index);
    log.entries.splice(0, snapshot.index - log.baseIndex);
  } else {
    deleteEntries(ctx.storage, log.baseIndex + 1, oldLast);
    log.entries = [];
  }
  log.baseIndex = snapshot.index;
  log.baseTerm = snapshot.term;
  state.snapshot = snapshot;
  saveSnapshot(ctx.storage, snapshot);
  state.kv = machineFromSnapshot(snapshot);
  state.commitIndex = snapshot.index;
  state.lastApplied = snapshot.index;
  reply(snapshot.index);
}

export function onInstallSnapshotReply(state: RaftState, from: string, msg: InstallSnapshotReply, config: RaftConfig, ctx: RaftCtx): void {
  const peer = currentProgress(state, from, msg.term, ctx);
  if (!peer) return;
  peer.lastAckUs = ctx.nowUs;
  if (msg.round > peer.ackedRound) peer.ackedRound = msg.round;
  const match = Math.min(msg.matchIndex, lastIndex(state.log));
  if (match > peer.matchIndex) {
    peer.matchIndex = match;
    advanceCommitIndex(state, ctx);
  }
  if (peer.nextIndex <= match) peer.nextIndex = match + 1;
  if (state.reads.length > 0) serveReads(state, ctx);
  if (msg.seq === peer.sent && lastIndex(state.log) - peer.nextIndex + 1 >= config.maxEntriesPerAppend) sendAppend(state, ctx.peers.indexOf(from), config, ctx);
}
