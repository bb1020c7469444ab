import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { isIntact, messageId, scheduleOriginate, seal, type OriginateOptions, type FailureModelMessage, type RelayMessage } from './messages.js';

export interface LazyOptions extends OriginateOptions {
  /** A process puts one message on the wire per this many ms, so a crash can cut a broadcast half-way. */
  sendGapMs: number;
}

export interface LazyState {
  ownSeq: number;
  /** Everything delivered, by id (kept to relay an origin's messages once it is reported crashed). */
  delivered: Record<string, RelayMessage>;
  /** Processes the failure detector reported crashed. */
  crashed: string[];
  /** Sends waiting for their turn: [peer, message id]. */
  outbox: [string, string][];
  sending: boolean;
}

type Ctx = NodeContext<FailureModelMessage>;

/**
 * Lazy reliable broadcast (Guerraoui and Rodrigues, algorithm 3.2), for the fail-stop model: deliver
 * on first receipt and relay nothing, until the perfect failure detector reports an origin crashed;
 * then every process relays that origin's messages it has. If any correct process has m, it relays
 * it once the origin is reported, so all correct ones get it; while the origin lives, it sends to all
 * itself. Far fewer messages than eager relaying, but it needs the detector: a crash nobody reports
 * (crash-stop) or a lost message (omission) leaves processes disagreeing.
 */
export function lazyBroadcastNode(options: LazyOptions): NodeLogic<LazyState, FailureModelMessage> {
  const pump = (state: LazyState, ctx: Ctx): void => {
    const next = state.outbox.shift();
    if (!next) {
      state.sending = false;
      return;
    }
    ctx.send(next[0], state.delivered[next[1]]!);
    state.sending = true;
    ctx.setTimer(options.sendGapMs, 'send');
  };

  const broadcast = (state: LazyState, id: string, ctx: Ctx): void => {
    for (const peer of ctx.peers) if (!state.crashed.includes(peer)) state.outbox.push([peer, id]);
    if (!state.sending) pump(state, ctx);
  };

  const deliver = (state: LazyState, msg: RelayMessage, ctx: Ctx): void => {
    const id = messageId(msg.origin, msg.seq);
    state.delivered[id] = msg;
    ctx.output('deliver', { origin: msg.origin, seq: msg.seq });
    // Its origin was already reported: nobody else may relay it in time, so relay now.
    if (state.crashed.includes(msg.origin)) broadcast(state, id, ctx);
  };

  return {
    init: (ctx) => {
      scheduleOriginate(ctx, options);
      return { ownSeq: 1, delivered: {}, crashed: [], outbox: [], sending: false };
    },
    onMessage: (state, _from, msg, ctx) => {
      if (!isIntact(msg) || msg.type !== 'fm.data') return;
      if (!state.delivered[messageId(msg.origin, msg.seq)]) deliver(state, msg, ctx);
    },
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'send') pump(state, ctx);
      else if (timer.name === 'fd.crash') {
        const crashed = timer.data as string;
        if (state.crashed.includes(crashed)) return;
        state.crashed.push(crashed);
        state.outbox = state.outbox.filter(([peer]) => peer !== crashed);
        for (const id of Object.keys(state.delivered).sort()) if (state.delivered[id]!.origin === crashed) broadcast(state, id, ctx);
      } else if (timer.name === 'originate') {
        const seq = state.ownSeq++;
        const msg = seal<RelayMessage>({ type: 'fm.data', origin: ctx.id, seq, body: `${ctx.id}-${seq}` });
        ctx.output('originate', { origin: ctx.id, seq });
        const id = messageId(ctx.id, seq);
        state.delivered[id] = msg;
        ctx.output('deliver', { origin: ctx.id, seq });
        broadcast(state, id, ctx);
        scheduleOriginate(ctx, options);
      }
    },
  };
}
