import type { NodeContext, NodeLogic, NodeObserver, TimerInfo } from '../actor.js';
import type { PlanStep } from '../faults/plan.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import type { DurableStorage } from '../storage.js';

/*
 * The queued events and the per-node record the engine keeps. The per-event objects assign their
 * fields in the constructor ('declare' fields): class field initialisers (define semantics) cost a
 * measurable share of an event in Node 20.
 */

export class DeliverEvent {
  declare readonly from: number;
  declare readonly to: number;
  declare readonly msgId: number;
  declare readonly msg: unknown;
  declare readonly duplicate: boolean;
  declare readonly corrupted: boolean;
  declare readonly sentInStep: number;
  /** The message's stable decision key (see net/message-keys.ts); 0 on links without per-message faults. */
  declare readonly key: number;
  constructor(from: number, to: number, msgId: number, msg: unknown, duplicate: boolean, corrupted: boolean, sentInStep: number, key: number) {
    this.from = from;
    this.to = to;
    this.msgId = msgId;
    this.msg = msg;
    this.duplicate = duplicate;
    this.corrupted = corrupted;
    this.sentInStep = sentInStep;
    this.key = key;
  }
}

export class TimerRecord implements TimerInfo {
  declare readonly id: number;
  declare readonly name: string;
  declare readonly data: unknown;
  declare readonly node: number;
  /**
   * Position in its node's liveTimers list while pending; -1 once fired, cancelled, or dropped by a
   * crash. A timer whose position is -1 when its time comes does not fire.
   */
  declare position: number;
  constructor(id: number, name: string, data: unknown, node: number) {
    this.id = id;
    this.name = name;
    this.data = data;
    this.node = node;
    this.position = -1;
  }
}

export class PlanEvent {
  constructor(readonly step: PlanStep) {}
}

export class CallEvent {
  constructor(
    readonly fn: (sim: Simulation) => void,
    readonly label: string,
  ) {}
}

export type QueuedEvent = DeliverEvent | TimerRecord | PlanEvent | CallEvent;

export class NodeRuntime {
  state: unknown = undefined;
  up = false;
  stopped = false;
  incarnation = 0;
  /**
   * Pending timers in no particular order (removal swaps the last one in): O(1) to add and remove,
   * which a Map keyed by id is not on the per-event path. Order never decides anything: cancelling
   * by name marks every match, and the queue alone decides when timers fire.
   */
  readonly liveTimers: TimerRecord[] = [];
  readonly pastSends: { to: string; msg: unknown }[] = [];
  ctx!: NodeContext;
  /** Local clock = clockOffsetUs + clockRate · true time (offset includes jumps); timers run at clockRate. */
  clockOffsetUs = 0;
  clockRate = 1;
  /** While paused, the node's due timers and arriving messages wait here (in order) until it resumes. */
  paused = false;
  pauseFault = '';
  pauseCount = 0;
  waiting: QueuedEvent[] = [];
  /**
   * During an omission episode: the probability of losing each message it sends or receives. -0, a
   * double, so the field is a double from the start: a process's first omission episode (a fraction)
   * otherwise turned every node object's hidden class over and deoptimised the engine's hot
   * functions (19 bailouts in a fuzz worker's first aimed seed with one). Equal to 0 in every test.
   */
  omissionProbability = -0;
  omissionFault = '';
  /**
   * The node's observer hooks (NodeSpec.observer), each a field of its own: every node has the same
   * hidden class whichever hooks a strategy sets, so the engine's checks stay monomorphic.
   */
  readonly afterSend: NodeObserver['afterSend'];
  readonly onSetTimer: NodeObserver['onSetTimer'];
  readonly beforeMessage: NodeObserver['beforeMessage'];
  readonly beforeTimer: NodeObserver['beforeTimer'];
  constructor(
    readonly index: number,
    readonly id: string,
    readonly logic: NodeLogic,
    readonly role: string,
    readonly faultable: boolean,
    readonly peers: readonly string[],
    readonly storage: DurableStorage,
    readonly rng: RandomStream,
    readonly byzantine: boolean,
    observer: NodeObserver | undefined,
  ) {
    this.afterSend = observer?.afterSend;
    this.onSetTimer = observer?.onSetTimer;
    this.beforeMessage = observer?.beforeMessage;
    this.beforeTimer = observer?.beforeTimer;
  }
}

export function removeLiveTimer(node: NodeRuntime, timer: TimerRecord): void {
  const live = node.liveTimers;
  const moved = live.pop() as TimerRecord;
  if (moved !== timer) {
    live[timer.position] = moved;
    moved.position = timer.position;
  }
  timer.position = -1;
}
