import type { Simulation, StepInfo } from '../../sim/simulation.js';
import type { ChatterState, ClockEventKind } from './chatter.js';

/** A clock event placed in the ground truth: which process, its position there, its step. */
export interface CausalEvent<T, G> {
  node: string;
  /** Index of the process (its vector entry). */
  proc: number;
  /** 1-based position among the events of its process. */
  seq: number;
  kind: ClockEventKind;
  stamp: T;
  /** The step (handler run) the event happened in. */
  step: number;
  /** What the checker derives from the ground truth (a causal-history vector, a chain length). */
  truth: G | undefined;
}

/**
 * Judges one event given its predecessor on the same process and, for a receive, the matching send;
 * sets `event.truth` to what later events will need, and returns a violation message if any.
 */
export type JudgeEvent<T, G> = (
  event: CausalEvent<T, G>,
  prev: CausalEvent<T, G> | undefined,
  send: CausalEvent<T, G> | undefined,
) => string | undefined;

export const eventName = (event: { node: string; seq: number; kind: ClockEventKind }): string => `${event.node}#${event.seq} (${event.kind})`;

/**
 * Turns the engine's steps into clock events with their exact happens-before edges.
 *
 * The engine says which step sent each delivered message (`sentInStep`) and gives every message an
 * id in sending order, so the k-th send of a step that sent m messages has id (sent after the step)
 * - m + k. Within a step a node's events are ordered as it recorded them; a receive comes first.
 * Happens-before is then the transitive closure of two kinds of edge, which is all a checker needs:
 * each event's predecessor on its process, and each receive's send.
 */
export class ClockEventFeed<T, G> {
  private sentBefore = 0;
  private keepDelivered: boolean | undefined;
  private readonly inflight = new Map<number, CausalEvent<T, G>>();
  private readonly last: (CausalEvent<T, G> | undefined)[];
  private readonly indexOf: Map<string, number>;

  constructor(
    ids: readonly string[],
    private readonly judge: JudgeEvent<T, G>,
  ) {
    this.indexOf = new Map(ids.map((id, index) => [id, index]));
    this.last = new Array<CausalEvent<T, G> | undefined>(ids.length).fill(undefined);
  }

  observe(step: StepInfo, sim: Simulation): string | undefined {
    // A duplicate may arrive after the original: then sends must be remembered after delivery.
    this.keepDelivered ??= sim.profile.duplicateProbability > 0;
    const sentAfter = sim.stats.messages.sent;
    const sentInStep = sentAfter - this.sentBefore;
    this.sentBefore = sentAfter;
    if (step.kind === 'crash') return undefined;
    const proc = this.indexOf.get(step.node);
    if (proc === undefined) return undefined;
    const events = sim.nodeState<ChatterState<T>>(step.node)?.stepEvents ?? [];

    let sends = 0;
    for (const event of events) if (event.kind === 'send') sends++;
    if (sends !== sentInStep) {
      const why = sim.isByzantine(step.node) ? ' (it is Byzantine: the adversary added or removed messages)' : ': every send must be a clock event';
      return `${step.node} recorded ${sends} send event(s) in step ${step.index} but sent ${sentInStep} message(s)${why}`;
    }
    if (step.kind === 'message' && events[0]?.kind !== 'receive') return `${step.node} received message #${step.msgId} from ${step.from} without recording a receive event first`;

    let msgId = sentAfter - sentInStep;
    for (let i = 0; i < events.length; i++) {
      const recorded = events[i]!;
      let send: CausalEvent<T, G> | undefined;
      if (recorded.kind === 'receive') {
        if (i !== 0 || step.kind !== 'message') return `${step.node} recorded a receive event that is not the first event of a message step (step ${step.index})`;
        send = this.inflight.get(step.msgId);
        if (!send) return `${step.node} received message #${step.msgId} from ${step.from}, whose send no clock event recorded`;
        if (send.step !== step.sentInStep) throw new Error(`clock feed out of step with the engine: message #${step.msgId} was sent in step ${step.sentInStep}, not ${send.step}`);
        if (!this.keepDelivered) this.inflight.delete(step.msgId);
      }
      const prev = this.last[proc];
      const event: CausalEvent<T, G> = { node: step.node, proc, seq: (prev?.seq ?? 0) + 1, kind: recorded.kind, stamp: recorded.stamp, step: step.index, truth: undefined };
      const violation = this.judge(event, prev, send);
      if (violation !== undefined) return violation;
      this.last[proc] = event;
      if (recorded.kind === 'send') this.inflight.set(++msgId, event);
    }
    return undefined;
  }
}
