import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { hashValue } from '../../sim/digest.js';
import type { BroadcastMessage, DataMessage } from './messages.js';

export interface BroadcastOptions {
  /** Mean gap between a node's own broadcasts (exponential), in ms. */
  originateMsMean: number;
  /** No new broadcasts after this virtual time, so the run can converge before it ends. */
  originateUntilMs: number;
  gossipIntervalMs: number;
  /** Most messages sent in answer to one gossip. */
  repairBatch: number;
}

export interface BroadcastState {
  /** Next sequence number this node will give its own broadcast (durable). */
  ownSeq: number;
  /** Per origin: the highest seq delivered, in order (durable). */
  delivered: Record<string, number>;
  /** Messages that arrived ahead of a gap, waiting for it to fill (volatile). */
  pending: Record<string, DataMessage>;
}

export type BroadcastCtx = NodeContext<BroadcastMessage>;

export function checksumOf(origin: string, seq: number, body: string): number {
  return hashValue([origin, seq, body]);
}

const msgKey = (origin: string, seq: number): string => `msg:${origin}:${seq}`;

/**
 * Reliable FIFO broadcast by eager push plus pull anti-entropy. Every delivered message and the
 * per-origin delivery counters are written to durable storage and synced before the handler
 * returns, so a crash-recovery restart neither loses nor re-delivers anything.
 */
export function broadcastNode(options: BroadcastOptions): NodeLogic<BroadcastState, BroadcastMessage> {
  const deliver = (state: BroadcastState, msg: DataMessage, ctx: BroadcastCtx): void => {
    ctx.storage.put(msgKey(msg.origin, msg.seq), msg);
    state.delivered[msg.origin] = msg.seq;
    ctx.storage.put(`delivered:${msg.origin}`, msg.seq);
    ctx.output('deliver', { origin: msg.origin, seq: msg.seq });
  };

  const acceptData = (state: BroadcastState, msg: DataMessage, ctx: BroadcastCtx): void => {
    if (checksumOf(msg.origin, msg.seq, msg.body) !== msg.checksum) return;
    const next = (state.delivered[msg.origin] ?? 0) + 1;
    if (msg.seq < next) return;
    if (msg.seq > next) {
      state.pending[`${msg.origin}:${msg.seq}`] = msg;
      return;
    }
    deliver(state, msg, ctx);
    for (let seq = msg.seq + 1; ; seq++) {
      const key = `${msg.origin}:${seq}`;
      const waiting = state.pending[key];
      if (!waiting) break;
      delete state.pending[key];
      deliver(state, waiting, ctx);
    }
    ctx.storage.sync();
  };

  const gossip = (state: BroadcastState, to: string, reply: boolean, ctx: BroadcastCtx): void => {
    ctx.send(to, { type: 'bcast.gossip', have: { ...state.delivered }, reply });
  };

  const repair = (state: BroadcastState, from: string, have: Record<string, number>, ctx: BroadcastCtx): boolean => {
    let sent = 0;
    let theyHaveMore = false;
    for (const origin of Object.keys(state.delivered).sort()) {
      const mine = state.delivered[origin] ?? 0;
      const theirs = typeof have[origin] === 'number' ? (have[origin] as number) : 0;
      for (let seq = theirs + 1; seq <= mine && sent < options.repairBatch; seq++, sent++) {
        const stored = ctx.storage.get<DataMessage>(msgKey(origin, seq));
        if (stored) ctx.send(from, stored);
      }
    }
    for (const origin of Object.keys(have).sort()) {
      if ((have[origin] ?? 0) > (state.delivered[origin] ?? 0)) theyHaveMore = true;
    }
    return theyHaveMore;
  };

  const scheduleOriginate = (ctx: BroadcastCtx): void => {
    const afterMs = ctx.rng.exponential(options.originateMsMean);
    if (ctx.nowMs + afterMs < options.originateUntilMs) ctx.setTimer(afterMs, 'originate');
  };

  const start = (ctx: BroadcastCtx, state: BroadcastState): BroadcastState => {
    scheduleOriginate(ctx);
    ctx.setTimer(options.gossipIntervalMs * ctx.random(), 'gossip');
    return state;
  };

  return {
    init: (ctx) => start(ctx, { ownSeq: 1, delivered: {}, pending: {} }),

    onRecover: (ctx) => {
      const delivered: Record<string, number> = {};
      for (const key of ctx.storage.keys()) {
        if (key.startsWith('delivered:')) delivered[key.slice('delivered:'.length)] = ctx.storage.get<number>(key) ?? 0;
      }
      return start(ctx, { ownSeq: ctx.storage.get<number>('own-seq') ?? 1, delivered, pending: {} });
    },

    onMessage: (state, from, msg, ctx) => {
      switch (msg.type) {
        case 'bcast.data':
          acceptData(state, msg, ctx);
          return;
        case 'bcast.gossip': {
          if (typeof msg.have !== 'object' || msg.have === null) return;
          const theyHaveMore = repair(state, from, msg.have, ctx);
          if (msg.reply && theyHaveMore) gossip(state, from, false, ctx);
          return;
        }
      }
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name === 'gossip') {
        if (ctx.peers.length > 0) gossip(state, ctx.rng.pick(ctx.peers), true, ctx);
        ctx.setTimer(options.gossipIntervalMs, 'gossip');
        return;
      }
      if (timer.name === 'originate') {
        const seq = state.ownSeq;
        state.ownSeq = seq + 1;
        ctx.storage.put('own-seq', state.ownSeq);
        const body = `${ctx.id}-${seq}`;
        const msg: DataMessage = { type: 'bcast.data', origin: ctx.id, seq, body, checksum: checksumOf(ctx.id, seq, body) };
        ctx.output('originate', { origin: ctx.id, seq });
        acceptData(state, msg, ctx);
        for (const peer of ctx.peers) ctx.send(peer, msg);
        scheduleOriginate(ctx);
      }
    },
  };
}
