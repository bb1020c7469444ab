import type { FaultProfile } from './faults/profile.js';

/**
 * What a protocol is built to survive, declared by its scenario as data. Every tool that draws a
 * fault profile (named profiles, --faults, --swarm, search strategies) passes it through
 * clampToAssumptions, so exploration stays inside the declared model unless a run explicitly goes
 * beyond it (and a failure there is reported as outside the assumptions, not as a protocol bug).
 */

/**
 * The standard hierarchy of process failures: crash-stop ⊂ omission ⊂ crash-recovery ⊂ byzantine.
 * fail-stop is a crash-stop that a perfect failure detector reports (the engine's crashes are
 * observable only through silence, so it admits the same faults as crash-stop); none: processes
 * never fail.
 */
export type FailureModel = 'none' | 'fail-stop' | 'crash-stop' | 'omission' | 'crash-recovery' | 'byzantine';

export const FAILURE_MODELS: readonly FailureModel[] = ['none', 'fail-stop', 'crash-stop', 'omission', 'crash-recovery', 'byzantine'];

export type StorageFault = 'lost-sync' | 'corrupt-read' | 'torn-write';

export interface NetworkAssumptions {
  drop: boolean;
  duplicate: boolean;
  reorder: boolean;
  /** Only a protocol that checksums its messages tolerates corruption. */
  corrupt: boolean;
  /** The protocol needs FIFO links: runs use them, and reordering is excluded. */
  fifo: boolean;
  partitions: 'none' | 'symmetric' | 'one-way';
  /**
   * The largest one-way message delay correctness relies on, in ms (synchronous or partially
   * synchronous protocols); null for an asynchronous protocol, which assumes no bound.
   */
  delayBoundMs: number | null;
  /** Rare delays of seconds (stale messages that land after timeouts have moved on). */
  longDelays: boolean;
}

export interface TimingAssumptions {
  /** Largest offset between a node's local clock and true time it tolerates, in ms. */
  clockSkewMsMax: number;
  /** Largest clock drift rate it tolerates, in parts per million. */
  clockDriftPpmMax: number;
  /** Whether a node's clock may step forward or back (an NTP step). */
  clockJumps: boolean;
  /** Whether a process may stall (stop-the-world) and resume with what it believed. */
  pauses: boolean;
}

export interface StorageAssumptions {
  /** A crash may lose writes not yet synced (storage.sync()). */
  unsyncedWritesLost: boolean;
  /** Storage faults the protocol is built to survive. */
  faults: StorageFault[];
}

export interface Assumptions {
  failureModel: FailureModel;
  /** How many processes may be faulty at once: a count, or 'minority' (floor((n - 1) / 2) of the faultable ones). */
  maxFaulty: number | 'minority';
  /** How many processes may crash for good in a run (crash-stop); omitted: as many as maxFaulty. */
  maxCrashStops?: number;
  network: NetworkAssumptions;
  timing: TimingAssumptions;
  storage: StorageAssumptions;
  /** Kinds excluded although the rest admits them (e.g. omission under crash-recovery for a protocol never tried with lost messages). */
  excludes?: BeyondKind[];
  /** Why, in a sentence: shown by `faultline list --json` and in the protocol README. */
  why?: string;
}

/**
 * Every fault kind a run may go beyond the assumptions with (`--beyond <kinds>`). The failure-model
 * kinds (crash-stop, omission, crash-recovery, byzantine) double as `--failure-model` steps.
 */
export const BEYOND_KINDS = [
  'drop',
  'duplicate',
  'reorder',
  'corrupt',
  'partition',
  'one-way-partition',
  'delay-bound',
  'long-delay',
  'crash-stop',
  'omission',
  'crash-recovery',
  'byzantine',
  'max-faulty',
  'pause',
  'clock-skew',
  'clock-drift',
  'clock-jump',
  'lost-writes',
  'lost-sync',
  'corrupt-read',
  'torn-write',
] as const;

export type BeyondKind = (typeof BEYOND_KINDS)[number];

/** Friendlier names accepted by --beyond, each standing for one or more kinds. */
const BEYOND_ALIASES: Record<string, readonly BeyondKind[]> = {
  corruption: ['corrupt'],
  duplication: ['duplicate'],
  reordering: ['reorder'],
  fifo: ['reorder'],
  partitions: ['partition', 'one-way-partition'],
  delay: ['delay-bound', 'long-delay'],
  crash: ['crash-stop', 'crash-recovery'],
  crashes: ['crash-stop', 'crash-recovery'],
  clock: ['clock-skew', 'clock-drift', 'clock-jump'],
  clocks: ['clock-skew', 'clock-drift', 'clock-jump'],
  storage: ['lost-writes', 'lost-sync', 'corrupt-read', 'torn-write'],
  all: BEYOND_KINDS,
};

export class AssumptionsError extends Error {
  override readonly name = 'AssumptionsError';
}

