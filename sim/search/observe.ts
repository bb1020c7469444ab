import type { NodeContext, NodeLogic, NodeSpec, TimerInfo } from '../actor.js';
import type { DurableStorage } from '../storage.js';

/** What a strategy hears from a wrapped node: cheap callbacks, called only when set. */
export interface NodeObserver {
  /** After the node's handler sent a message (the message is already on the wire). */
  afterSend?(node: string, to: string, msg: unknown, ctx: NodeContext): void;
  /** After the node synced its storage. */
  afterSync?(node: string, ctx: NodeContext): void;
  /** When the node set a timer: the timeouts a protocol uses are its own timescale. */
  onSetTimer?(node: string, afterMs: number, ctx: NodeContext): void;
  /** Before the node handles a message. */
  beforeMessage?(node: string, from: string, msg: unknown, ctx: NodeContext): void;
}

/**
 * A context that reports sends, syncs and timers to the observer and otherwise is the engine's own:
 * the node cannot tell the difference, so its behaviour (and the trace) is unchanged. A class, so
 * every observed context has one hidden class with fast properties (an object literal with getters
 * is a dictionary, and an object made with Object.create(ctx) has one hidden class per node, which
 * made the protocol's every ctx access megamorphic, measured).
 */
class ObservedContext implements NodeContext {
  /** A plain field, not #private: a protocol may wrap its context (Object.create(ctx)), and getters then run on the wrapper. */
  readonly engine: NodeContext;
  readonly id: string;
  readonly peers: readonly string[];
  readonly send: NodeContext['send'];
  readonly setTimer: NodeContext['setTimer'];
  readonly cancelTimer: NodeContext['cancelTimer'];
  readonly random: NodeContext['random'];
  readonly rng: NodeContext['rng'];
  readonly storage: DurableStorage;
  readonly history: NodeContext['history'];
  readonly output: NodeContext['output'];
  readonly log: NodeContext['log'];

  constructor(ctx: NodeContext, observer: NodeObserver) {
    const node = ctx.id;
    const { afterSend, onSetTimer, afterSync } = observer;
    this.engine = ctx;
    this.id = ctx.id;
    this.peers = ctx.peers;
    this.send = afterSend
      ? (to: string, msg: unknown) => {
          ctx.send(to, msg);
          afterSend(node, to, msg, ctx);
        }
      : ctx.send;
    this.setTimer = onSetTimer
      ? (afterMs: number, name: string, data?: unknown) => {
          onSetTimer(node, afterMs, ctx);
          return ctx.setTimer(afterMs, name, data);
        }
      : ctx.setTimer;
    this.cancelTimer = ctx.cancelTimer;
    this.random = ctx.random;
    this.rng = ctx.rng;
    this.storage = afterSync ? (new ObservedStorage(ctx, afterSync) as unknown as DurableStorage) : ctx.storage;
    this.history = ctx.history;
    this.output = ctx.output;
    this.log = ctx.log;
  }

  get nowUs(): number {
    return this.engine.nowUs;
  }

  get nowMs(): number {
    return this.engine.nowMs;
  }

  get clockUs(): number {
    return this.engine.clockUs;
  }

  get clockMs(): number {
    return this.engine.clockMs;
  }
}

/** Storage that reports each sync; it delegates (not a prototype copy): the engine's storage keeps counters in its own fields. */
class ObservedStorage {
  // Plain fields, as in ObservedContext: a protocol may wrap its storage too.
  readonly real: DurableStorage;
  readonly ctx: NodeContext;
  readonly afterSync: NonNullable<NodeObserver['afterSync']>;

  constructor(ctx: NodeContext, afterSync: NonNullable<NodeObserver['afterSync']>) {
    this.real = ctx.storage;
    this.ctx = ctx;
    this.afterSync = afterSync;
  }

  get<T = unknown>(key: string): T | undefined {
    return this.real.get<T>(key);
  }

  has(key: string): boolean {
    return this.real.has(key);
  }

  put(key: string, value: unknown): void {
    this.real.put(key, value);
  }

  delete(key: string): void {
    this.real.delete(key);
  }

  keys(): string[] {
    return this.real.keys();
  }

  sync(): void {
    this.real.sync();
    this.afterSync(this.ctx.id, this.ctx);
  }

  get writeCount(): number {
    return this.real.writeCount;
  }

  loseUnsynced(): number {
    return this.real.loseUnsynced();
  }

  snapshot(): Record<string, unknown> {
    return this.real.snapshot();
  }
}

/**
 * The observed view of each engine context a wrapper is called with (one per engine context). An
 * empty observer gives a view that only forwards: the protocol then sees an ObservedContext in every
 * seed of a mix, not the engine's context in some and this class in others (see CoverageCollector).
 */
export function contextViews<M>(observer: NodeObserver): (ctx: NodeContext<M>) => NodeContext<M> {
  const views = new WeakMap<NodeContext<M>, NodeContext<M>>();
  // A wrapper serves one node of one run, so every call brings the same engine context: the last
  // one answers without the WeakMap lookup (one per handler call, visible in CPU profiles).
  let lastCtx: NodeContext<M> | undefined;
  let lastView: NodeContext<M> | undefined;
  return (ctx: NodeContext<M>): NodeContext<M> => {
    if (ctx === lastCtx) return lastView as NodeContext<M>;
    let wrapped = views.get(ctx);
    if (!wrapped) views.set(ctx, (wrapped = new ObservedContext(ctx as NodeContext, observer) as unknown as NodeContext<M>));
    lastCtx = ctx;
    lastView = wrapped;
    return wrapped;
  };
}

/** The node's logic with every handler given the observed context (one wrapper per engine context). */
export function observeLogic<S, M>(logic: NodeLogic<S, M>, observer: NodeObserver): NodeLogic<S, M> {
  const view = contextViews<M>(observer);
  const beforeMessage = observer.beforeMessage;
  const observed: NodeLogic<S, M> = {
    init: (ctx) => logic.init(view(ctx)),
    onMessage: (state, from, msg, ctx) => {
      beforeMessage?.(ctx.id, from, msg, ctx as NodeContext);
      return logic.onMessage(state, from, msg, view(ctx));
    },
  };
  if (logic.onTimer) {
    const onTimer = logic.onTimer;
    observed.onTimer = (state: S, timer: TimerInfo, ctx: NodeContext<M>) => onTimer(state, timer, view(ctx));
  }
  if (logic.onRecover) {
    const onRecover = logic.onRecover;
    observed.onRecover = (ctx) => onRecover(view(ctx));
  }
  return observed;
}

/** Every node whose id passes `which` observed; the others untouched. */
export function observeNodes(nodes: readonly NodeSpec[], observer: NodeObserver, which: (node: NodeSpec) => boolean = () => true): NodeSpec[] {
  return observeEach(nodes, (node) => (which(node) ? observer : undefined));
}

/** Each node observed by its own observer (state kept per node, no lookup by id per call); undefined leaves a node untouched. */
export function observeEach(nodes: readonly NodeSpec[], observerOf: (node: NodeSpec) => NodeObserver | undefined): NodeSpec[] {
  return nodes.map((node) => {
    const observer = observerOf(node);
    return observer ? { ...node, logic: observeLogic(node.logic, observer) } : node;
  });
}
