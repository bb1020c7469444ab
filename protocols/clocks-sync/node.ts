import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { isIntact, seal, UNSYNCHRONISED, type ClockSyncMessage, type TimeRequest, type TimeResponse } from './messages.js';
import { offsetMs, roundTripMs, type Exchange } from './sample.js';

export interface ClockSyncOptions {
  /** Upstream servers this node synchronises from (empty for the reference). */
  sources: readonly string[];
  /** A reference clock (stratum 1): reads true time, as a GPS or atomic clock would. */
  reference?: boolean;
  /** Poll interval, on the node's own clock. */
  pollMs: number;
  /** A node whose last good sample is older than this (own clock) becomes unsynchronised. */
  maxAgeMs: number;
  /** Samples with a longer round trip are discarded (their offset could be off by half of it). */
  maxRoundTripMs: number;
  /** The drift bound the node assumes of its own oscillator, in ppm: its error bound grows this fast. */
  driftPpmMax: number;
  /** How a sample changes the clock; the default is the NTP estimate. Broken variants replace it. */
  correction?: (exchange: Exchange) => number;
  /** Whether a source of this stratum may be used; the default refuses stratum 16. */
  acceptsStratum?: (stratum: number) => boolean;
}

export interface ClockSyncState {
  stratum: number;
  /** Added to the hardware clock (ctx.clockMs) to give this node's time. Volatile: lost on a crash. */
  adjustMs: number;
  /** Error bound against the reference as of the last accepted sample. */
  rootDistanceMs: number;
  /** Hardware clock at the last accepted sample. */
  lastSyncHwMs: number;
  /** The poll round; the first good answer to a request sent since the last sample is taken, later ones ignored. */
  round: number;
  taken: boolean;
  /**
   * t1 of requests in flight since the last sample, across rounds (an answer may take longer than a
   * poll interval); cleared when a sample is taken, since an exchange that straddles a clock
   * adjustment measures a wrong offset, and so a duplicate is never taken twice.
   */
  outstanding: number[];
}

type Ctx = NodeContext<ClockSyncMessage>;

/** At most this many requests in flight are remembered (a bound on state, whatever the clock does). */
const MAX_OUTSTANDING = 32;

/** This node's time: the hardware clock plus the adjustment (the reference reads true time). */
export function nodeTimeMs(state: ClockSyncState, hardwareMs: number): number {
  return hardwareMs + state.adjustMs;
}

/** The node's error bound now: the root distance at the last sample plus drift since then. */
export function currentRootDistanceMs(state: ClockSyncState, hardwareMs: number, driftPpmMax: number): number {
  return state.rootDistanceMs + (driftPpmMax * 1e-6) * Math.max(0, hardwareMs - state.lastSyncHwMs);
}

/**
 * NTP-style synchronisation in a stratum hierarchy. Each poll a node asks every source for the time;
 * the first answer of the round from a synchronised source with a short enough round trip sets the
 * clock: offset = ((t2 - t1) + (t3 - t4)) / 2, stratum = source's + 1, root distance = source's +
 * RTT / 2 + drift over the RTT. With no good sample for maxAgeMs the node falls back to stratum 16.
 */
export function clockSyncNode(options: ClockSyncOptions): NodeLogic<ClockSyncState, ClockSyncMessage> {
  const correction = options.correction ?? offsetMs;
  const acceptsStratum = options.acceptsStratum ?? ((stratum: number) => stratum < UNSYNCHRONISED);
  const hw = (ctx: Ctx): number => (options.reference ? ctx.nowMs : ctx.clockMs);
  const now = (state: ClockSyncState, ctx: Ctx): number => nodeTimeMs(state, hw(ctx));

  const poll = (state: ClockSyncState, ctx: Ctx): void => {
    if (state.stratum < UNSYNCHRONISED && hw(ctx) - state.lastSyncHwMs > options.maxAgeMs) {
      state.stratum = UNSYNCHRONISED;
      ctx.output('unsync', { ageMs: hw(ctx) - state.lastSyncHwMs });
    }
    state.round++;
    state.taken = false;
    // Requests older than the longest round trip taken can no longer give a sample.
    const oldestMs = now(state, ctx) - options.maxRoundTripMs;
    state.outstanding = state.outstanding.filter((t1) => t1 >= oldestMs).slice(-MAX_OUTSTANDING);
    for (const source of options.sources) {
      const t1 = now(state, ctx);
      state.outstanding.push(t1);
      ctx.send(source, seal<TimeRequest>({ type: 'ntp.request', t1 }));
    }
    ctx.setTimer(options.pollMs, 'poll');
  };

  const answer = (state: ClockSyncState, from: string, request: TimeRequest, ctx: Ctx): void => {
    const t2 = now(state, ctx);
    const rootDistanceMs = options.reference ? 0 : currentRootDistanceMs(state, hw(ctx), options.driftPpmMax);
    ctx.send(from, seal<TimeResponse>({ type: 'ntp.response', t1: request.t1, t2, t3: now(state, ctx), stratum: state.stratum, rootDistanceMs }));
  };

  const take = (state: ClockSyncState, from: string, response: TimeResponse, ctx: Ctx): void => {
    if (state.taken || !state.outstanding.includes(response.t1)) return; // stale, duplicate, or round already set
    const exchange: Exchange = { t1: response.t1, t2: response.t2, t3: response.t3, t4: now(state, ctx) };
    const rttMs = roundTripMs(exchange);
    if (!acceptsStratum(response.stratum) || rttMs < 0 || rttMs > options.maxRoundTripMs) return;
    state.adjustMs += correction(exchange);
    state.stratum = Math.min(UNSYNCHRONISED, response.stratum + 1);
    state.rootDistanceMs = response.rootDistanceMs + rttMs / 2 + options.driftPpmMax * 1e-6 * rttMs;
    state.lastSyncHwMs = hw(ctx);
    state.taken = true;
    state.outstanding = [];
    ctx.output('sync', { source: from, sourceStratum: response.stratum, stratum: state.stratum, rttMs, rootDistanceMs: state.rootDistanceMs });
  };

  const init = (ctx: Ctx): ClockSyncState => {
    const state: ClockSyncState = { stratum: options.reference ? 1 : UNSYNCHRONISED, adjustMs: 0, rootDistanceMs: 0, lastSyncHwMs: 0, round: 0, taken: false, outstanding: [] };
    // Nodes start polling at different moments, as real ones do.
    if (!options.reference) ctx.setTimer(options.pollMs * ctx.random(), 'poll');
    return state;
  };

  return {
    init,
    onMessage: (state, from, msg, ctx) => {
      if (!isIntact(msg)) return;
      if (msg.type === 'ntp.request') answer(state, from, msg, ctx);
      else if (!options.reference) take(state, from, msg, ctx);
    },
    onTimer: (state, timer, ctx) => {
      if (timer.name === 'poll') poll(state, ctx);
    },
  };
}