/** Parses a --beyond list (`corrupt,byzantine`, aliases allowed) into kinds, in BEYOND_KINDS order. */
export function parseBeyond(text: string): BeyondKind[] {
  const wanted = new Set<BeyondKind>();
  for (const raw of text.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const alias = BEYOND_ALIASES[raw];
    if (alias) for (const kind of alias) wanted.add(kind);
    else if ((BEYOND_KINDS as readonly string[]).includes(raw)) wanted.add(raw as BeyondKind);
    else throw new AssumptionsError(`--beyond: unknown fault kind "${raw}"; kinds: ${BEYOND_KINDS.join(', ')} (or ${Object.keys(BEYOND_ALIASES).join(', ')})`);
  }
  return BEYOND_KINDS.filter((kind) => wanted.has(kind));
}

const MODEL_KINDS: Record<FailureModel, readonly BeyondKind[]> = {
  none: [],
  'fail-stop': ['crash-stop'],
  'crash-stop': ['crash-stop'],
  omission: ['crash-stop', 'omission'],
  'crash-recovery': ['crash-stop', 'omission', 'crash-recovery'],
  byzantine: ['crash-stop', 'omission', 'crash-recovery', 'byzantine'],
};

/** The process-failure kinds a failure model admits (what `--failure-model` maps onto --beyond). */
export function failureModelKinds(model: string): BeyondKind[] {
  const kinds = MODEL_KINDS[model as FailureModel];
  if (!kinds) throw new AssumptionsError(`--failure-model expects one of ${FAILURE_MODELS.join(', ')}, got "${model}"`);
  return [...kinds];
}

const PROCESS_FAILURE_KINDS: readonly BeyondKind[] = ['crash-stop', 'omission', 'crash-recovery', 'byzantine'];

/** Whether the declared assumptions themselves admit a kind (without going beyond). */
export function declares(assumptions: Assumptions, kind: BeyondKind): boolean {
  const { network, timing, storage } = assumptions;
  if (assumptions.excludes?.includes(kind)) return false;
  switch (kind) {
    case 'drop':
    case 'duplicate':
    case 'reorder':
    case 'corrupt':
      return network[kind] && !(kind === 'reorder' && network.fifo);
    case 'partition':
      return network.partitions !== 'none';
    case 'one-way-partition':
      return network.partitions === 'one-way';
    case 'delay-bound':
      return network.delayBoundMs === null;
    case 'long-delay':
      return network.longDelays && network.delayBoundMs === null;
    case 'crash-stop':
      return MODEL_KINDS[assumptions.failureModel].includes('crash-stop') && assumptions.maxCrashStops !== 0;
    case 'omission':
    case 'crash-recovery':
    case 'byzantine':
      return MODEL_KINDS[assumptions.failureModel].includes(kind);
    case 'max-faulty':
      return false;
    case 'pause':
      return timing.pauses;
    case 'clock-skew':
      return timing.clockSkewMsMax > 0;
    case 'clock-drift':
      return timing.clockDriftPpmMax > 0;
    case 'clock-jump':
      return timing.clockJumps;
    case 'lost-writes':
      return storage.unsyncedWritesLost;
    case 'lost-sync':
    case 'corrupt-read':
    case 'torn-write':
      return storage.faults.includes(kind);
  }
}

/** Kinds whose assumption is a bound (skew, drift): going beyond lifts the bound even where some is admitted. */
const BOUNDED_KINDS: readonly BeyondKind[] = ['clock-skew', 'clock-drift'];

/** The kinds of `beyond` that the assumptions do not already admit: what a run really goes beyond. */
export function effectiveBeyond(assumptions: Assumptions, beyond: readonly string[]): BeyondKind[] {
  return BEYOND_KINDS.filter((kind) => beyond.includes(kind) && (BOUNDED_KINDS.includes(kind) || !declares(assumptions, kind)));
}

/** The fault kinds a scenario's assumptions admit, in BEYOND_KINDS order ('max-faulty' and 'delay-bound' are bounds, not kinds). */
export function toleratedKinds(assumptions: Assumptions): BeyondKind[] {
  return BEYOND_KINDS.filter((kind) => kind !== 'max-faulty' && kind !== 'delay-bound' && declares(assumptions, kind));
}

/** Resolves a "how many at once" bound: -1 / 'minority' is floor((n - 1) / 2) of n faultable nodes. */
export function resolveMaxFaulty(bound: number | 'minority', faultableCount: number): number {
  return bound === 'minority' || bound < 0 ? Math.floor((faultableCount - 1) / 2) : bound;
}

/**
 * The one function that keeps a fault profile inside a scenario's assumptions: every fault kind the
 * assumptions exclude is switched off and every bound is tightened, except the kinds listed in
 * `beyond`. Idempotent. With `faultableCount`, a "minority" bound on simultaneous failures is
 * resolved to a number (so a nemesis aimed at a subset of nodes keeps the cluster-wide bound).
 */
