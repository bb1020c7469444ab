import { applyEntry } from './kv.js';
import { entryAt } from './log.js';
import type { RaftCtx } from './common.js';
import type { Entry, RaftState } from './types.js';

/**
 * Figure 2: while commitIndex > lastApplied, apply log[++lastApplied]. A leader answers the client of
 * each put it applies (a retried or duplicated put gets the same answer: it executed once), then
 * serves the reads this application unblocked.
 */
export function applyCommitted(state: RaftState, ctx: RaftCtx): void {
  const leading = state.role === 'leader';
  while (state.lastApplied < state.commitIndex) {
    const index = state.lastApplied + 1;
    const entry = entryAt(state.log, index) as Entry;
    applyEntry(state.kv, entry);
    state.lastApplied = index;
    if (leading && entry.op === 'put') ctx.send(entry.client, { type: 'raft.clientReply', seq: entry.seq, value: null });
  }
  if (leading && state.reads.length > 0) serveReads(state, ctx);
}

/** The highest read round a quorum (this leader included) has acknowledged in this term. */
export function confirmedRound(state: RaftState, quorumSize: number): number {
  let best = 0;
  for (const candidate of state.peers) {
    const round = candidate.ackedRound;
    if (round <= best) continue;
    let count = 1; // the leader itself has every round
    for (const peer of state.peers) if (peer.ackedRound >= round) count++;
    if (count >= quorumSize) best = round;
  }
  return quorumSize <= 1 ? state.readRound : best;
}

/**
 * ReadIndex (Raft thesis §6.4): a read is answered once (1) a quorum acknowledged this leader in a
 * round that started after the read arrived, so no newer leader existed when it was served, and (2) the
 * state machine has applied the commit index recorded on arrival.
 */
export function serveReads(state: RaftState, ctx: RaftCtx): void {
  const confirmed = confirmedRound(state, Math.floor((ctx.peers.length + 1) / 2) + 1);
  let kept = 0;
  const reads = state.reads;
  for (let i = 0; i < reads.length; i++) {
    const read = reads[i]!;
    if (read.round <= confirmed && read.readIndex <= state.lastApplied) {
      ctx.send(read.client, { type: 'raft.clientReply', seq: read.seq, value: state.kv.data[read.key] ?? null });
    } else {
      reads[kept++] = read;
    }
  }
  reads.length = kept;
}
