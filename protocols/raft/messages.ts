import type { Entry, Snapshot } from './types.js';

/** Messages of the Raft protocol and its clients (a tagged union, Figure 2 plus the thesis' extensions). */

/** RequestVote, also used for PreVote (preVote: true): then `term` is the term the sender would campaign in. */
export interface RequestVote {
  type: 'raft.requestVote';
  term: number;
  lastLogIndex: number;
  lastLogTerm: number;
  preVote: boolean;
}

export interface RequestVoteReply {
  type: 'raft.requestVoteReply';
  /** The voter's current term. */
  term: number;
  /** The term the request was for (tells stale pre-vote replies apart). */
  requestTerm: number;
  granted: boolean;
  preVote: boolean;
}

export interface AppendEntries {
  type: 'raft.appendEntries';
  term: number;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
  /** The leader's read round when sent: a reply with this term confirms leadership for ReadIndex. */
  round: number;
  /** Per-follower send counter, echoed back: only the answer to the latest send continues a catch-up. */
  seq: number;
}

export interface AppendEntriesReply {
  type: 'raft.appendEntriesReply';
  term: number;
  success: boolean;
  /** On success: prevLogIndex + entries.length of the request (never the follower's own log end). */
  matchIndex: number;
  /** On failure, the conflict-term optimisation: the follower's term at prevLogIndex (0 if it has no entry there) ... */
  conflictTerm: number;
  /** ... and the first index it holds of that term (or its last index + 1). */
  conflictIndex: number;
  round: number;
  seq: number;
}

export interface InstallSnapshot {
  type: 'raft.installSnapshot';
  term: number;
  snapshot: Snapshot;
  round: number;
  seq: number;
}

export interface InstallSnapshotReply {
  type: 'raft.installSnapshotReply';
  term: number;
  /** The follower's log now matches the leader's up to here. */
  matchIndex: number;
  round: number;
  seq: number;
}

/** Leadership transfer (Raft thesis §3.10): campaign now, skipping PreVote. Tests use it to script elections. */
export interface TimeoutNow {
  type: 'raft.timeoutNow';
  term: number;
}

export interface ClientRequest {
  type: 'raft.clientRequest';
  /** Per-client sequence number: (sender, seq) identifies the command, so a retry executes once. */
  seq: number;
  f: 'put' | 'get';
  key: string;
  value: string;
}

export interface ClientReply {
  type: 'raft.clientReply';
  seq: number;
  /** For get: the value read (null when the key is absent). */
  value: string | null;
}

/** "I am not the leader": try leaderHint, if known. */
export interface ClientRedirect {
  type: 'raft.clientRedirect';
  seq: number;
  leaderHint: string | null;
}

export type RaftMessage =
  | RequestVote
  | RequestVoteReply
  | AppendEntries
  | AppendEntriesReply
  | InstallSnapshot
  | InstallSnapshotReply
  | TimeoutNow
  | ClientRequest
  | ClientReply
  | ClientRedirect;
