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
 * the node cannot tell the difference, so its behaviour (and the trace) is unchanged. Every observed
 * context is the same object literal with the same fields (an object made with Object.create(ctx)
 * has one hidden class per node, which made the protocol's every ctx access megamorphic, measured).
 */
function observedContext(ctx: NodeContext, observer: NodeObserver): NodeContext {
  const node = ctx.id;
  const { afterSend, onSetTimer, afterSync } = observer;
  const send = afterSend
    ? (to: string, msg: unknown) => {
        ctx.send(to, msg);
        afterSend(node, to, msg, ctx);
      }
    : ctx.send;
  const setTimer = onSetTimer
    ? (afterMs: number, name: string, data?: unknown) => {
        onSetTimer(node, afterMs, ctx);
        return ctx.setTimer(afterMs, name, data);
      }
    : ctx.setTimer;
  return {
    id: ctx.id,
    peers: ctx.peers,
    get nowUs() {
      return ctx.nowUs;
    },
    get nowMs() {
      return ctx.nowMs;
    },
    get clockUs() {
      return ctx.clockUs;
    },
    get clockMs() {
      return ctx.clockMs;
    },
    send,
    setTimer,
    cancelTimer: ctx.cancelTimer,
    random: ctx.random,
    rng: ctx.rng,
    storage: afterSync ? observedStorage(ctx, afterSync) : ctx.storage,
    history: ctx.history,
    output: ctx.output,
    log: ctx.log,
  };
}

/** Storage that reports each sync; it delegates (not a prototype copy): the engine's storage keeps counters in its own fields. */
function observedStorage(ctx: NodeContext, afterSync: NonNullable<NodeObserver['afterSync']>): DurableStorage {
  const node = ctx.id;
  const real = ctx.storage;
  return {
    get: (key: string) => real.get(key),
    has: (key: string) => real.has(key),
    put: (key: string, value: unknown) => real.put(key, value),
    delete: (key: string) => real.delete(key),
    keys: () => real.keys(),
    sync: () => {
      real.sync();
      afterSync(node, ctx);
    },
    get writeCount() {
      return real.writeCount;
    },
    loseUnsynced: () => real.loseUnsynced(),
    snapshot: () => real.snapshot(),
  } as unknown as DurableStorage;
}

/** The node's logic with every handler given the observed context (one wrapper per engine context). */
export function observeLogic<S, M>(logic: NodeLogic<S, M>, observer: NodeObserver): NodeLogic<S, M> {
  const views = new WeakMap<NodeContext<M>, NodeContext<M>>();
  // A wrapper serves one node of one run, so every call brings the same engine context: the last
  // one answers without the WeakMap lookup (one per handler call, measured).
  let lastCtx: NodeContext<M> | undefined;
  let lastView: NodeContext<M> | undefined;
  const view = (ctx: NodeContext<M>): NodeContext<M> => {
    if (ctx === lastCtx) return lastView as NodeContext<M>;
    let wrapped = views.get(ctx);
    if (!wrapped) views.set(ctx, (wrapped = observedContext(ctx as NodeContext, observer) as NodeContext<M>));
    lastCtx = ctx;
    lastView = wrapped;
    return wrapped;
  };
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
  return nodes.map((node) => (which(node) ? { ...node, logic: observeLogic(node.logic, observer) } : node));
}
