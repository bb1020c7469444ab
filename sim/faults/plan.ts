import type { RandomStream } from '../random.js';
import type { FaultProfile } from './profile.js';

export type PlanAction =
  | { type: 'partition'; groups: string[][]; oneWay: boolean }
  | { type: 'heal' }
  | { type: 'crash'; node: string; mode: 'stop' | 'recover' }
  | { type: 'restart'; node: string };

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
 * Draws the whole nemesis plan up front from the `faults` stream. Partitions never overlap; crashes
 * respect maxDownNodes (counting crash-stopped nodes for ever) and maxCrashStops; every partition heals
 * and every crash-recovery node restarts before the quiet period.
 */
export function drawFaultPlan(profile: FaultProfile, faultable: readonly string[], runMs: number, rng: RandomStream): FaultPlan {
  const steps: PlanStep[] = [];
  const windowEndMs = Math.max(0, runMs - profile.quietPeriodMs);
  const weights = [profile.partitionWeight, profile.crashRecoveryWeight, profile.crashStopWeight];
  const totalWeight = weights[0]! + weights[1]! + weights[2]!;
  if (profile.nemesisIntervalMsMean <= 0 || totalWeight <= 0 || faultable.length === 0) {
    return { steps, endMs: 0 };
  }
  const maxDown = profile.maxDownNodes >= 0 ? profile.maxDownNodes : Math.floor((faultable.length - 1) / 2);
  const down: Episode[] = [];
  let partitionUntilMs = -1;
  let crashStops = 0;
  let counter = 0;
  let lastMs = 0;

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
    } else {
      const stop = roll >= weights[0]! + weights[1]!;
      const candidate = rng.pick(faultable);
      const isDown = down.some((episode) => episode.node === candidate);
      const allowed = down.length < maxDown && !isDown && (!stop || crashStops < profile.maxCrashStops);
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
    }
    t += rng.exponential(profile.nemesisIntervalMsMean);
  }
  // Stable order: by time, then by the order drawn (sort is stable in V8).
  steps.sort((a, b) => a.atMs - b.atMs);
  return { steps, endMs: lastMs };
}
