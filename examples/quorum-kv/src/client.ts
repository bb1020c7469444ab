import type { NodeContext, NodeLogic } from 'faultline';
import { newer, ZERO, type QuorumMsg, type Stored } from './messages.js';

/** How many replies a phase waits for. Correct when R + W > N and W > N / 2. */
export interface Quorums {
  replicas: string[];
  readQuorum: number;
  writeQuorum: number;
}

interface Pending {
  /** This client's request number; replies to older requests are ignored. */
  op: number;
  /** The operation's id in the history. */
  historyOp: number;
  f: 'get' | 'put';
  key: string;
  value: string | null;
  phase: 'query' | 'store';
  attempts: number;
  replies: Record<string, Stored>;
  acks: Record<string, true>;
  chosen: Stored;
}

export interface ClientState {
  nextOp: number;
  written: number;
  pending: Pending | null;
}

const RETRY_MS = 200;
const MAX_ATTEMPTS = 5;
const THINK_MS = 30;
export const KEYS = ['x', 'y'];

function sendPhase(pending: Pending, quorums: Quorums, ctx: NodeContext<QuorumMsg>): void {
  for (const replica of quorums.replicas) {
    if (pending.phase === 'query') ctx.send(replica, { type: 'kv.query', op: pending.op, key: pending.key });
    else ctx.send(replica, { type: 'kv.store', op: pending.op, key: pending.key, stored: pending.chosen });
  }
  ctx.setTimer(RETRY_MS, 'retry', { op: pending.op, phase: pending.phase, attempt: pending.attempts });
}

/**
 * A client coordinates its own operations, in two phases as in ABD: query a read quorum for the
 * newest version, then store (a put: its value under a higher version; a get: the newest value, the
 * read repair) at a write quorum before answering. A phase that times out is sent again; after
 * MAX_ATTEMPTS the outcome is unknown (`info`).
 */
export function client(quorums: Quorums, stopMs: number): NodeLogic<ClientState, QuorumMsg> {
  function start(state: ClientState, ctx: NodeContext<QuorumMsg>): void {
    if (ctx.nowMs >= stopMs) return;
    const key = ctx.rng.pick(KEYS);
    const isPut = ctx.rng.chance(0.5);
    const value = isPut ? `${ctx.id}-${++state.written}` : null;
    const historyOp = ctx.history.invoke(isPut ? 'put' : 'get', value ?? undefined, key);
    state.pending = { op: ++state.nextOp, historyOp, f: isPut ? 'put' : 'get', key, value, phase: 'query', attempts: 1, replies: {}, acks: {}, chosen: ZERO };
    sendPhase(state.pending, quorums, ctx);
  }

  function finish(state: ClientState, ctx: NodeContext<QuorumMsg>): void {
    const pending = state.pending!;
    ctx.history.ok(pending.historyOp, pending.f === 'get' ? (pending.chosen.value ?? '') : undefined);
    state.pending = null;
    ctx.setTimer(THINK_MS, 'next');
  }

  return {
    init(ctx) {
      ctx.setTimer(THINK_MS, 'next');
      return { nextOp: 0, written: 0, pending: null };
    },
    onMessage(state, from, msg, ctx) {
      const pending = state.pending;
      if (!pending || !('op' in msg) || msg.op !== pending.op) return;
      if (msg.type === 'kv.queryReply' && pending.phase === 'query') {
        pending.replies[from] = msg.stored;
        const replies = Object.values(pending.replies);
        if (replies.length < quorums.readQuorum) return;
        const newest = replies.reduce((best, next) => (newer(next.version, best.version) ? next : best), ZERO);
        pending.chosen = pending.f === 'put' ? { version: { counter: newest.version.counter + 1, writer: ctx.id }, value: pending.value } : newest;
        pending.phase = 'store';
        pending.attempts = 1;
        sendPhase(pending, quorums, ctx);
      } else if (msg.type === 'kv.storeAck' && pending.phase === 'store') {
        pending.acks[from] = true;
        if (Object.keys(pending.acks).length >= quorums.writeQuorum) finish(state, ctx);
      }
    },
    onTimer(state, timer, ctx) {
      if (timer.name === 'next') return start(state, ctx);
      const pending = state.pending;
      const data = timer.data as { op: number; phase: string; attempt: number };
      if (!pending || pending.op !== data.op || pending.phase !== data.phase || pending.attempts !== data.attempt) return;
      if (pending.attempts >= MAX_ATTEMPTS) {
        ctx.history.info(pending.historyOp);
        state.pending = null;
        ctx.setTimer(THINK_MS, 'next');
        return;
      }
      pending.attempts++;
      sendPhase(pending, quorums, ctx);
    },
  };
}
