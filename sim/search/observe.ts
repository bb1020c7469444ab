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
 * the node cannot tell the difference, so its behaviour (and the trace) is unchanged.
 */
function observedContext(ctx: NodeContext, observer: NodeObserver): NodeContext {
  const node = ctx.id;
  const overrides: PropertyDescriptorMap = {};
  if (observer.afterSend) {
    const afterSend = observer.afterSend;
    overrides.send = {
      value: (to: string, msg: unknown) => {
        ctx.send(to, msg);
        afterSend(node, to, msg, ctx);
      },
    };
  }
  if (observer.onSetTimer) {
    const onSetTimer = observer.onSetTimer;
    overrides.setTimer = {
      value: (afterMs: number, name: string, data?: unknown) => {
        onSetTimer(node, afterMs, ctx);
        return ctx.setTimer(afterMs, name, data);
      },
    };
  }
  if (observer.afterSync) {
    const afterSync = observer.afterSync;
    const real = ctx.storage;
    // Delegates (not a prototype copy): the engine's storage keeps counters in its own fields.
    const storage = {
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
    overrides.storage = { value: storage };
  }
  return Object.create(ctx, overrides) as NodeContext;
}

/** The node's logic with every handler given the observed context (one wrapper per engine context). */
export function observeLogic<S, M>(logic: NodeLogic<S, M>, observer: NodeObserver): NodeLogic<S, M> {
  const views = new WeakMap<NodeContext<M>, NodeContext<M>>();
  const view = (ctx: NodeContext<M>): NodeContext<M> => {
    let wrapped = views.get(ctx);
    if (!wrapped) views.set(ctx, (wrapped = observedContext(ctx as NodeContext, observer) as NodeContext<M>));
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
