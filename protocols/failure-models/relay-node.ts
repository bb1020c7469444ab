import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { isIntact, messageId, scheduleOriginate, seal, type OriginateOptions, type AckMessage, type FailureModelMessage, type RelayMessage } from './messages.js';

export interface RelayOptions extends OriginateOptions {
  /**
   * Omission level: keep resending each message to each peer until that peer acknowledges it.
   * Crash-stop level (false): send once and rely on reliable links and on relaying.
   */
  retransmitEveryMs: number | null;
}

export interface RelayState {
  ownSeq: number;
  /** Everything delivered, by id: volatile (a crash-recovery restart forgets it: not this protocol's model). */
  delivered: Record<string, RelayMessage>;
  /** Omission level: per message id, the peers that have not acknowledged it yet. */
  unacked: Record<string, string[]>;
}

type Ctx = NodeContext<FailureModelMessage>;

/**
 * Eager reliable broadcast (Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed
 * Programming", algorithm 3.3): a process that receives a message for the first time relays it to
 * every other process, then delivers it, in one step. If any correct process delivers m, every correct
 * one does: the first to deliver has already sent m to all. That needs links that lose nothing, which
 * the omission level restores by retransmitting until acknowledged.
 */
export function relayBroadcastNode(options: RelayOptions): NodeLogic<RelayState, FailureModelMessage> {
  const retransmit = options.retransmitEveryMs !== null;

  const firstReceipt = (state: RelayState, msg: RelayMessage, ctx: Ctx): void => {
    const id = messageId(msg.origin, msg.seq);
    state.delivered[id] = msg;
    for (const peer of ctx.peers) ctx.send(peer, msg);
    if (retransmit) state.unacked[id] = [...ctx.peers];
    ctx.output('deliver', { origin: msg.origin, seq: msg.seq });
  };

  const onData = (state: RelayState, from: string, msg: RelayMessage, ctx: Ctx): void => {
    if (retransmit) ctx.send(from, seal<AckMessage>({ type: 'fm.ack', origin: msg.origin, seq: msg.seq }));
    if (!state.delivered[messageId(msg.origin, msg.seq)]) firstReceipt(state, msg, ctx);
  };

  const onAck = (state: RelayState, from: string, msg: AckMessage): void => {
    const id = messageId(msg.origin, msg.seq);
    const waiting = state.unacked[id];
    if (!waiting) return;
    const left = waiting.filter((peer) => peer !== from);
    if (left.length === 0) delete state.unacked[id];
    else state.unacked[id] = left;
  };

  return {
    init: (ctx) => {
      scheduleOriginate(ctx, options);
      if (retransmit) ctx.setTimer(options.retransmitEveryMs!, 'retransmit');
      return { ownSeq: 1, delivered: {}, unacked: {} };
    },
    onMessage: (state, from, msg, ctx) => {
      if (!isIntact(msg)) return;
      if (msg.type === 'fm.data') onData(state, from, msg, ctx);
      else if (msg.type === 'fm.ack') onAck(state, from, msg);
    },
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'originate') {
        const seq = state.ownSeq++;
        const msg = seal<RelayMessage>({ type: 'fm.data', origin: ctx.id, seq, body: `${ctx.id}-${seq}` });
        ctx.output('originate', { origin: ctx.id, seq });
        firstReceipt(state, msg, ctx);
        scheduleOriginate(ctx, options);
      } else if (timer.name === 'retransmit') {
        for (const id of Object.keys(state.unacked)) {
          for (const peer of state.unacked[id]!) ctx.send(peer, state.delivered[id]!);
        }
        ctx.setTimer(options.retransmitEveryMs!, 'retransmit');
      }
    },
  };
}