export function clampToAssumptions(profile: FaultProfile, assumptions: Assumptions, beyond: readonly string[] = [], faultableCount?: number): FaultProfile {
  const allowed = (kind: BeyondKind): boolean => beyond.includes(kind) || declares(assumptions, kind);
  const out: FaultProfile = { ...profile };
  const { network, timing } = assumptions;

  if (!allowed('drop')) out.dropProbability = 0;
  if (!allowed('duplicate')) out.duplicateProbability = 0;
  if (!allowed('corrupt')) out.corruptProbability = 0;
  if (!allowed('reorder')) out.reorderProbability = 0;
  if (network.fifo && !beyond.includes('reorder')) out.fifo = true;
  if (!allowed('partition')) out.partitionWeight = 0;
  // Without partitions the one-way share is moot: leave it, so a profile within its assumptions stays unchanged.
  if (!allowed('one-way-partition') && out.partitionWeight > 0) out.oneWayPartitionProbability = 0;
  if (!allowed('long-delay')) out.longDelayProbability = 0;
  if (network.delayBoundMs !== null && !beyond.includes('delay-bound')) boundDelays(out, network.delayBoundMs);

  if (!allowed('crash-stop')) out.crashStopWeight = 0;
  if (assumptions.maxCrashStops !== undefined && !beyond.includes('crash-stop')) out.maxCrashStops = Math.min(out.maxCrashStops, assumptions.maxCrashStops);
  if (!allowed('crash-recovery')) out.crashRecoveryWeight = 0;
  if (!allowed('omission')) out.omissionWeight = 0;
  if (!allowed('byzantine')) out.byzantineNodes = 0;
  // maxFaulty counts failures of the declared model; going beyond the model leaves the count to the profile.
  const beyondModel = PROCESS_FAILURE_KINDS.some((kind) => beyond.includes(kind) && !declares(assumptions, kind));
  if (!beyond.includes('max-faulty') && !beyondModel) boundFaulty(out, assumptions.maxFaulty, faultableCount);
  else if (faultableCount !== undefined) out.maxDownNodes = resolveMaxFaulty(out.maxDownNodes, faultableCount);

  if (!allowed('pause')) out.pauseWeight = 0;
  if (!beyond.includes('clock-skew')) out.clockSkewMsMax = Math.min(out.clockSkewMsMax, timing.clockSkewMsMax);
  if (!beyond.includes('clock-drift')) out.clockDriftPpmMax = Math.min(out.clockDriftPpmMax, timing.clockDriftPpmMax);
  if (!allowed('clock-jump')) out.clockJumpWeight = 0;

  if (!allowed('lost-writes')) out.loseUnsyncedWrites = false;
  if (!allowed('lost-sync')) out.lostSyncProbability = 0;
  if (!allowed('corrupt-read')) out.corruptReadProbability = 0;
  if (!allowed('torn-write')) out.tornWriteProbability = 0;
  return out;
}

/** Keeps every delivery (base delay, reorder hold-back, late duplicate) within the bound: uniform, no long delays. */
function boundDelays(profile: FaultProfile, boundMs: number): void {
  profile.longDelayProbability = 0;
  profile.delayMsMin = Math.min(profile.delayMsMin, boundMs);
  profile.delayMsSpread = Math.min(profile.delayMsSpread, boundMs - profile.delayMsMin);
  // An exponential delay has no upper bound.
  profile.delayDistribution = 'uniform';
  const slackMs = boundMs - profile.delayMsMin - profile.delayMsSpread;
  profile.reorderDelayMsMax = Math.min(profile.reorderDelayMsMax, slackMs);
  profile.duplicateDelayMsMax = Math.min(profile.duplicateDelayMsMax, slackMs);
}

/** maxDownNodes and byzantineNodes within maxFaulty (resolved when the faultable count is known). */
function boundFaulty(profile: FaultProfile, maxFaulty: number | 'minority', faultableCount: number | undefined): void {
  if (faultableCount !== undefined) {
    const bound = resolveMaxFaulty(maxFaulty, faultableCount);
    profile.maxDownNodes = Math.min(resolveMaxFaulty(profile.maxDownNodes, faultableCount), bound);
    profile.byzantineNodes = Math.min(profile.byzantineNodes, bound);
    return;
  }
  if (maxFaulty === 'minority') return;
  profile.maxDownNodes = profile.maxDownNodes < 0 ? profile.maxDownNodes : Math.min(profile.maxDownNodes, maxFaulty);
  profile.byzantineNodes = Math.min(profile.byzantineNodes, maxFaulty);
}

/** The profile fields clamping changed, as `field a→b`, for the run's config. */
export function clampChanges(before: FaultProfile, after: FaultProfile): string[] {
  const changes: string[] = [];
  for (const key of Object.keys(after) as (keyof FaultProfile)[]) {
    if (key === 'name' || before[key] === after[key]) continue;
    changes.push(`${key} ${String(before[key])}→${String(after[key])}`);
  }
  return changes;
}
