import type { NodeLogic, TimerInfo } from '../../sim/actor.js';
import { becomeFollower, electionClockUs, quorum, resetElectionDeadline, usOf, type RaftCtx } from './common.js';
import { onRequestVote, onRequestVoteReply, onTimeoutNow, startPreVote } from './election.js';
import { emptyMachine, machineFromSnapshot, takeSnapshot } from './kv.js';
import { noteLeaderContact } from './lease.js';
import { termAt } from './log.js';
import type { RaftMessage } from './messages.js';
import { deleteEntries, loadDurable, saveSnapshot } from './persist.js';
import { onAppendEntries, onAppendEntriesReply, onInstallSnapshot, onInstallSnapshotReply, replicationRound } from './replication.js';
import { onClientRequest } from './service.js';
import { DEFAULT_RAFT_CONFIG, type RaftConfig, type RaftState } from './types.js';

/** Builds a node's state from durable storage: empty on a first start, the survivor after a crash. */
function startFromStorage(config: RaftConfig, ctx: RaftCtx): RaftState {
  const durable = loadDurable(ctx.storage);
  const snapshot = durable.snapshot;
  const baseIndex = durable.log.baseIndex;
  const state: RaftState = {
    currentTerm: durable.currentTerm,
    votedFor: durable.votedFor,
    log: durable.log,
    snapshot,
    role: 'follower',
    leaderId: null,
    commitIndex: baseIndex,
    lastApplied: baseIndex,
    kv: snapshot ? machineFromSnapshot(snapshot) : emptyMachine(),
    votes: [],
    electionDeadlineUs: 0,
    leaderContactUs: 0,
    campaignStartUs: ctx.nowUs,
    peers: [],
    termStartIndex: 0,
    leaderSinceUs: 0,
    readRound: 0,
    reads: [],
    proposed: {},
  };
  if (config.leaseReads) noteLeaderContact(state, ctx);
  const timeoutMs = config.electionMinMs + ctx.random() * (config.electionMaxMs - config.electionMinMs);
  state.electionDeadlineUs = electionClockUs(config, ctx) + usOf(timeoutMs);
  ctx.setTimer(timeoutMs, 'election');
  ctx.setTimer(config.compactCheckMs * (0.5 + ctx.random()), 'compact');
  return state;
}

/** The election timer re-arms itself for the current deadline, so resetting it is one assignment. */
function onElectionTimer(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  const now = electionClockUs(config, ctx);
  if (state.role === 'leader') {
    ctx.setTimer(config.electionMinMs, 'election');
    return;
  }
  if (now < state.electionDeadlineUs) {
    ctx.setTimer((state.electionDeadlineUs - now) / 1000, 'election');
    return;
  }
  startPreVote(state, config, ctx);
  ctx.setTimer((state.electionDeadlineUs - now) / 1000, 'election');
}

/**
 * The leader's tick: a replication round to every follower, and check-quorum: a leader that has not heard from a
 * quorum within an election timeout steps down, so clients stop waiting on a leader cut off from it.
 */
function onHeartbeat(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  if (state.role !== 'leader') return;
  const now = ctx.nowUs;
  const windowUs = usOf(config.electionMaxMs);
  if (now - state.leaderSinceUs >= windowUs) {
    let heard = 1;
    for (const peer of state.peers) if (now - peer.lastAckUs < windowUs) heard++;
    if (heard < quorum(ctx)) {
      becomeFollower(state, null);
      resetElectionDeadline(state, config, ctx);
      return;
    }
  }
  replicationRound(state, config, ctx);
  ctx.setTimer(config.heartbeatMs, 'heartbeat');
}

/** Raft §7: snapshot the applied state and drop the log prefix it covers (keys deleted one by one). */
function onCompactTimer(state: RaftState, config: RaftConfig, ctx: RaftCtx): void {
  ctx.setTimer(config.compactCheckMs, 'compact');
  const log = state.log;
  const upTo = state.lastApplied;
  if (upTo - log.baseIndex < config.snapshotEveryEntries) return;
  const snapshot = takeSnapshot(state.kv, upTo, termAt(log, upTo));
  saveSnapshot(ctx.storage, snapshot);
  deleteEntries(ctx.storage, log.baseIndex + 1, upTo);
  ctx.storage.sync();
  log.entries.splice(0, upTo - log.baseIndex);
  log.baseIndex = upTo;
  log.baseTerm = snapshot.term;
  state.snapshot = snapshot;
}

/** A Raft server (Figure 2) with PreVote, check-quorum, ReadIndex reads, sessions and snapshots. */
export function raftNode(overrides: Partial<RaftConfig> = {}): NodeLogic<RaftState, RaftMessage> {
  const config: RaftConfig = { ...DEFAULT_RAFT_CONFIG, ...overrides };
  return {
    init: (ctx) => startFromStorage(config, ctx),
    onRecover: (ctx) => startFromStorage(config, ctx),
    onMessage: (state, from, msg, ctx) => {
      switch (msg.type) {
        case 'raft.appendEntries':
          return onAppendEntries(state, from, msg, config, ctx);
        case 'raft.appendEntriesReply':
          return onAppendEntriesReply(state, from, msg, config, ctx);
        case 'raft.requestVote':
          return onRequestVote(state, from, msg, config, ctx);
        case 'raft.requestVoteReply':
          return onRequestVoteReply(state, from, msg, config, ctx);
        case 'raft.installSnapshot':
          return onInstallSnapshot(state, from, msg, config, ctx);
        case 'raft.installSnapshotReply':
          return onInstallSnapshotReply(state, from, msg, config, ctx);
        case 'raft.timeoutNow':
          return onTimeoutNow(state, msg, config, ctx);
        case 'raft.clientRequest':
          return onClientRequest(state, from, msg, config, ctx);
        default:
          return undefined;
      }
    },
    onTimer: (state, timer: TimerInfo, ctx) => {
      if (timer.name === 'election') onElectionTimer(state, config, ctx);
      else if (timer.name === 'heartbeat') onHeartbeat(state, config, ctx);
      else if (timer.name === 'compact') onCompactTimer(state, config, ctx);
    },
  };
}

