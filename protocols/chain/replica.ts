import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { KvRequest } from '../kv-client/messages.js';
import type { AckMessage, ChainConfig, ChainMessage, ConfigMessage, TailLease, Update, UpdatesMessage } from './messages.js';

export interface ReplicaOptions {
  masterId: string;
  /** The chain every replica knows at start (epoch 1); replicas outside it are spares. */
  initial: ChainConfig;
  pingIntervalMs: number;
  /** How often a replica resends its successor what the successor has not acknowledged. */
  resendIntervalMs: number;
  /** Most updates in one resend. */
  batchMax: number;
}

export interface ReplicaState {
  config: ChainConfig;
  /** Was in the chain once; the master never takes a removed replica back. */
  joined: boolean;
  removed: boolean;
  /** Every applied update, in order: log[k - 1] has seq k. */
  log: Update[];
  kv: Record<string, string>;
  /** Request id → seq of the update that carries it: a retried write is never applied twice. */
  seqOf: Record<string, number>;
  /** Every seq up to this one is committed: applied at a tail that held its lease. */
  committed: number;
  /** What the successor has acknowledged applying; -1 until it answers (after a successor change). */
  succApplied: number;
  lease: TailLease | undefined;
  /**
   * Holds every committed update. Members of the first chain do from the start, and a complete
   * replica stays complete (every later commit passes through it). A replica added as a new tail
   * becomes complete once it has applied as much as a complete predecessor had when it first wrote
   * to it in the current epoch (`syncTarget`, set in `syncEpoch`).
   */
  complete: boolean;
  syncEpoch: number;
  syncTarget: number;
}

type Ctx = NodeContext<ChainMessage>;

/**
 * A chain replication server (van Renesse & Schneider, OSDI 2004). Writes enter at the head, which
 * numbers them; each replica applies updates in order and passes them on; the tail applies last,
 * answers the client and sends the commit point back up the chain. Reads are served by the tail.
 * Updates sent but not yet acknowledged are resent every resendIntervalMs, which repairs drops and,
 * after the master removes a middle replica, brings the new successor up to date.
 */
