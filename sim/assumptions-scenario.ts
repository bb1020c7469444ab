import { declares, resolveMaxFaulty, toleratedKinds, type Assumptions, type BeyondKind, type StorageFault } from './assumptions.js';
import type { FaultProfile } from './faults/profile.js';
import type { Scenario } from './scenario.js';

/**
 * A scenario that declares no assumptions (one written before they existed, or outside the repo)
 * is taken to tolerate exactly the fault kinds its own profile turns on: conservative, so that
 * --swarm and named profiles add no kind its author never tried, and its runs keep passing.
 */
export function assumptionsFromProfile(profile: FaultProfile, requiresFifo = false): Assumptions {
  const storageFaults: StorageFault[] = [];
  if (profile.lostSyncProbability > 0) storageFaults.push('lost-sync');
  if (profile.corruptReadProbability > 0) storageFaults.push('corrupt-read');
  if (profile.tornWriteProbability > 0) storageFaults.push('torn-write');
  const nemesisOn = profile.nemesisIntervalMsMean > 0;
  const on = (weight: number): boolean => nemesisOn && weight > 0;
  const failureModel =
    profile.byzantineNodes > 0 ? 'byzantine'
    : on(profile.crashRecoveryWeight) ? 'crash-recovery'
    : on(profile.omissionWeight) ? 'omission'
    : on(profile.crashStopWeight) ? 'crash-stop'
    : 'none';
  return {
    failureModel,
    maxFaulty: profile.maxDownNodes < 0 ? 'minority' : Math.max(profile.maxDownNodes, profile.byzantineNodes),
    maxCrashStops: on(profile.crashStopWeight) ? profile.maxCrashStops : 0,
    network: {
      drop: profile.dropProbability > 0,
      duplicate: profile.duplicateProbability > 0,
      reorder: profile.reorderProbability > 0 && !profile.fifo && !requiresFifo,
      corrupt: profile.corruptProbability > 0,
      fifo: profile.fifo || requiresFifo,
      partitions: !on(profile.partitionWeight) ? 'none' : profile.oneWayPartitionProbability > 0 ? 'one-way' : 'symmetric',
      delayBoundMs: null,
      longDelays: profile.longDelayProbability > 0,
    },
    timing: {
      clockSkewMsMax: profile.clockSkewMsMax,
      clockDriftPpmMax: profile.clockDriftPpmMax,
      clockJumps: on(profile.clockJumpWeight),
      pauses: on(profile.pauseWeight),
    },
    storage: { unsyncedWritesLost: profile.loseUnsyncedWrites, faults: storageFaults },
    // The hierarchy puts omission under crash-recovery; a profile without omission episodes never tried it.
    ...(on(profile.omissionWeight) ? {} : { excludes: ['omission' as const] }),
    why: "derived from the scenario's own fault profile: it declares no assumptions",
  };
}

/** A scenario's declared assumptions, or the conservative default derived from its profile. */
export function assumptionsOf(scenario: Scenario): Assumptions {
  return scenario.assumptions ?? assumptionsFromProfile(scenario.faults, scenario.requiresFifo ?? false);
}

/** A fault kind the assumptions admit that the topology or a bound makes impossible, and why. */
export interface UnreachableKind {
  kind: BeyondKind;
  reason: string;
}

const PROCESS_KINDS: readonly BeyondKind[] = ['crash-stop', 'omission', 'crash-recovery', 'byzantine'];

/** Which admitted kinds can never fire with this many faultable nodes (said, never silent). */
export function unreachableKinds(assumptions: Assumptions, faultableCount: number): UnreachableKind[] {
  const out: UnreachableKind[] = [];
  const maxFaulty = resolveMaxFaulty(assumptions.maxFaulty, faultableCount);
  const bound = assumptions.maxFaulty === 'minority' ? `a minority of ${faultableCount} faultable node(s) is ${maxFaulty}` : `maxFaulty is ${maxFaulty}`;
  for (const kind of toleratedKinds(assumptions)) {
    if (PROCESS_KINDS.includes(kind) && maxFaulty <= 0) out.push({ kind, reason: `${bound}, so no process may fail` });
    else if ((kind === 'partition' || kind === 'one-way-partition') && faultableCount < 2) out.push({ kind, reason: `a partition needs 2 faultable nodes, there are ${faultableCount}` });
    else if (kind === 'pause' && faultableCount < 1) out.push({ kind, reason: 'no node is faultable' });
  }
  return out;
}

/** The admitted kinds that can actually fire with this many faultable nodes. */
export function receivableKinds(assumptions: Assumptions, faultableCount: number): BeyondKind[] {
  const unreachable = new Set(unreachableKinds(assumptions, faultableCount).map((entry) => entry.kind));
  return toleratedKinds(assumptions).filter((kind) => !unreachable.has(kind));
}

/**
 * Warnings for a run's final profile: a fault kind it turns on that a bound leaves impossible
 * (a crash weight with no node allowed down; crash-stops with maxCrashStops 0; a partition with one
 * faultable node). `maxDownNodes` must already be resolved to a count.
 */
export function profileWarnings(profile: FaultProfile, faultableCount: number, requestedMaxDown: number): string[] {
  const warnings: string[] = [];
  if (profile.nemesisIntervalMsMean <= 0) return warnings;
  const downText = requestedMaxDown < 0 ? `maxDownNodes -1 (a minority) of ${faultableCount} faultable node(s) is 0` : `maxDownNodes is ${profile.maxDownNodes}`;
  const crashKinds: [string, number][] = [
    ['crash-recovery', profile.crashRecoveryWeight],
    ['crash-stop', profile.crashStopWeight],
  ];
  for (const [kind, weight] of crashKinds) {
    if (weight > 0 && profile.maxDownNodes <= 0) warnings.push(`${downText}: ${kind} (weight ${weight}) can never happen in this run`);
  }
  if (profile.crashStopWeight > 0 && profile.maxDownNodes > 0 && profile.maxCrashStops <= 0) {
    warnings.push(`maxCrashStops is 0: crash-stop (weight ${profile.crashStopWeight}) can never happen in this run`);
  }
  if (profile.partitionWeight > 0 && faultableCount < 2) warnings.push(`a partition needs 2 faultable nodes, there are ${faultableCount}: partitions can never happen in this run`);
  return warnings;
}

/** One line for `list` and the run config: the failure model and its bound. */
export function describeFailureModel(assumptions: Assumptions): string {
  if (assumptions.failureModel === 'none') return 'none';
  const faulty = assumptions.maxFaulty === 'minority' ? 'a minority' : String(assumptions.maxFaulty);
  const stops = assumptions.maxCrashStops !== undefined && declares(assumptions, 'crash-recovery') ? `, ${assumptions.maxCrashStops} for good` : '';
  return `${assumptions.failureModel} (${faulty} at once${stops})`;
}
