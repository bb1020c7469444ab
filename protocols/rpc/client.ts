import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { RpcDesign } from './design.js';
import { isIntact, seal, xidOf, type CallMessage, type RpcMessage, type RpcRequest } from './messages.js';
import { invokeInHistory, nextRequest, type WorkloadOptions } from './workload.js';

export interface ClientOptions {
  server: string;
  design: RpcDesign;
  /** First retransmission timeout; each retry multiplies it by backoffFactor, up to maxBackoffMs. */
  timeoutMs: number;
  backoffFactor: number;
  maxBackoffMs: number;
  /** Mean pause between one call's answer and the next call (exponential). */
  thinkMsMean: number;
  /** No new calls from this virtual time on, so the last ones can finish before the run ends. */
  issueUntilMs: number;
  workload: WorkloadOptions;
}

interface OutstandingCall {
  seq: number;
  op: number;
  request: RpcRequest;
  /** Transmissions since the server last showed a sign of life for this call. */
  attempts: number;
  backoffMs: number;
}

export interface ClientState {
  nextSeq: number;
  /** Every call with seq <= doneUpTo has been answered or abandoned (piggybacked on calls). */
  doneUpTo: number;
  call: OutstandingCall | null;
}

type ClientCtx = NodeContext<RpcMessage>;

/**
 * The client stub: one call at a time (a synchronous RPC, as Birrell and Nelson's), retransmitted
 * with exponential backoff until a reply comes or maxAttempts transmissions go unanswered; then
 * the application gets an error, recorded as `info` because the call may or may not have run.
 */
export function rpcClient(options: ClientOptions): NodeLogic<ClientState, RpcMessage> {
  const transmit = (state: ClientState, call: OutstandingCall, ctx: ClientCtx): void => {
    call.attempts++;
    const msg = seal<CallMessage>({ type: 'rpc.call', client: ctx.id, seq: call.seq, doneUpTo: state.doneUpTo, request: call.request });
    ctx.send(options.server, msg);
    // Jitter keeps clients that lost messages together from retrying in lockstep.
    ctx.setTimer(call.backoffMs * (0.75 + 0.5 * ctx.random()), 'retry', call.seq);
  };

  const scheduleNext = (ctx: ClientCtx): void => {
    const afterMs = ctx.rng.exponential(options.thinkMsMean);
    if (ctx.nowMs + afterMs < options.issueUntilMs) ctx.setTimer(afterMs, 'next');
  };

  const finish = (state: ClientState, ctx: ClientCtx): void => {
    state.doneUpTo = state.call!.seq;
    state.call = null;
    ctx.cancelTimer('retry');
    scheduleNext(ctx);
  };

  const startCall = (state: ClientState, ctx: ClientCtx): void => {
    const seq = state.nextSeq++;
    const request = nextRequest(options.workload, ctx.id, seq, ctx.rng);
    const op = invokeInHistory(ctx.history, request);
    ctx.output('call', { xid: xidOf(ctx.id, seq), op });
    state.call = { seq, op, request, attempts: 0, backoffMs: options.timeoutMs };
    transmit(state, state.call, ctx);
  };

  const onRetry = (state: ClientState, seq: number, ctx: ClientCtx): void => {
    const call = state.call;
    if (!call || call.seq !== seq) return;
    if (call.attempts >= options.design.maxAttempts) {
      ctx.history.info(call.op); // no reply after maxAttempts: it may or may not have run
      finish(state, ctx);
      return;
    }
    call.backoffMs = Math.min(call.backoffMs * options.backoffFactor, options.maxBackoffMs);
    transmit(state, call, ctx);
  };

  return {
    init: (ctx) => {
      scheduleNext(ctx);
      return { nextSeq: 1, doneUpTo: 0, call: null };
    },

    onMessage: (state, _from, msg, ctx) => {
      if (msg.type === 'rpc.call' || !isIntact(msg)) return;
      const call = state.call;
      if (!call || call.seq !== msg.seq) return; // a late or duplicate answer to a finished call
      if (msg.type === 'rpc.pending') {
        call.attempts = 0;
        return;
      }
      if (call.request.proc === 'put') ctx.history.ok(call.op);
      else ctx.history.ok(call.op, msg.result);
      finish(state, ctx);
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name === 'next') startCall(state, ctx);
      else if (timer.name === 'retry') onRetry(state, timer.data as number, ctx);
    },
  };
}
