import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { AdversaryAction, AdversaryInput, ProtocolAdversary } from '../../sim/byzantine.js';
import { messageId, scheduleOriginate, type OriginateOptions } from './messages.js';

/** Bracha's three message kinds; the channel authenticates the sender (`from`), not the fields. */
export interface BrachaMessage {
  type: 'rbb.send' | 'rbb.echo' | 'rbb.ready';
  origin: string;
  seq: number;
  body: string;
}

export interface BrachaQuorums {
  /** ECHOs for one body that make a process send READY: ⌈(n + f + 1) / 2⌉. */
  echo: number;
  /** READYs that make a process send READY itself (amplification): f + 1. */
  readyAmplify: number;
  /** READYs that make a process deliver: 2f + 1. */
  deliver: number;
}

/** The quorums for n processes of which at most f are Byzantine (needs n > 3f). */
export const brachaQuorums = (n: number, f: number): BrachaQuorums => ({ echo: Math.ceil((n + f + 1) / 2), readyAmplify: f + 1, deliver: 2 * f + 1 });

export interface BrachaOptions extends OriginateOptions {
  quorums: BrachaQuorums;
}

export interface BrachaState {
  ownSeq: number;
  /** Per message id: whether this process has sent its ECHO / READY, and whether it delivered. */
  echoed: Record<string, true>;
  readied: Record<string, true>;
  delivered: Record<string, true>;
  /** Per `id|body`: the distinct senders of ECHO / READY for that body. */
  echoes: Record<string, string[]>;
  readies: Record<string, string[]>;
}

type Ctx = NodeContext<BrachaMessage>;

const voteKey = (msg: BrachaMessage): string => `${messageId(msg.origin, msg.seq)}|${msg.body}`;

/** Counts `from` once per key; returns how many distinct senders the key has now. */
function countVote(votes: Record<string, string[]>, key: string, from: string): number {
  const senders = (votes[key] ??= []);
  if (!senders.includes(from)) senders.push(from);
  return senders.length;
}

/**
 * Bracha's reliable broadcast (1987), for n > 3f processes of which f may be Byzantine, over reliable
 * authenticated links. The origin sends SEND to all; a process ECHOes the first SEND it gets from the
 * origin itself; on ⌈(n+f+1)/2⌉ ECHOs or f+1 READYs for one body it sends READY (once); on 2f+1 READYs
 * it delivers. Two echo quorums share an honest process, which echoes one body only, so no two honest
 * processes deliver different bodies; f+1 READYs include an honest one, so READY spreads to all.
 */
export function brachaNode(options: BrachaOptions): NodeLogic<BrachaState, BrachaMessage> {
  const { quorums } = options;
  const toAll = (msg: BrachaMessage, ctx: Ctx, self: BrachaState): void => {
    for (const peer of ctx.peers) ctx.send(peer, msg);
    onMessage(self, ctx.id, msg, ctx);
  };

  const sendReady = (state: BrachaState, msg: BrachaMessage, ctx: Ctx): void => {
    const id = messageId(msg.origin, msg.seq);
    if (state.readied[id]) return;
    state.readied[id] = true;
    toAll({ type: 'rbb.ready', origin: msg.origin, seq: msg.seq, body: msg.body }, ctx, state);
  };

  function onMessage(state: BrachaState, from: string, msg: BrachaMessage, ctx: Ctx): void {
    if (typeof msg !== 'object' || msg === null || typeof msg.body !== 'string' || typeof msg.origin !== 'string') return;
    const id = messageId(msg.origin, msg.seq);
    if (msg.type === 'rbb.send') {
      // Only the origin's own SEND counts: a relay of it is what ECHO is for.
      if (from !== msg.origin || state.echoed[id]) return;
      state.echoed[id] = true;
      toAll({ type: 'rbb.echo', origin: msg.origin, seq: msg.seq, body: msg.body }, ctx, state);
    } else if (msg.type === 'rbb.echo') {
      if (countVote(state.echoes, voteKey(msg), from) >= quorums.echo) sendReady(state, msg, ctx);
    } else if (msg.type === 'rbb.ready') {
      const readies = countVote(state.readies, voteKey(msg), from);
      if (readies >= quorums.readyAmplify) sendReady(state, msg, ctx);
      if (readies >= quorums.deliver && !state.delivered[id]) {
        state.delivered[id] = true;
        ctx.output('deliver', { origin: msg.origin, seq: msg.seq, body: msg.body });
      }
    }
  }

  return {
    init: (ctx) => {
      scheduleOriginate(ctx, options);
      return { ownSeq: 1, echoed: {}, readied: {}, delivered: {}, echoes: {}, readies: {} };
    },
    onMessage,
    onTimer: (state, timer, ctx) => {
      if (timer.name !== 'originate') return;
      const seq = state.ownSeq++;
      const body = `${ctx.id}-${seq}`;
      ctx.output('originate', { origin: ctx.id, seq, body });
      toAll({ type: 'rbb.send', origin: ctx.id, seq, body }, ctx, state);
      scheduleOriginate(ctx, options);
    },
  };
}

/**
 * A Bracha-aware Byzantine process: as origin it equivocates (one body to some peers, another to the
 * rest); as a voter it ECHOes and READYs a forged body to some peers, stays silent to others, and
 * forges SENDs in other processes' names (which honest processes ignore: the link names the sender).
 */
export function brachaAdversary(): ProtocolAdversary<BrachaMessage> {
  return (input: AdversaryInput<BrachaMessage>): AdversaryAction<BrachaMessage>[] => {
    const { msg, to, rng, peers } = input;
    const forged = (body: string): BrachaMessage => ({ ...msg, body: `${body}~forged` });
    if (msg.type === 'rbb.send') {
      // Equivocation: the peers in the first half of the list get another body.
      const half = peers.indexOf(to) < Math.floor(peers.length / 2);
      const out: AdversaryAction<BrachaMessage>[] = [half ? { to, msg: forged(msg.body), kind: 'equivocate', note: 'body' } : { to, msg }];
      if (rng.chance(0.3) && peers.length > 1) {
        const victim = rng.pick(peers.filter((peer) => peer !== to));
        out.push({ to, msg: { type: 'rbb.send', origin: victim, seq: 1 + rng.int(3), body: 'impersonated' }, kind: 'custom', note: `SEND in ${victim}'s name` });
      }
      return out;
    }
    const roll = rng.float();
    if (roll < 0.3) return [];
    if (roll < 0.7) return [{ to, msg: forged(msg.body), kind: 'alter', note: 'body' }];
    return [{ to, msg }];
  };
}
