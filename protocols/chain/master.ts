import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { ChainConfig, ChainMessage, TailLease } from './messages.js';

export interface MasterOptions {
  /** Every replica, first-chain members and spares alike. */
  replicas: readonly string[];
  initial: ChainConfig;
  /** The master adds a spare as a new tail while the chain is shorter than this. */
  targetLength: number;
  checkIntervalMs: number;
  /** A replica silent for longer than this is taken for crashed and removed for good. */
  suspectAfterMs: number;
  /** Length of a tail lease; shorter than suspectAfterMs, so a removed tail's lease has run out. */
  leaseMs: number;
}

interface LeaseRecord {
  holder: string;
  epoch: number;
  validFromMs: number;
  untilMs: number;
}

export interface MasterState {
  config: ChainConfig;
  /** Removed replicas: never taken back, whatever they say. */
  removed: string[];
  lastPingMs: Record<string, number>;
  lease: LeaseRecord | undefined;
}

type Ctx = NodeContext<ChainMessage>;

/**
 * The chain's master (the paper's master, assumed reliable: it is not faultable). It detects
 * failures by heartbeats and reconfigures: a failed head, tail or middle replica is dropped from
 * the chain (the replicas' resend of unacknowledged updates does the repair), and a spare is added
 * as a new tail while the chain is short. It also grants the tail leases that never overlap
 * between two tails, so a tail that was removed (or replaced) stops answering before another starts.
 */
export function chainMaster(options: MasterOptions): NodeLogic<MasterState, ChainMessage> {
  const grantLease = (state: MasterState, tail: string, ctx: Ctx): TailLease | undefined => {
    const previous = state.lease;
    const continuing = previous !== undefined && previous.holder === tail && previous.epoch === state.config.epoch;
    const barrierMs = previous === undefined ? 0 : continuing ? previous.validFromMs : previous.untilMs;
    const validFromMs = Math.max(ctx.nowMs, barrierMs);
    const untilMs = ctx.nowMs + options.leaseMs;
    if (untilMs <= validFromMs) return undefined;
    state.lease = { holder: tail, epoch: state.config.epoch, validFromMs, untilMs: Math.max(untilMs, previous?.untilMs ?? 0) };
    return { epoch: state.config.epoch, validFromMs, untilMs };
  };

  const reconfigure = (state: MasterState, ctx: Ctx): void => {
    const chain = state.config.chain;
    const silent = chain.filter((id) => ctx.nowMs - (state.lastPingMs[id] ?? 0) > options.suspectAfterMs);
    let next = chain.filter((id) => !silent.includes(id));
    state.removed.push(...silent);
    if (next.length > 0 && next.length < options.targetLength) {
      const spare = options.replicas.find(
        (id) => !next.includes(id) && !state.removed.includes(id) && ctx.nowMs - (state.lastPingMs[id] ?? 0) <= options.suspectAfterMs / 2,
      );
      if (spare !== undefined) next = [...next, spare];
    }
    if (silent.length === 0 && next.length === chain.length) return;
    // A new object: the old one may still be referenced by messages in flight.
    state.config = { epoch: state.config.epoch + 1, chain: next };
    ctx.output('chain.reconfigure', { epoch: state.config.epoch, chain: next, removed: silent });
    for (const id of options.replicas) ctx.send(id, { type: 'chain.config', config: state.config });
  };

  return {
    init: (ctx) => {
      ctx.setTimer(options.checkIntervalMs, 'check');
      const lastPingMs: Record<string, number> = {};
      for (const id of options.replicas) lastPingMs[id] = 0;
      return { config: { epoch: options.initial.epoch, chain: [...options.initial.chain] }, removed: [], lastPingMs, lease: undefined };
    },

    onMessage: (state, from, msg, ctx) => {
      if (msg.type === 'chain.whois') {
        ctx.send(from, { type: 'chain.config', config: state.config });
        return;
      }
      if (msg.type !== 'chain.ping') return;
      if (state.removed.includes(from)) {
        ctx.send(from, { type: 'chain.config', config: state.config });
        return;
      }
      state.lastPingMs[from] = ctx.nowMs;
      const chain = state.config.chain;
      const lease = chain[chain.length - 1] === from ? grantLease(state, from, ctx) : undefined;
      ctx.send(from, { type: 'chain.config', config: state.config, ...(lease ? { lease } : {}) });
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name !== 'check') return;
      reconfigure(state, ctx);
      ctx.setTimer(options.checkIntervalMs, 'check');
    },
  };
}
