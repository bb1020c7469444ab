import type { NodeSpec } from '../actor.js';
import type { FaultProfile } from '../faults/profile.js';
import { observeNodes } from './observe.js';

/**
 * A protocol's own timescale, learnt from a run of it: how long a request takes to be answered, and
 * the timeouts it sets. Faults drawn across this range (from under one round trip to many timeouts)
 * hit the windows a protocol's correctness depends on, whatever its units.
 */
export interface Timescale {
  /** Median time from a node's send to a peer until it next hears from that peer, in ms. */
  roundTripMs: number;
  /** Median delay of the timers the protocol sets, in ms. */
  timeoutMs: number;
  /** A long timeout of the protocol (90th percentile of timer delays), in ms. */
  longTimeoutMs: number;
  /** Messages sent per ms of the fault-free probe (to place PCT change points among a run's sends). */
  sendsPerMs: number;
}

const MAX_SAMPLES = 4000;

function quantile(sorted: readonly number[], q: number, fallback: number): number {
  if (sorted.length === 0) return fallback;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Collects round trips and timer delays while a probe run goes. */
export class TimescaleProbe {
  private readonly pendingUs = new Map<string, number>();
  private readonly roundTrips: number[] = [];
  private readonly timers: number[] = [];
  private sends = 0;
  private lastSendUs = 0;

  /** The nodes, observed (each send waits for the next message back from its receiver). */
  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    return observeNodes(nodes, {
      afterSend: (node, to, _msg, ctx) => {
        this.sends++;
        this.lastSendUs = ctx.nowUs;
        const key = node + '>' + to;
        if (!this.pendingUs.has(key)) this.pendingUs.set(key, ctx.nowUs);
      },
      beforeMessage: (node, from, _msg, ctx) => {
        const key = node + '>' + from;
        const sentUs = this.pendingUs.get(key);
        if (sentUs === undefined) return;
        this.pendingUs.delete(key);
        if (this.roundTrips.length < MAX_SAMPLES) this.roundTrips.push((ctx.nowUs - sentUs) / 1000);
      },
      onSetTimer: (_node, afterMs) => {
        if (afterMs > 0 && this.timers.length < MAX_SAMPLES) this.timers.push(afterMs);
      },
    });
  }

  /** What was learnt; where nothing was seen, the profile's link delays stand in. */
  result(profile: FaultProfile): Timescale {
    const oneWayMs = Math.max(0.1, profile.delayMsMin + profile.delayMsSpread);
    const roundTrips = [...this.roundTrips].sort((a, b) => a - b);
    const timers = [...this.timers].sort((a, b) => a - b);
    const roundTripMs = Math.max(0.1, quantile(roundTrips, 0.5, 2 * oneWayMs));
    const timeoutMs = Math.max(roundTripMs, quantile(timers, 0.5, 10 * roundTripMs));
    const longTimeoutMs = Math.max(timeoutMs, quantile(timers, 0.9, timeoutMs));
    const sendsPerMs = this.sends > 0 ? this.sends / Math.max(1, this.lastSendUs / 1000) : 1;
    return { roundTripMs: round3(roundTripMs), timeoutMs: round3(timeoutMs), longTimeoutMs: round3(longTimeoutMs), sendsPerMs: round3(sendsPerMs) };
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The profile a probe runs with: the scenario's link delays, no faults at all. */
export function probeProfile(profile: FaultProfile): FaultProfile {
  return {
    ...profile,
    name: `probe(${profile.name})`,
    dropProbability: 0,
    duplicateProbability: 0,
    reorderProbability: 0,
    corruptProbability: 0,
    nemesisIntervalMsMean: 0,
    partitionWeight: 0,
    crashRecoveryWeight: 0,
    crashStopWeight: 0,
    byzantineNodes: 0,
  };
}

/** How long a probe runs (virtual), and its event limit: a probe is a small fixed cost per process. */
export const PROBE_MS_MAX = 3000;
export const PROBE_EVENTS_MAX = 200_000;
