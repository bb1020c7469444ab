import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { invokeInHistory, nextRequest, type ClientOptions } from '../rpc/index.js';
import { isIntact, seal, xidOf, type CallMessage, type RpcMessage, type RpcRequest } from './messages.js';

/** What the client keeps on disk: the next sequence number, the low-water mark and the call in flight. */
export interface DurableCall {
  seq: number;
  /** The history operation this call answers (the application's call, across client crashes). */
  op: number;
  request: RpcRequest;
}

export const NEXT_SEQ_KEY = 'client:nextSeq';
export const DONE_UP_TO_KEY = 'client:doneUpTo';
export const PENDING_KEY = 'client:pending';

export interface DurableClientState {
  nextSeq: number;
  doneUpTo: number;
  call: DurableCall | null;
  backoffMs: number;
}

export type DurableClientOptions = Omit<ClientOptions, 'design'>;

type Ctx = NodeContext<RpcMessage>;

/**
 * An RPC client stub that survives its own crash: before a call leaves, its xid and request are
 * written and synced; after a crash-recovery the client re-sends the same call under the same xid
 * until answered, and the server's durable dedup table turns those retries into one execution.
 * Retries are unbounded (exactly-once): no call ever ends in an error.
 */
export function durableRpcClient(options: DurableClientOptions): NodeLogic<DurableClientState, RpcMessage> {
  const persist = (state: DurableClientState, ctx: Ctx): void => {
    ctx.storage.put(NEXT_SEQ_KEY, state.nextSeq);
    ctx.storage.put(DONE_UP_TO_KEY, state.doneUpTo);
    ctx.storage.put(PENDING_KEY, state.call);
    ctx.storage.sync();
  };

  const transmit = (state: DurableClientState, ctx: Ctx): void => {
    const call = state.call!;
    ctx.send(options.server, seal<CallMessage>({ type: 'rpc.call', client: ctx.id, seq: call.seq, doneUpTo: state.doneUpTo, request: call.request }));
    ctx.setTimer(state.backoffMs * (0.75 + 0.5 * ctx.random()), 'retry', call.seq);
  };

  const scheduleNext = (ctx: Ctx): void => {
    const afterMs = ctx.rng.exponential(options.thinkMsMean);
    if (ctx.nowMs + afterMs < options.issueUntilMs) ctx.setTimer(afterMs, 'next');
  };

  const startCall = (state: DurableClientState, ctx: Ctx): void => {
    const seq = state.nextSeq++;
    const request = nextRequest(options.workload, ctx.id, seq, ctx.rng);
    const op = invokeInHistory(ctx.history, request);
    ctx.output('call', { xid: xidOf(ctx.id, seq), op });
    state.call = { seq, op, request };
    state.backoffMs = options.timeoutMs;
    persist(state, ctx); // on disk before it is on the wire
    transmit(state, ctx);
  };

  const recover = (ctx: Ctx): DurableClientState => {
    const state: DurableClientState = {
      nextSeq: ctx.storage.get<number>(NEXT_SEQ_KEY) ?? 1,
      doneUpTo: ctx.storage.get<number>(DONE_UP_TO_KEY) ?? 0,
      call: ctx.storage.get<DurableCall | null>(PENDING_KEY) ?? null,
      backoffMs: options.timeoutMs,
    };
    if (!state.call) {
      scheduleNext(ctx);
      return state;
    }
    ctx.output('resume', { xid: xidOf(ctx.id, state.call.seq), op: state.call.op });
    transmit(state, ctx);
    return state;
  };

  return {
    init: (ctx) => {
      const state: DurableClientState = { nextSeq: 1, doneUpTo: 0, call: null, backoffMs: options.timeoutMs };
      persist(state, ctx);
      scheduleNext(ctx);
      return state;
    },

    onRecover: recover,

    onMessage: (state, _from, msg, ctx) => {
      if (msg.type === 'rpc.call' || !isIntact(msg)) return;
      const call = state.call;
      if (!call || call.seq !== msg.seq) return; // a late or duplicate answer to a finished call
      if (msg.type === 'rpc.pending') return;
      if (call.request.proc === 'put') ctx.history.ok(call.op);
      else ctx.history.ok(call.op, msg.result);
      state.doneUpTo = call.seq;
      state.call = null;
      persist(state, ctx); // the answer and the forgetting are one step: a crash falls before both or after both
      ctx.cancelTimer('retry');
      scheduleNext(ctx);
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name === 'next') startCall(state, ctx);
      else if (timer.name === 'retry' && state.call && state.call.seq === timer.data) {
        state.backoffMs = Math.min(state.backoffMs * options.backoffFactor, options.maxBackoffMs);
        transmit(state, ctx);
      }
    },
  };
}
