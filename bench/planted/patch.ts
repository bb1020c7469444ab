/**
 * Planted bugs are the product's protocols with one rule bent from outside: a wrapper around a node's
 * logic that rewrites what it receives or sends, or how it uses its disk. The product code never holds
 * a broken variant; these wrappers live in the benchmark only.
 */
import type { DurableStorage, NodeContext, NodeLogic, NodeSpec, Scenario, TimerInfo } from '../../sim/index.js';

type Ctx = NodeContext<any>;
type Phase = 'init' | 'message' | 'timer' | 'recover';

export interface Patch<S = any> {
  /** Rewrites (or swallows, returning undefined) a message before the honest handler sees it. */
  incoming?(state: S, from: string, msg: any, ctx: Ctx): any;
  /** Rewrites (or swallows) a message the node sends. */
  outgoing?(to: string, msg: any, ctx: Ctx): any;
  /** Runs after the honest message handler, with the message it saw. */
  afterMessage?(state: S, from: string, msg: any, ctx: Ctx): void;
  /** Replaces the node's storage with a misbehaving view of it. */
  storage?(real: DurableStorage, phase: () => Phase): DurableStorage;
  /** Runs before the honest timer handler. */
  beforeTimer?(ctx: Ctx): void;
  /** Runs before every message and timer handler. */
  beforeHandler?(ctx: Ctx): void;
  /** Replaces ctx.random (e.g. a timeout that is not randomised). */
  random?(real: () => number): () => number;
}

/** The honest logic with the patch applied. One context view per engine context (per node incarnation). */
export function patchLogic<S>(logic: NodeLogic<S>, patch: Patch<S>): NodeLogic<S> {
  const views = new WeakMap<Ctx, Ctx>();
  let phase: Phase = 'init';
  const view = (ctx: Ctx): Ctx => {
    let wrapped = views.get(ctx);
    if (wrapped) return wrapped;
    const overrides: PropertyDescriptorMap = {};
    if (patch.outgoing) {
      const outgoing = patch.outgoing;
      overrides.send = {
        value: (to: string, msg: unknown) => {
          const sent = outgoing(to, msg, ctx);
          if (sent !== undefined) ctx.send(to, sent);
        },
      };
    }
    if (patch.storage) overrides.storage = { value: patch.storage(ctx.storage, () => phase) };
    if (patch.random) overrides.random = { value: patch.random(() => ctx.random()) };
    wrapped = Object.create(ctx, overrides) as Ctx;
    views.set(ctx, wrapped);
    return wrapped;
  };
  const patched: NodeLogic<S> = {
    init: (ctx) => {
      phase = 'init';
      return logic.init(view(ctx));
    },
    onMessage: (state, from, msg, ctx) => {
      phase = 'message';
      patch.beforeHandler?.(view(ctx));
      const seen = patch.incoming ? patch.incoming(state, from, msg, view(ctx)) : msg;
      if (seen === undefined) return;
      const next = logic.onMessage(state, from, seen, view(ctx));
      patch.afterMessage?.((next ?? state) as S, from, seen, view(ctx));
      return next;
    },
    onRecover: (ctx) => {
      phase = 'recover';
      return (logic.onRecover ?? logic.init)(view(ctx));
    },
  };
  if (logic.onTimer) {
    const onTimer = logic.onTimer;
    patched.onTimer = (state: S, timer: TimerInfo, ctx: Ctx) => {
      phase = 'timer';
      patch.beforeHandler?.(view(ctx));
      patch.beforeTimer?.(view(ctx));
      return onTimer(state, timer, view(ctx));
    };
  }
  return patched;
}

/** A scenario whose chosen nodes run patched logic; everything else (profile, checkers) unchanged. */
export function patchScenario(base: Scenario, name: string, which: (node: NodeSpec) => boolean, patch: Patch): Scenario {
  return {
    ...base,
    name,
    description: `${base.description} (planted bug)`,
    setup: (env) => {
      const setup = base.setup(env);
      return { ...setup, nodes: setup.nodes.map((node) => (which(node) ? { ...node, logic: patchLogic(node.logic, patch) } : node)) };
    },
  };
}

/** Storage that delegates to the engine's, with some operations replaced. */
function storageWith(real: DurableStorage, overrides: Partial<Pick<DurableStorage, 'put' | 'sync'>>): DurableStorage {
  return {
    get: (key: string) => real.get(key),
    has: (key: string) => real.has(key),
    put: overrides.put ?? ((key: string, value: unknown) => real.put(key, value)),
    delete: (key: string) => real.delete(key),
    keys: () => real.keys(),
    sync: overrides.sync ?? (() => real.sync()),
  } as unknown as DurableStorage;
}

/** Writes to matching keys never reach the disk (a field left out of the persisted record). */
export function forgetting(forget: (key: string) => boolean): Patch['storage'] {
  return (real) => storageWith(real, { put: (key, value) => (forget(key) ? undefined : real.put(key, value)) });
}

/**
 * Group commit done wrong: sync() in a message handler only marks the disk dirty; the flush happens
 * when the node's next timer fires. The handler's replies leave before their writes are durable.
 */
export function syncOnTimerOnly(): Pick<Patch, 'storage' | 'beforeTimer'> {
  return {
    storage: (real, phase) => {
      const storage = storageWith(real, { sync: () => (phase() === 'message' ? undefined : real.sync()) });
      return Object.assign(storage, { flush: () => real.sync() });
    },
    beforeTimer: (ctx) => (ctx.storage as unknown as { flush?: () => void }).flush?.(),
  };
}

/**
 * fsync moved off the critical path: sync() only marks the disk dirty and the flush runs when the
 * node's next event starts, so a handler's replies leave before its writes are durable.
 */
export function syncAtNextEvent(): Pick<Patch, 'storage' | 'beforeHandler'> {
  return {
    storage: (real) => Object.assign(storageWith(real, { sync: () => undefined }), { flush: () => real.sync() }),
    beforeHandler: (ctx) => (ctx.storage as unknown as { flush?: () => void }).flush?.(),
  };
}

/**
 * Persistence order: matching keys are written after the sync instead of before it (the write sits
 * unsynced until the node's next sync, and a crash in between loses it).
 */
export function writtenAfterSync(late: (key: string) => boolean): Patch['storage'] {
  return (real) => {
    const pending: [string, unknown][] = [];
    return storageWith(real, {
      put: (key, value) => {
        if (late(key)) pending.push([key, value]);
        else real.put(key, value);
      },
      sync: () => {
        real.sync();
        for (const [key, value] of pending.splice(0)) real.put(key, value);
      },
    });
  };
}

export const servers = (node: NodeSpec): boolean => (node.faultable ?? true) && node.role !== 'client';
export const clients = (node: NodeSpec): boolean => node.role === 'client';
export const everyNode = (): boolean => true;
