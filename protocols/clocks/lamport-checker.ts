import type { Checker } from '../../sim/simulation.js';
import { ClockEventFeed, eventName, type JudgeEvent } from './event-feed.js';

export interface LamportCheckOptions {
  /** Every process, in the order the chatter application was given. */
  ids: readonly string[];
  /**
   * Also require the standard rules' exact values: L(e) equals the number of events on the longest
   * causal chain ending at e. Lamport's condition alone allows larger increments.
   */
  standard: boolean;
}

/**
 * The clock condition a→b ⇒ L(a) < L(b), against the engine's ground truth. Happens-before is the
 * transitive closure of "previous event on the same process" and "send → its receive", and < is
 * transitive, so checking those two edges at every event checks every pair: O(1) per event.
 */
export function lamportChecker(options: LamportCheckOptions): Checker {
  const judge: JudgeEvent<number, number> = (event, prev, send) => {
    for (const before of [prev, send]) {
      if (before && !(before.stamp < event.stamp)) {
        return `${eventName(before)} → ${eventName(event)} but L=${before.stamp} is not less than L=${event.stamp}`;
      }
    }
    const depth = Math.max(prev?.truth ?? 0, send?.truth ?? 0) + 1;
    if (options.standard && event.stamp !== depth) {
      return `${eventName(event)} has L=${event.stamp}, but the longest causal chain ending at it has ${depth} events (the standard rules give exactly that)`;
    }
    event.truth = depth;
    return undefined;
  };
  const feed = new ClockEventFeed(options.ids, judge);
  return {
    name: 'lamport-clock-condition',
    kind: 'safety',
    afterStep: (step, sim) => feed.observe(step, sim),
  };
}
