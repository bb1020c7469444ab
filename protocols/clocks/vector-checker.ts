import type { Checker } from '../../sim/simulation.js';
import { ClockEventFeed, eventName, type CausalEvent, type JudgeEvent } from './event-feed.js';
import type { ClockRules } from './rules.js';
import type { VectorClock } from './vector.js';

/** A send keeps its causal history (its receiver needs it); other events need none. */
type Placed = CausalEvent<VectorClock, Int32Array>;

/** Short enough to read in one line: whole vectors for small systems, else the first differences. */
function showPair(a: VectorClock, b: VectorClock, ids: readonly string[]): string {
  if (ids.length <= 12) return `[${a.join(',')}] vs [${b.join(',')}]`;
  const diffs: string[] = [];
  for (let i = 0; i < ids.length && diffs.length < 4; i++) if (a[i] !== b[i]) diffs.push(`${ids[i]}: ${a[i]} vs ${b[i]}`);
  return diffs.length > 0 ? `differing entries ${diffs.join(', ')}` : 'equal vectors';
}

/**
 * a→b ⇔ V(a) < V(b), against the engine's ground truth, in O(n) per event.
 *
 * The ground truth of each event is its causal-history vector H(e): H(e)[j] = how many events of
 * process j happened before or at e, built from the two edges (previous event on the process, send
 * → receive). H characterises happens-before exactly, and the standard rules compute exactly H, so
 * the checker requires V(e) = H(e) at every event, which gives the ⇔ for every pair at once (see
 * README.md). It also tests the clock's own comparison on each edge (both directions) and on the pair
 * (receiver's previous event, send), which is often concurrent, so a wrong comparison is named as such.
 */
export function vectorClockChecker(ids: readonly string[], rules: ClockRules<VectorClock>): Checker {
  const size = ids.length;
  // H of each process's latest event, updated in place: only sends take a copy.
  const current = ids.map(() => new Int32Array(size));

  const compareOnPair = (a: Placed, b: Placed, aBeforeB: boolean, bBeforeA: boolean): string | undefined => {
    const says = rules.happenedBefore(a.stamp, b.stamp);
    const saysBack = rules.happenedBefore(b.stamp, a.stamp);
    if (says === aBeforeB && saysBack === bBeforeA) return undefined;
    const truth = aBeforeB ? `${eventName(a)} → ${eventName(b)}` : bBeforeA ? `${eventName(b)} → ${eventName(a)}` : `${eventName(a)} ∥ ${eventName(b)} (concurrent)`;
    const claim = says ? 'V(a) < V(b)' : saysBack ? 'V(b) < V(a)' : 'neither V(a) < V(b) nor V(b) < V(a)';
    return `${truth}, but the clock's comparison says ${claim} for a=${eventName(a)}, b=${eventName(b)}: ${showPair(a.stamp, b.stamp, ids)}`;
  };

  const judge: JudgeEvent<VectorClock, Int32Array> = (event, prev, send) => {
    const history = current[event.proc]!;
    for (const before of [prev, send]) {
      if (!before) continue;
      const wrong = compareOnPair(before, event, true, false);
      if (wrong) return wrong;
    }
    if (prev && send) {
      // Neither edge decides this pair; the causal histories do (history is still prev's here).
      const wrong = compareOnPair(prev, send, send.truth![prev.proc]! >= prev.seq, history[send.proc]! >= send.seq);
      if (wrong) return wrong;
    }
    if (send) {
      const sent = send.truth!;
      for (let i = 0; i < size; i++) if (sent[i]! > history[i]!) history[i] = sent[i]!;
    }
    history[event.proc] = event.seq;
    const stamp = event.stamp;
    if (stamp.length !== size) return `${eventName(event)} has a vector of ${stamp.length} entries; there are ${size} processes`;
    for (let i = 0; i < size; i++) {
      if (stamp[i] !== history[i]) {
        return `${eventName(event)} has V[${ids[i]}]=${stamp[i]}, but ${history[i]} event(s) of ${ids[i]} happened before or at it (its causal history)`;
      }
    }
    if (event.kind === 'send') event.truth = history.slice();
    return undefined;
  };

  const feed = new ClockEventFeed(ids, judge);
  return {
    name: 'vector-clock-causality',
    kind: 'safety',
    afterStep: (step, sim) => feed.observe(step, sim),
  };
}
