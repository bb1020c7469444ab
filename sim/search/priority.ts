import type { DeliveryPolicy } from '../net/transmit.js';
import type { RandomStream } from '../random.js';
import { logUniform, roundMs } from './draw.js';
import type { Timescale } from './timescale.js';

/**
 * PCT-style scheduling (probabilistic concurrency testing) through the engine's delivery policy:
 * every node gets a random priority, and a message waits `rank × step` beyond its normal delay, so
 * a higher-priority sender's messages win every race. At d − 1 change points (random send indices
 * across the run's expected sends) the sender of that message drops below every other node, as
 * PCT lowers the running thread: a bug of depth d is hit with probability about 1/(n·k^(d−1)).
 */
export interface PrioritySchedule {
  /** Node index → rank (0 is the highest priority); demoted nodes get ranks past the others. */
  ranks: number[];
  /** Send indices at which the sender is demoted, ascending. */
  changePoints: number[];
  stepUs: number;
  /** The added delay never takes a message past this (the scenario's delay bound), in µs. */
  maxDelayUs: number;
}

export function drawSchedule(rng: RandomStream, nodeCount: number, ts: Timescale, runMs: number, maxDelayUs: number): PrioritySchedule {
  const ranks = rng.shuffled(Array.from({ length: nodeCount }, (_, i) => i));
  const depth = 1 + rng.int(4);
  const expectedSends = Math.max(1, Math.round(ts.sendsPerMs * runMs));
  const changePoints = Array.from({ length: depth - 1 }, () => rng.int(expectedSends)).sort((a, b) => a - b);
  const stepUs = Math.max(1, Math.round(1000 * roundMs(logUniform(rng, ts.roundTripMs / 20, ts.roundTripMs * 2))));
  return { ranks, changePoints, stepUs, maxDelayUs };
}

/**
 * The schedule as the engine's delivery policy; its state (demotions so far) lives in one run.
 * Like every fault, it ends with the fault window (nowUs() ≥ endUs), so liveness is judged after it.
 */
export function priorityPolicy(schedule: PrioritySchedule, nowUs: () => number, endUs: number): DeliveryPolicy {
  const ranks = [...schedule.ranks];
  let nextChange = 0;
  let nextRank = ranks.length;
  return {
    delayUs(fromIndex, _toIndex, baseDelayUs, sendIndex) {
      if (nowUs() >= endUs) return baseDelayUs;
      while (nextChange < schedule.changePoints.length && sendIndex >= (schedule.changePoints[nextChange] as number)) {
        if (fromIndex < ranks.length) ranks[fromIndex] = nextRank++;
        nextChange++;
      }
      const extraUs = (ranks[fromIndex] ?? 0) * schedule.stepUs;
      if (extraUs === 0) return baseDelayUs;
      return Math.max(baseDelayUs, Math.min(baseDelayUs + extraUs, schedule.maxDelayUs));
    },
  };
}

export function describeSchedule(schedule: PrioritySchedule, ids: readonly string[]): string {
  const order = schedule.ranks.map((rank, index) => ({ rank, id: ids[index] ?? String(index) })).sort((a, b) => a.rank - b.rank);
  const points = schedule.changePoints.length > 0 ? `change points at sends ${schedule.changePoints.join(', ')}` : 'no change points';
  return `priorities ${order.map((entry) => entry.id).join(' > ')}, step ${schedule.stepUs / 1000} ms, ${points}`;
}
