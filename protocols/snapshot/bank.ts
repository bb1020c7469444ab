import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { MarkerMessage, RecordedTransfer, SnapshotMessage, SnapshotOutputs, TransferMessage } from './messages.js';

export interface BankOptions {
  initialBalance: number;
  /** Mean gap between a node's transfers (exponential), in ms. */
  transferMsMean: number;
  /** A transfer moves 1..maxAmount tokens (never more than the balance). */
  maxAmount: number;
  /** Mean gap between snapshots a node initiates (exponential), in ms. */
  snapshotMsMean: number;
  /** No snapshot starts after this virtual time, so every started one can finish before the end. */
  snapshotUntilMs: number;
}

/** One snapshot in progress at one node. */
export interface SnapshotProgress {
  /** The recorded local state. */
  balance: number;
  /** Incoming channels still being recorded, with what arrived on each since the recording. */
  open: Record<string, RecordedTransfer[]>;
}

export interface BankState {
  balance: number;
  nextTransfer: number;
  nextSnapshot: number;
  /** Snapshots in progress here, by id. */
  snapshots: Record<string, SnapshotProgress>;
  /** Snapshots finished here: a stray marker for one of them is ignored. */
  finished: Record<string, true>;
}

type Ctx = NodeContext<SnapshotMessage>;

function output<K extends keyof SnapshotOutputs>(ctx: Ctx, name: K, value: SnapshotOutputs[K]): void {
  ctx.output(name, value);
}

/**
 * A bank on a complete graph of FIFO channels, with Chandy-Lamport snapshots. Any node may start a
 * snapshot; several run at once, told apart by id. The balance and counters are durable (synced
 * on every change) so a crash-recovery restart neither mints nor loses tokens at the node; snapshot
 * progress is volatile (a crash is outside the algorithm).
 */
export function bankNode(options: BankOptions): NodeLogic<BankState, SnapshotMessage> {
  const persist = (state: BankState, ctx: Ctx): void => {
    ctx.storage.put('bank', { balance: state.balance, nextTransfer: state.nextTransfer, nextSnapshot: state.nextSnapshot });
    ctx.storage.sync();
  };

  const finishIfDone = (state: BankState, id: string, ctx: Ctx): void => {
    const progress = state.snapshots[id];
    if (!progress || Object.keys(progress.open).length > 0) return;
    delete state.snapshots[id];
    state.finished[id] = true;
    output(ctx, 'snapshot.done', { snapshot: id });
  };

  /** Chandy-Lamport's rule: record the local state, then a marker on every outgoing channel. */
  const record = (state: BankState, id: string, markerFrom: string | undefined, ctx: Ctx): void => {
    const open: Record<string, RecordedTransfer[]> = {};
    for (const peer of ctx.peers) if (peer !== markerFrom) open[peer] = [];
    state.snapshots[id] = { balance: state.balance, open };
    output(ctx, 'snapshot.state', { snapshot: id, balance: state.balance });
    // The channel the first marker came on is recorded as empty.
    if (markerFrom !== undefined) output(ctx, 'snapshot.channel', { snapshot: id, from: markerFrom, transfers: [] });
    const marker: MarkerMessage = { type: 'snapshot.marker', snapshot: id };
    for (const peer of ctx.peers) ctx.send(peer, marker);
    finishIfDone(state, id, ctx);
  };

  const onMarker = (state: BankState, from: string, msg: MarkerMessage, ctx: Ctx): void => {
    const id = msg.snapshot;
    if (state.finished[id]) return;
    const progress = state.snapshots[id];
    if (!progress) {
      record(state, id, from, ctx);
      return;
    }
    const transfers = progress.open[from];
    if (!transfers) return;
    delete progress.open[from];
    output(ctx, 'snapshot.channel', { snapshot: id, from, transfers });
    finishIfDone(state, id, ctx);
  };

  const onTransfer = (state: BankState, from: string, msg: TransferMessage, ctx: Ctx): void => {
    state.balance += msg.amount;
    persist(state, ctx);
    output(ctx, 'bank.credit', { id: msg.id, from, amount: msg.amount });
    for (const id of Object.keys(state.snapshots)) state.snapshots[id]!.open[from]?.push({ id: msg.id, amount: msg.amount });
  };

  const transfer = (state: BankState, ctx: Ctx): void => {
    if (state.balance <= 0 || ctx.peers.length === 0) return;
    const amount = 1 + ctx.rng.int(Math.min(state.balance, options.maxAmount));
    const id = `${ctx.id}:${state.nextTransfer++}`;
    state.balance -= amount;
    persist(state, ctx);
    ctx.send(ctx.rng.pick(ctx.peers), { type: 'bank.transfer', id, amount });
  };

  const scheduleSnapshot = (ctx: Ctx): void => {
    const afterMs = ctx.rng.exponential(options.snapshotMsMean);
    if (ctx.nowMs + afterMs < options.snapshotUntilMs) ctx.setTimer(afterMs, 'snapshot');
  };

  const start = (state: BankState, ctx: Ctx): BankState => {
    ctx.setTimer(ctx.rng.exponential(options.transferMsMean), 'transfer');
    scheduleSnapshot(ctx);
    return state;
  };

  return {
    init: (ctx) => start({ balance: options.initialBalance, nextTransfer: 1, nextSnapshot: 1, snapshots: {}, finished: {} }, ctx),

    onRecover: (ctx) => {
      const saved = ctx.storage.get<Pick<BankState, 'balance' | 'nextTransfer' | 'nextSnapshot'>>('bank');
      const state = { balance: options.initialBalance, nextTransfer: 1, nextSnapshot: 1, ...saved, snapshots: {}, finished: {} };
      return start(state, ctx);
    },

    onMessage: (state, from, msg, ctx) => {
      if (msg.type === 'bank.transfer') onTransfer(state, from, msg, ctx);
      else if (msg.type === 'snapshot.marker') onMarker(state, from, msg, ctx);
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name === 'transfer') {
        transfer(state, ctx);
        ctx.setTimer(ctx.rng.exponential(options.transferMsMean), 'transfer');
      } else if (timer.name === 'snapshot') {
        const id = `${ctx.id}#${state.nextSnapshot++}`;
        persist(state, ctx);
        output(ctx, 'snapshot.start', { snapshot: id });
        record(state, id, undefined, ctx);
        scheduleSnapshot(ctx);
      }
    },
  };
}