export function chainReplica(options: ReplicaOptions): NodeLogic<ReplicaState, ChainMessage> {
  const indexIn = (state: ReplicaState, ctx: Ctx): number => state.config.chain.indexOf(ctx.id);
  const predOf = (state: ReplicaState, ctx: Ctx): string | undefined => {
    const i = indexIn(state, ctx);
    return i > 0 ? state.config.chain[i - 1] : undefined;
  };
  const succOf = (config: ChainConfig, id: string): string | undefined => {
    const i = config.chain.indexOf(id);
    return i >= 0 && i < config.chain.length - 1 ? config.chain[i + 1] : undefined;
  };
  const isHead = (state: ReplicaState, ctx: Ctx): boolean => !state.removed && indexIn(state, ctx) === 0;
  const isTail = (state: ReplicaState, ctx: Ctx): boolean => {
    const i = indexIn(state, ctx);
    return !state.removed && i >= 0 && i === state.config.chain.length - 1;
  };

  const apply = (state: ReplicaState, update: Update): void => {
    state.log.push(update);
    state.seqOf[update.reqId] = update.seq;
    state.kv[update.key] = update.f === 'put' ? update.value : (state.kv[update.key] ?? '') + update.value;
  };

  /** The tail answers only with a valid lease, and only once it holds everything committed before it. */
  const canServe = (state: ReplicaState, ctx: Ctx): boolean => {
    if (!isTail(state, ctx) || !state.complete) return false;
    const lease = state.lease;
    return lease !== undefined && lease.epoch === state.config.epoch && ctx.nowMs >= lease.validFromMs && ctx.nowMs < lease.untilMs;
  };

  const catchUp = (state: ReplicaState, msg: UpdatesMessage): void => {
    if (state.complete || !msg.complete || msg.epoch !== state.config.epoch) return;
    if (state.syncEpoch !== msg.epoch) {
      state.syncEpoch = msg.epoch;
      state.syncTarget = msg.applied;
    }
    if (state.log.length >= state.syncTarget) state.complete = true;
  };

  const ackPredecessor = (state: ReplicaState, ctx: Ctx): void => {
    const pred = predOf(state, ctx);
    if (pred === undefined) return;
    const ack: AckMessage = { type: 'chain.ack', epoch: state.config.epoch, applied: state.log.length, committed: state.committed };
    ctx.send(pred, ack);
  };

  /** At the tail: everything applied becomes committed; answer its clients and tell the chain. */
  const commitAtTail = (state: ReplicaState, ctx: Ctx): void => {
    if (!canServe(state, ctx)) return;
    if (state.log.length <= state.committed) return;
    for (let seq = state.committed + 1; seq <= state.log.length; seq++) {
      const update = state.log[seq - 1]!;
      ctx.send(update.client, { type: 'kv.reply', reqId: update.reqId, value: null });
    }
    state.committed = state.log.length;
    ackPredecessor(state, ctx);
  };

  const sendToSuccessor = (state: ReplicaState, entries: Update[], ctx: Ctx): void => {
    const succ = succOf(state.config, ctx.id);
    if (succ === undefined || state.removed) return;
    const msg: UpdatesMessage = {
      type: 'chain.updates',
      epoch: state.config.epoch,
      entries,
      committed: state.committed,
      applied: state.log.length,
      complete: state.complete,
    };
    ctx.send(succ, msg);
  };

  const adopt = (state: ReplicaState, config: ChainConfig, ctx: Ctx): void => {
    const oldSucc = succOf(state.config, ctx.id);
    state.config = config;
    if (config.chain.includes(ctx.id)) state.joined = true;
    else if (state.joined) state.removed = true;
    if (succOf(config, ctx.id) !== oldSucc) state.succApplied = -1;
    state.lease = undefined;
  };

  const onConfig = (state: ReplicaState, msg: ConfigMessage, ctx: Ctx): void => {
    if (msg.config.epoch > state.config.epoch) adopt(state, msg.config, ctx);
    const lease = msg.lease;
    if (lease && lease.epoch === state.config.epoch && (!state.lease || lease.untilMs > state.lease.untilMs)) {
      state.lease = lease;
      if (lease.validFromMs > ctx.nowMs) ctx.setTimer(lease.validFromMs - ctx.nowMs, 'lease-start');
    }
    commitAtTail(state, ctx);
  };

  const onUpdates = (state: ReplicaState, from: string, msg: UpdatesMessage, ctx: Ctx): void => {
    if (state.removed || from !== predOf(state, ctx)) return;
    const before = state.log.length;
    for (const entry of msg.entries) {
      if (entry.seq > state.log.length + 1) break;
      if (entry.seq === state.log.length + 1) apply(state, entry);
    }
    if (msg.committed > state.committed) state.committed = msg.committed;
    catchUp(state, msg);
    if (state.log.length > before) sendToSuccessor(state, state.log.slice(before), ctx);
    commitAtTail(state, ctx);
    ackPredecessor(state, ctx);
  };

  const onAck = (state: ReplicaState, from: string, msg: AckMessage, ctx: Ctx): void => {
    if (state.removed || from !== succOf(state.config, ctx.id)) return;
    if (msg.applied > state.succApplied) state.succApplied = msg.applied;
    if (msg.committed > state.committed) {
      state.committed = msg.committed;
      ackPredecessor(state, ctx);
    }
  };

  const redirect = (state: ReplicaState, to: string, ctx: Ctx): void => {
    ctx.send(to, { type: 'chain.config', config: state.config });
  };

  const onRequest = (state: ReplicaState, from: string, msg: KvRequest, ctx: Ctx): void => {
    if (msg.f === 'get') {
      if (!isTail(state, ctx)) redirect(state, from, ctx);
      else if (canServe(state, ctx)) ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: state.kv[msg.key] ?? null });
      return;
    }
    if (!isHead(state, ctx)) {
      redirect(state, from, ctx);
      return;
    }
    const known = state.seqOf[msg.reqId];
    if (known !== undefined) {
      // A retry: answer it if committed; otherwise the tail will when the update gets there.
      if (known <= state.committed) ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: null });
      return;
    }
    const update: Update = { seq: state.log.length + 1, reqId: msg.reqId, client: from, f: msg.f, key: msg.key, value: msg.value };
    apply(state, update);
    sendToSuccessor(state, [update], ctx);
    commitAtTail(state, ctx);
  };

  const resend = (state: ReplicaState, ctx: Ctx): void => {
    const from = state.succApplied >= 0 ? state.succApplied : Math.min(state.committed, state.log.length);
    sendToSuccessor(state, state.log.slice(from, from + options.batchMax), ctx);
  };

  const init = (ctx: Ctx): ReplicaState => {
      ctx.setTimer(options.pingIntervalMs * ctx.random(), 'ping');
      ctx.setTimer(options.resendIntervalMs * ctx.random(), 'resend');
      const member = options.initial.chain.includes(ctx.id);
      return {
        config: { epoch: options.initial.epoch, chain: [...options.initial.chain] },
        joined: member,
        removed: false,
        log: [],
        kv: {},
        seqOf: {},
        committed: 0,
        succApplied: -1,
        lease: undefined,
        complete: member,
        syncEpoch: 0,
        syncTarget: 0,
      };
  };

  return {
    init,

    // The paper's replicas are fail-stop. A restarted replica has lost its log, so it stays out of
    // the chain for good (silent, so the master removes it) rather than rejoin with a hole.
    onRecover: (ctx) => ({ ...init(ctx), joined: true, removed: true }),

    onMessage: (state, from, msg, ctx) => {
      switch (msg.type) {
        case 'chain.config':
          if (from === options.masterId) onConfig(state, msg, ctx);
          return;
        case 'chain.updates':
          onUpdates(state, from, msg, ctx);
          return;
        case 'chain.ack':
          onAck(state, from, msg, ctx);
          return;
        case 'kv.request':
          onRequest(state, from, msg, ctx);
          return;
        default:
          return;
      }
    },

    onTimer: (state, timer, ctx) => {
      if (state.removed) return;
      switch (timer.name) {
        case 'ping':
          ctx.send(options.masterId, { type: 'chain.ping', epoch: state.config.epoch, applied: state.log.length });
          ctx.setTimer(options.pingIntervalMs, 'ping');
          return;
        case 'resend':
          resend(state, ctx);
          ctx.setTimer(options.resendIntervalMs, 'resend');
          return;
        case 'lease-start':
          commitAtTail(state, ctx);
          return;
      }
    },
  };
}
