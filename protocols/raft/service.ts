import { serveReads } from './apply.js';
import type { RaftCtx } from './common.js';
import { lastIndex, newEntry } from './log.js';
import type { ClientRequest } from './messages.js';
import { saveEntries } from './persist.js';
import { advanceCommitIndex } from './replication.js';
import { holdsLease } from './lease.js';
import type { RaftConfig, RaftState } from './types.js';

/**
 * A client's command. Only the leader serves: others redirect to the leader they know. Writes go
 * through the log (deduplicated by session at apply time); reads use ReadIndex and never touch the log.
 */
export function onClientRequest(state: RaftState, from: string, msg: ClientRequest, config: RaftConfig, ctx: RaftCtx): void {
  if (state.role !== 'leader') {
    ctx.send(from, { type: 'raft.clientRedirect', seq: msg.seq, leaderHint: state.leaderId === ctx.id ? null : state.leaderId });
    return;
  }
  if (msg.f === 'get') {
    // The read index is the commit index on arrival, and at least this term's no-op, so a leader that
    // has not yet learned what its predecessors committed waits until it has.
    // Confirmed by the next replication round, which starts after this read arrived.
    const readIndex = Math.max(state.commitIndex, state.termStartIndex);
    if (config.leaseReads && readIndex <= state.lastApplied && holdsLease(state, config, ctx)) {
      // Under a valid lease no other leader can exist: the local state is up to date.
      ctx.send(from, { type: 'raft.clientReply', seq: msg.seq, value: state.kv.data[msg.key] ?? null });
      return;
    }
    state.reads.push({ client: from, seq: msg.seq, key: msg.key, readIndex, round: state.readRound + 1 });
    if (state.peers.length === 0) {
      state.readRound++;
      serveReads(state, ctx);
    }
    return;
  }
  if ((state.kv.sessions[from] ?? 0) >= msg.seq) {
    // Already applied: answer again (the earlier answer was lost, or this is a duplicate).
    ctx.send(from, { type: 'raft.clientReply', seq: msg.seq, value: null });
    return;
  }
  if ((state.proposed[from] ?? 0) >= msg.seq) return; // in the log already; answered when applied
  state.proposed[from] = msg.seq;
  state.log.entries.push(newEntry({ term: state.currentTerm, op: 'put', client: from, seq: msg.seq, key: msg.key, value: msg.value }));
  const index = lastIndex(state.log);
  saveEntries(ctx.storage, state.log, index);
  // Replicated by the next round (group commit); a lone server commits at once.
  if (state.peers.length === 0) advanceCommitIndex(state, ctx);
}
