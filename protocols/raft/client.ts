import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { ClientRequest, RaftMessage } from './messages.js';

export interface KvClientOptions {
  servers: readonly string[];
  keys: readonly string[];
  /** Mean think time between one answer and the next request (exponential), in ms. */
  thinkMsMean: number;
  /** Share of operations that are reads. */
  readProbability: number;
  /** Resend to another server when no answer came within this long. */
  retryMs: number;
  /** Follow at most this many redirects in a row before waiting for the retry timer. */
  maxRedirects: number;
}

interface Pending {
  op: number;
  request: ClientRequest;
  retryTimer: number;
  redirects: number;
}

export interface KvClientState {
  seq: number;
  /** Index into servers of where requests go now (the last leader heard of). */
  target: number;
  pending: Pending | null;
}

type Ctx = NodeContext<RaftMessage>;

/**
 * A closed-loop client: one operation at a time, retried with the same (client, seq) until it is
 * answered, so every operation either completes or stays open (indeterminate) at the end of the run;
 * it never reports a failure it cannot know.
 */
export function kvClient(options: KvClientOptions): NodeLogic<KvClientState, RaftMessage> {
  const scheduleNext = (ctx: Ctx): void => {
    ctx.setTimer(ctx.rng.exponential(options.thinkMsMean), 'next');
  };
  const transmit = (state: KvClientState, pending: Pending, ctx: Ctx): void => {
    ctx.send(options.servers[state.target] as string, pending.request);
    pending.retryTimer = ctx.setTimer(options.retryMs, 'retry', pending.request.seq);
  };
  const nextServer = (state: KvClientState): void => {
    state.target = (state.target + 1) % options.servers.length;
  };
  return {
    init: (ctx) => {
      scheduleNext(ctx);
      return { seq: 0, target: ctx.rng.int(options.servers.length), pending: null };
    },
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'next') {
        const seq = ++state.seq;
        const key = ctx.rng.pick(options.keys);
        const isRead = ctx.rng.chance(options.readProbability);
        const value = isRead ? '' : `${ctx.id}:${seq}`;
        const op = isRead ? ctx.history.invoke('get', undefined, key) : ctx.history.invoke('put', value, key);
        const request: ClientRequest = { type: 'raft.clientRequest', seq, f: isRead ? 'get' : 'put', key, value };
        state.pending = { op, request, retryTimer: 0, redirects: 0 };
        transmit(state, state.pending, ctx);
        return;
      }
      const pending = state.pending;
      if (timer.name === 'retry' && pending && pending.request.seq === timer.data) {
        nextServer(state);
        pending.redirects = 0;
        transmit(state, pending, ctx);
      }
    },
    onMessage: (state, from, msg, ctx) => {
      const pending = state.pending;
      if (!pending) return;
      if (msg.type === 'raft.clientReply' && msg.seq === pending.request.seq) {
        ctx.cancelTimer(pending.retryTimer);
        if (pending.request.f === 'get') ctx.history.ok(pending.op, msg.value);
        else ctx.history.ok(pending.op);
        state.pending = null;
        state.target = Math.max(0, options.servers.indexOf(from));
        scheduleNext(ctx);
        return;
      }
      if (msg.type === 'raft.clientRedirect' && msg.seq === pending.request.seq) {
        if (pending.redirects >= options.maxRedirects) return;
        pending.redirects++;
        const hinted = msg.leaderHint === null ? -1 : options.servers.indexOf(msg.leaderHint);
        if (hinted >= 0 && hinted !== state.target) state.target = hinted;
        else nextServer(state);
        ctx.cancelTimer(pending.retryTimer);
        transmit(state, pending, ctx);
      }
    },
  };
}
