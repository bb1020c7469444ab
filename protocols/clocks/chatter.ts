import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { ClocksMessage } from './messages.js';
import type { ClockRules } from './rules.js';

export type ClockEventKind = 'local' | 'send' | 'receive';

/** One clock event and the timestamp the clock gave it. */
export interface ClockEvent<T> {
  kind: ClockEventKind;
  stamp: T;
  /** The destination of a send or the source of a receive. */
  peer?: string;
}

export interface ChatterState<T> {
  clock: T;
  /**
   * The clock events of the node's latest step, in the order they happened (a receive first, then
   * the sends it triggered). Replaced at every handler; checkers read it after each step.
   */
  stepEvents: ClockEvent<T>[];
}

export interface ChatterOptions {
  /** Every process, in the order that gives vector entries their index. */
  ids: readonly string[];
  /** Mean gap between a process's own actions (exponential), in ms. */
  actMsMean: number;
  /** An action is a local event with this probability, otherwise a burst of sends. */
  localProbability: number;
  /** A burst sends to 1..maxBurst random peers within one step. */
  maxBurst: number;
  /** A receive is followed, in the same handler, by a send to a random peer with this probability. */
  forwardProbability: number;
}

const CLOCK_KEY = 'clock';

/**
 * N processes that chatter: local events, and messages to random peers that carry the sender's
 * timestamp. Every event is stamped by `rules`. The clock is synced to durable storage at the end
 * of every handler, so a crash-recovery restart continues from the last event's timestamp.
 */
export function chatterNode<T>(rules: ClockRules<T>, options: ChatterOptions): NodeLogic<ChatterState<T>, ClocksMessage<T>> {
  const indexOf = new Map(options.ids.map((id, index) => [id, index]));
  const size = options.ids.length;
  type Ctx = NodeContext<ClocksMessage<T>>;

  const selfOf = (ctx: Ctx): number => {
    const self = indexOf.get(ctx.id);
    if (self === undefined) throw new Error(`chatter: ${ctx.id} is not among the clock's processes`);
    return self;
  };

  const send = (state: ChatterState<T>, to: string, self: number, ctx: Ctx): void => {
    state.clock = rules.tick(state.clock, self);
    const stamp = rules.copy(state.clock);
    ctx.send(to, { type: 'clocks.chat', stamp });
    state.stepEvents.push({ kind: 'send', stamp, peer: to });
  };

  const persist = (state: ChatterState<T>, ctx: Ctx): void => {
    ctx.storage.put(CLOCK_KEY, state.clock);
    ctx.storage.sync();
  };

  const start = (clock: T, ctx: Ctx): ChatterState<T> => {
    ctx.setTimer(ctx.rng.exponential(options.actMsMean), 'act');
    return { clock, stepEvents: [] };
  };

  return {
    init: (ctx) => start(rules.initial(size, selfOf(ctx)), ctx),

    onRecover: (ctx) => start(ctx.storage.get<T>(CLOCK_KEY) ?? rules.initial(size, selfOf(ctx)), ctx),

    onMessage: (state, from, msg, ctx) => {
      const self = selfOf(ctx);
      state.stepEvents = [];
      state.clock = rules.receive(state.clock, msg.stamp, self);
      state.stepEvents.push({ kind: 'receive', stamp: rules.copy(state.clock), peer: from });
      if (ctx.peers.length > 0 && ctx.rng.chance(options.forwardProbability)) send(state, ctx.rng.pick(ctx.peers), self, ctx);
      persist(state, ctx);
    },

    onTimer: (state, timer, ctx) => {
      state.stepEvents = [];
      if (timer.name !== 'act') return;
      const self = selfOf(ctx);
      if (ctx.peers.length === 0 || ctx.rng.chance(options.localProbability)) {
        state.clock = rules.tick(state.clock, self);
        state.stepEvents.push({ kind: 'local', stamp: rules.copy(state.clock) });
      } else {
        const burst = 1 + ctx.rng.int(options.maxBurst);
        for (let i = 0; i < burst; i++) send(state, ctx.rng.pick(ctx.peers), self, ctx);
      }
      persist(state, ctx);
      ctx.setTimer(ctx.rng.exponential(options.actMsMean), 'act');
    },
  };
}
