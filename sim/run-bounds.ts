import type { FaultProfile } from './faults/profile.js';
import { UsageError } from './scenario.js';
import { formatDurationMs } from './time.js';

/**
 * Limits that keep one run's memory and time finite whatever the options say: a run time or a fault
 * rate that would need more is refused before the run starts (exit 2), with the limit in the message.
 */

/** The longest virtual run: 1000 hours (3.6e15 µs stays well inside exact integer microseconds). */
export const MAX_RUN_TIME_MS = 1000 * 3_600_000;

/**
 * The most nemesis episodes a plan may hold. The plan is drawn whole before the run (shrinking and
 * the printed config need it), so its size is memory: a million episodes is about 200 MB.
 */
export const MAX_PLAN_EPISODES = 1_000_000;

/** Refuses a run time outside (0, MAX_RUN_TIME_MS]. */
export function checkRunTime(timeMs: number): void {
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) throw new UsageError(`--time must be a positive duration, got ${timeMs} ms`);
  if (timeMs > MAX_RUN_TIME_MS) {
    throw new UsageError(`--time ${formatDurationMs(timeMs)} is longer than the longest run faultline allows (${formatDurationMs(MAX_RUN_TIME_MS)}); fuzz more seeds instead of one very long run`);
  }
}

/** Refuses a profile whose nemesis would draw more than MAX_PLAN_EPISODES episodes on average over the run. */
export function checkPlanSize(profile: FaultProfile, timeMs: number): void {
  const windowMs = Math.max(0, timeMs - profile.quietPeriodMs - profile.faultsStartMs);
  if (!(profile.nemesisIntervalMsMean > 0) || windowMs === 0) return;
  const episodes = windowMs / profile.nemesisIntervalMsMean;
  if (episodes <= MAX_PLAN_EPISODES) return;
  const floorMs = Math.ceil(windowMs / MAX_PLAN_EPISODES);
  throw new UsageError(
    `nemesisIntervalMsMean=${profile.nemesisIntervalMsMean} over ${formatDurationMs(windowMs)} of faults would draw about ${Math.round(episodes).toLocaleString('en-US')} nemesis episodes, more than the ${MAX_PLAN_EPISODES.toLocaleString('en-US')} a plan may hold: use nemesisIntervalMsMean=${floorMs} or more, or a shorter --time`,
  );
}
