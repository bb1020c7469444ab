import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { KvClientMessage, KvFunction, KvRequest } from './messages.js';

/**
 * How a client finds the replica that serves an operation: the protocol's configuration service,
 * how to ask it, and where an operation goes under a configuration. The client itself is generic.
 */
export interface KvRoute<C> {
  configNode: string;
  /** The message that asks configNode for the current configuration. */
  askConfig: unknown;
  /** The configuration a message carries (a config reply or a redirect), if any. */
  configOf(msg: unknown): C | undefined;
  /** Configurations are ordered by this number (epoch, view); a higher one replaces a lower. */
  version(config: C): number;
  /** Where an operation goes now, or undefined when no replica can serve it. */
  target(config: C, f: KvFunction): string | undefined;
}

export interface KvClientOptions {
  keys: readonly string[];
  /** Mean pause between one operation's end and the next one's start (exponential). */
  thinkMsMean: number;
  readProbability: number;
  appendProbability: number;
  /** Resend (asking for the configuration again) when no answer came within this time. */
  retryMs: number;
  /** Give up on an operation after this long and record it as indeterminate (info). */
  opTimeoutMs: number;
  /** No new operation starts at or after this virtual time, so the run can settle. */
  stopAtMs: number;
}

/** The workload both replicated kv scenarios run: three keys, 40% reads, 30% appends, 30% puts. */
export function standardKvWorkload(stopAtMs: number): KvClientOptions {
  return { keys: ['x', 'y', 'z'], thinkMsMean: 15, readProbability: 0.4, appendProbability: 0.3, retryMs: 120, opTimeoutMs: 1000, stopAtMs };
}

interface PendingOp {
  op: number;
  request: KvRequest;
  startedMs: number;
}

export interface KvClientState<C> {
  config: C | undefined;
  opsStarted: number;
  pending: PendingOp | undefined;
}

/**
 * A closed-loop client: one operation at a time, retried with the same request id until answered
 * or timed out. Values are unique per operation (`c1.17;`), so a history stays checkable and a
 * double-applied append would show.
 */
export function kvClient<C>(route: KvRoute<C>, options: KvClientOptions): NodeLogic<KvClientState<C>, KvClientMessage> {
  const sendRequest = (state: KvClientState<C>, ctx: NodeContext<KvClientMessage>): void => {
    const pending = state.pending;
    if (!pending) return;
    const to = state.config === undefined ? undefined : route.target(state.config, pending.request.f);
    if (to !== undefined) ctx.send(to, pending.request);
  };

  const scheduleNext = (ctx: NodeContext<KvClientMessage>): void => {
    const afterMs = ctx.rng.exponential(options.thinkMsMean);
    if (ctx.nowMs + afterMs < options.stopAtMs) ctx.setTimer(afterMs, 'next');
  };

  const start = (state: KvClientState<C>, ctx: NodeContext<KvClientMessage>): void => {
    const n = ++state.opsStarted;
    const roll = ctx.random();
    const f: KvFunction = roll < options.readProbability ? 'get' : roll < options.readProbability + options.appendProbability ? 'append' : 'put';
    const key = ctx.rng.pick(options.keys);
    const value = `${ctx.id}.${n};`;
    const op = ctx.history.invoke(f, f === 'get' ? undefined : value, key);
    const request: KvRequest = { type: 'kv.request', reqId: `${ctx.id}#${n}`, f, key, value: f === 'get' ? '' : value };
    state.pending = { op, request, startedMs: ctx.nowMs };
    if (state.config === undefined) ctx.send(route.configNode, route.askConfig as KvClientMessage);
    sendRequest(state, ctx);
    ctx.setTimer(options.retryMs, 'retry', request.reqId);
  };

  const retry = (state: KvClientState<C>, reqId: unknown, ctx: NodeContext<KvClientMessage>): void => {
    const pending = state.pending;
    if (!pending || pending.request.reqId !== reqId) return;
    if (ctx.nowMs - pending.startedMs >= options.opTimeoutMs) {
      // The request may still take effect later (a copy may be in flight): indeterminate, never fail.
      ctx.history.info(pending.op);
      state.pending = undefined;
      scheduleNext(ctx);
      return;
    }
    ctx.send(route.configNode, route.askConfig as KvClientMessage);
    sendRequest(state, ctx);
    ctx.setTimer(options.retryMs, 'retry', reqId);
  };

  return {
    init: (ctx) => {
      scheduleNext(ctx);
      return { config: undefined, opsStarted: 0, pending: undefined };
    },
    onMessage: (state, _from, msg, ctx) => {
      const config = route.configOf(msg);
      if (config !== undefined) {
        if (state.config === undefined || route.version(config) > route.version(state.config)) {
          state.config = config;
          sendRequest(state, ctx);
        }
        return;
      }
      if (msg.type !== 'kv.reply') return;
      const pending = state.pending;
      if (!pending || pending.request.reqId !== msg.reqId) return;
      if (pending.request.f === 'get') ctx.history.ok(pending.op, msg.value);
      else ctx.history.ok(pending.op);
      state.pending = undefined;
      ctx.cancelTimer('retry');
      scheduleNext(ctx);
    },
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'next') start(state, ctx);
      else if (timer.name === 'retry') retry(state, timer.data, ctx);
    },
  };
}
