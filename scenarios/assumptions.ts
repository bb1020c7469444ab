import type { Assumptions, NetworkAssumptions, TimingAssumptions } from '../sim/assumptions.js';

/**
 * Building blocks for the scenarios' declared assumptions. Each scenario states its own model in
 * full beside its fault profile; these name the recurring parts.
 */

/**
 * An asynchronous protocol's timing: safety reads no clock, timers only drive retries and elections,
 * so any skew or jump is harmless and drift only changes how soon a timer fires (the bounds keep the
 * liveness checkers' deadlines meaningful: a timer at most 5% slow). Processes may stall and resume.
 */
export const ASYNC_TIMING: TimingAssumptions = { clockSkewMsMax: 60_000, clockDriftPpmMax: 50_000, clockJumps: true, pauses: true };

/** Messages may be lost, duplicated, reordered, held for seconds or cut off by partitions (either way); never corrupted. */
export const ASYNC_NETWORK: NetworkAssumptions = {
  drop: true,
  duplicate: true,
  reorder: true,
  corrupt: false,
  fifo: false,
  partitions: 'one-way',
  delayBoundMs: null,
  longDelays: true,
};

/** Crash-recovery processes, a minority faulty at once, on an asynchronous network; storage keeps what was synced. */
export const ASYNC_CRASH_RECOVERY: Assumptions = {
  failureModel: 'crash-recovery',
  maxFaulty: 'minority',
  network: ASYNC_NETWORK,
  timing: ASYNC_TIMING,
  storage: { unsyncedWritesLost: true, faults: [] },
};
