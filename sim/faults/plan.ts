import type { RandomStream } from '../random.js';
import type { FaultProfile } from './profile.js';

export type PlanAction =
  | { type: 'partition'; groups: string[][]; oneWay: boolean }
  | { type: 'heal' }
  | { type: 'crash'; node: string; mode: 'stop' | 'recover' }
  | { type: 'restart'; node: string }
  | { type: 'pause'; node: string; durationMs: number }
  | { type: 'clock-jump'; node: string; jumpMs: number }
  | { type: 'omission'; node: string; probability: number }
  | { type: 'omission-end'; node: string };

/**
 * One step of the nemesis plan. A fault episode has a stable id (`partition#2`, `crash#5`) shared by
 * the step that starts it and the step that ends it, so masking the id removes the whole episode.
 */
export interface PlanStep {
  fault: string;
  atMs: number;
  action: PlanAction;
}

export interface FaultPlan {
  steps: PlanStep[];
  /** Virtual time at which the last nemesis step has happened (the quiet period starts). */
  endMs: number;
}

interface Episode {
  node: string;
  untilMs: number;
}

/**
 * Draws the whole nemesis plan up front from the `faults` stream. Partitions never overlap; crashes,
 * pauses and omission episodes respect maxDownNodes together (a paused or omitting node is a failed
 * process to its peers; crash-stopped nodes count for ever) and maxCrashStops; every partition heals,
 * every crash-recovery node restarts, every pause and omission episode ends before the quiet period.
 * Kinds with weight 0 draw nothing, so adding a kind leaves the plans of profiles without it unchanged.
 */
export function drawFaultPlan(profile: FaultProfile, faultable: readonly string[], runMs: number, rng: RandomStream): FaultPlan {
  const steps: PlanStep[] = [];
  const windowEndMs = Math.max(0, runMs - profile.quietPeriodMs);
  const weights = [profile.partitionWeight, profile.crashRecoveryWeight, profile.crashStopWeight];
  const crashesUpTo = weights[0]! + weights[1]! + weights[2]!;
  const pauseUpTo = crashesUpTo + profile.pauseWeight;
  const jumpUpTo = pauseUpTo + profile.clockJumpWeight;
  const totalWeight = jumpUpTo + profile.omissionWeight;
  if (profile.nemesisIntervalMsMean <= 0 || totalWeight <= 0 || faultable.length === 0) {
    return { steps, endMs: 0 };
  }
  const maxDown = profile.maxDownNodes >= 0 ? profile.maxDownNodes : Math.floor((faultable.length - 1) / 2);
  const down: Episode[] = [];
  let partitionUntilMs = -1;
  let crashStops = 0;
  let counter = 0;
  let lastMs = 0;
  const mayFail = (node: string): boolean => down.length < maxDown && !down.some((episode) => episode.node === node);

  let t = profile.faultsStartMs + rng.exponential(profile.nemesisIntervalMsMean);
  while (t < windowEndMs) {
    const roll = rng.float() * totalWeight;
    const durationMs = rng.uniform(profile.episodeMsMin, profile.episodeMsMax);
    const endMs = Math.min(t + durationMs, windowEndMs);
    const atMs = Math.round(t);
    const untilMs = Math.round(endMs);
    for (let i = down.length - 1; i >= 0; i--) if (down[i]!.untilMs <= atMs) down.splice(i, 1);

    if (roll < weights[0]!) {
      const order = rng.shuffled(faultable);
      const cut = 1 + rng.int(Math.max(1, order.length - 1));
      const oneWay = rng.chance(profile.oneWayPartitionProbability);
      if (atMs > partitionUntilMs && faultable.length > 1 && untilMs > atMs) {
        const fault = `partition#${++counter}`;
        steps.push({ fault, atMs, action: { type: 'partition', groups: [order.slice(0, cut), order.slice(cut)], oneWay } });
        steps.push({ fault, atMs: untilMs, action: { type: 'heal' } });
        partitionUntilMs = untilMs;
        lastMs = Math.max(lastMs, untilMs);
      }
    } else if (roll < crashesUpTo || totalWeight === crashesUpTo) {
      const stop = roll >= weights[0]! + weights[1]!;
      const candidate = rng.pick(faultable);
      const allowed = mayFail(candidate) && (!stop || crashStops < profile.maxCrashStops);
      if (allowed && (stop || untilMs > atMs)) {
        const fault = `crash#${++counter}`;
        steps.push({ fault, atMs, action: { type: 'crash', node: candidate, mode: stop ? 'stop' : 'recover' } });
        if (stop) {
          crashStops++;
          down.push({ node: candidate, untilMs: Infinity });
          lastMs = Math.max(lastMs, atMs);
        } else {
          steps.push({ fault, atMs: untilMs, action: { type: 'restart', node: candidate } });
          down.push({ node: candidate, untilMs });
          lastMs = Math.max(lastMs, untilMs);
        }
      }
    } else if (roll < pauseUpTo) {
      const candidate = rng.pick(faultable);
      const pauseMs = Math.round(rng.uniform(profile.pauseMsMin, profile.pauseMsMax));
      const resumeMs = Math.min(atMs + pauseMs, Math.floor(windowEndMs));
      if (mayFail(candidate) && resumeMs > atMs) {
        steps.push({ fault: `pause#${++counter}`, atMs, action: { type: 'pause', node: candidate, durationMs: resumeMs - atMs } });
        down.push({ node: candidate, untilMs: resumeMs });
        lastMs = Math.max(lastMs, resumeMs);
      }
    } else if (roll < jumpUpTo) {
      const candidate = rng.pick(faultable);
      const jumpMs = Math.round(rng.uniform(-profile.clockJumpMsMax, profile.clockJumpMsMax));
      if (jumpMs !== 0) {
        steps.push({ fault: `clock#${++counter}`, atMs, action: { type: 'clock-jump', node: candidate, jumpMs } });
        lastMs = Math.max(lastMs, atMs);
      }
    } else {
      const candidate = rng.pick(faultable);
      if (mayFail(candidate) && untilMs > atMs) {
        const fault = `omission#${++counter}`;
        steps.push({ fault, atMs, action: { type: 'omission', node: candidate, probability: profile.omissionProbability } });
        steps.push({ fault, atMs: untilMs, action: { type: 'omission-end', node: candidate } });
        down.push({ node: candidate, untilMs });
        lastMs = Math.max(lastMs, untilMs);
      }
    }
    t += rng.exponential(profile.nemesisIntervalMsMean);
  }
  // Stable order: by time, then by the order drawn (sort is stable in V8).
  steps.sort((a, b) => a.atMs - b.atMs);
  return { steps, endMs: lastMs };
}
