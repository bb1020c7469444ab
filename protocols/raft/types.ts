/** A replicated command. A no-op is what a new leader appends to commit its predecessors' entries (Figure 8). */
export interface Entry {
  term: number;
  op: 'noop' | 'put';
  /** For put: the client session and its sequence number (dedup), the key and the value. */
  client: string;
  seq: number;
  key: string;
  value: string;
}

/** The log after compaction: entries[k] holds index baseIndex + 1 + k; the snapshot covers 1..baseIndex. */
export interface RaftLog {
  baseIndex: number;
  baseTerm: number;
  entries: Entry[];
}

/** The key-value state machine with its client sessions (client id -> highest applied seq). */
export interface KvMachine {
  data: Record<string, string>;
  sessions: Record<string, number>;
  /** A running hash of every command applied, so replicas' states can be compared cheaply. */
  chain: number;
}

/** A state-machine snapshot; immutable once taken (it may be shared by reference in messages). */
export interface Snapshot {
  index: number;
  term: number;
  data: Record<string, string>;
  sessions: Record<string, number>;
  chain: number;
}

export type Role = 'follower' | 'precandidate' | 'candidate' | 'leader';

/** What a leader knows of one follower (indexed like ctx.peers). */
export interface PeerProgress {
  nextIndex: number;
  matchIndex: number;
  lastSentUs: number;
  lastAckUs: number;
  /** Highest read round this follower has acknowledged in the current term. */
  ackedRound: number;
  /** AppendEntries/InstallSnapshot messages sent to it in this term (the latest one's seq). */
  sent: number;
}

/** A linearizable read waiting for its read index to be applied and its round to be confirmed. */
export interface PendingRead {
  client: string;
  seq: number;
  key: string;
  readIndex: number;
  round: number;
}

export interface RaftState {
  // Persistent (Figure 2), written to ctx.storage and synced before the node answers.
  currentTerm: number;
  votedFor: string | null;
  log: RaftLog;
  snapshot: Snapshot | null;
  // Volatile.
  role: Role;
  leaderId: string | null;
  commitIndex: number;
  lastApplied: number;
  kv: KvMachine;
  /** Votes (or pre-votes) granted to this node in its current campaign, itself included. */
  votes: string[];
  electionDeadlineUs: number;
  /** When this node last heard from a leader of its current term (PreVote refuses while that is recent). */
  leaderContactUs: number;
  campaignStartUs: number;
  // Leader only.
  peers: PeerProgress[];
  /** Index of the no-op this leader appended: reads wait until it is committed. */
  termStartIndex: number;
  leaderSinceUs: number;
  readRound: number;
  reads: PendingRead[];
  /** Highest seq per client appended in this term, so a retry to the same leader is not appended twice. */
  proposed: Record<string, number>;
  /** Leases only: the leader's clock (µs) when each recent replication round started, oldest first. */
  leaseRounds?: { round: number; clockUs: number }[];
  /** Leases only: this node's clock (µs) when it last heard from a leader, or restarted. */
  leaseContactClockUs?: number;
}

export interface RaftConfig {
  /** Election timeouts are drawn uniformly from [electionMinMs, electionMaxMs). */
  electionMinMs: number;
  electionMaxMs: number;
  /** The leader's replication round: heartbeats, batched new entries and read confirmation. */
  heartbeatMs: number;
  maxEntriesPerAppend: number;
  /** Take a snapshot when this many applied entries sit in the log. */
  snapshotEveryEntries: number;
  compactCheckMs: number;
  /**
   * Leader leases (Raft thesis §6.4.1): the leader answers reads locally while its lease, measured on
   * its own clock (ctx.clockUs), is valid, instead of a ReadIndex round. Off by default.
   */
  leaseReads: boolean;
  /** The clock drift bound the lease allows for, in ppm: the lease is electionMinMs · (1 − 2ρ). */
  leaseDriftPpmMax: number;
}

export const DEFAULT_RAFT_CONFIG: RaftConfig = {
  electionMinMs: 300,
  electionMaxMs: 600,
  heartbeatMs: 100,
  maxEntriesPerAppend: 64,
  snapshotEveryEntries: 200,
  compactCheckMs: 500,
  leaseReads: false,
  leaseDriftPpmMax: 100,
};
