import type { RandomStream } from './random.js';
import type { DurableStorage } from './storage.js';
import type { HistoryRecorder } from './history.js';

export interface TimerInfo {
  id: number;
  name: string;
  data: unknown;
}

/**
 * What a handler may touch of the world. Handlers are synchronous and pure with respect to the
 * outside world: everything they need (time, randomness, the network, timers, disk) is here.
 */
export interface NodeContext<M = unknown> {
  readonly id: string;
  /** The other nodes this node talks to (by default: every other node of the same role). */
  readonly peers: readonly string[];
  /** Virtual time in microseconds / milliseconds. */
  readonly nowUs: number;
  readonly nowMs: number;
  /**
   * This node's local (realtime) clock: offset + (1 + ρ)·true time + jumps, in µs / ms. Equal to
   * nowUs unless the profile sets clock faults. Protocols that model physical clocks read this.
   */
  readonly clockUs: number;
  readonly clockMs: number;
  send(to: string, msg: M): void;
  /** Starts a timer that fires after afterMs of this node's clock (afterMs / (1 + ρ) of true time); returns its id. */
  setTimer(afterMs: number, name: string, data?: unknown): number;
  /** Cancels one timer by id, or every live timer with that name. */
  cancelTimer(idOrName: number | string): void;
  /** Uniform in [0, 1) from this node's own stream (`node:<id>`). */
  random(): number;
  /** The same stream with helpers (int, pick, chance, exponential). */
  readonly rng: RandomStream;
  /** Survives crash-recovery; volatile state does not. */
  readonly storage: DurableStorage;
  /** Client operations, recorded as Jepsen does (invoke / ok / fail / info). */
  readonly history: HistoryRecorder;
  /**
   * An observable output of the node (a delivery, an execution, a recorded snapshot): kept in the
   * run's output log for checkers, traced and digested. Values are copied.
   */
  output(name: string, value?: unknown): void;
  /** A debug line in the trace (not part of the digest). */
  log(text: string): void;
}

/**
 * A protocol node: a state and handlers. A handler mutates the state it is given (an immer draft in
 * recording mode, the live object in fast mode: the same code runs in both) or returns a new state.
 */
export interface NodeLogic<S = any, M = any> {
  init(ctx: NodeContext<M>): S;
  onMessage(state: S, from: string, msg: M, ctx: NodeContext<M>): S | void;
  onTimer?(state: S, timer: TimerInfo, ctx: NodeContext<M>): S | void;
  /** Rebuilds state from ctx.storage after a crash-recovery restart; defaults to init(). */
  onRecover?(ctx: NodeContext<M>): S;
}

export interface NodeSpec<S = any, M = any> {
  id: string;
  logic: NodeLogic<S, M>;
  /** Nodes of one role are each other's peers by default ('server', 'client', ...). */
  role?: string;
  /** The nemesis may crash or partition it (clients usually are not). Default true. */
  faultable?: boolean;
  /** Explicit peers, overriding the same-role default. */
  peers?: string[];
  /**
   * Watches the node's steps without touching them (search strategies and coverage use it). The
   * engine calls it: wrapping the node's logic or context instead gave the protocol's code a second
   * context class in some seeds of a fuzz mix, and its ctx accesses went polymorphic (measured).
   */
  observer?: NodeObserver;
}

/**
 * What an observer of a node hears: cheap callbacks, called only when set. Each is given the node's
 * own context. It must not change the node; it may schedule the public fault actions (sim.at()).
 */
export interface NodeObserver {
  /** After the node sent a message (the message is already on the wire). */
  afterSend?(node: string, to: string, msg: unknown, ctx: NodeContext): void;
  /** After the node synced its storage. */
  afterSync?(node: string, ctx: NodeContext): void;
  /** When the node sets a timer: the timeouts a protocol uses are its own timescale. */
  onSetTimer?(node: string, afterMs: number, ctx: NodeContext): void;
  /** Before the node handles a message. */
  beforeMessage?(node: string, from: string, msg: unknown, ctx: NodeContext): void;
  /** Before the node handles one of its timers (only a node with an onTimer handler). */
  beforeTimer?(node: string, timer: TimerInfo, ctx: NodeContext): void;
}
