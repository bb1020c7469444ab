import { DEFAULT_LINK, type LinkConfig } from '../network.js';

/**
 * Everything the seed's fault injector may do in a run, as documented fields with units last.
 * Per-message faults draw from the `net` stream; the nemesis plan (partitions, crashes) is drawn up
 * front from the `faults` stream within the fault window, after which the run has a quiet period in
 * which liveness checkers expect progress.
 */
export interface FaultProfile extends LinkConfig {
  name: string;
  /** Mean gap between nemesis episodes (exponential), in virtual ms. 0 disables the nemesis. */
  nemesisIntervalMsMean: number;
  partitionWeight: number;
  crashRecoveryWeight: number;
  crashStopWeight: number;
  /** How long a partition or a crash-recovery downtime lasts: uniform in [min, max]. */
  episodeMsMin: number;
  episodeMsMax: number;
  oneWayPartitionProbability: number;
  /** Nemesis episodes start no earlier than this. */
  faultsStartMs: number;
  /** The last part of a run in which no nemesis acts, so liveness can be checked. */
  quietPeriodMs: number;
  /** At most this many faultable nodes down at once; -1 means a minority (floor((n - 1) / 2)). */
  maxDownNodes: number;
  /** At most this many crash-stops in a run. */
  maxCrashStops: number;
  /** On crash, writes not yet synced (storage.sync()) are lost. */
  loseUnsyncedWrites: boolean;
  /** How many faultable nodes are Byzantine for the whole run. */
  byzantineNodes: number;
  /** Per message sent by a Byzantine node: probability of each adversary action. */
  byzantineEquivocateProbability: number;
  byzantineAlterProbability: number;
  byzantineReplayProbability: number;
  /** Nemesis episode kind: one node stalls (no handler runs; its timers and messages wait), then resumes. */
  pauseWeight: number;
  /** How long a pause lasts: uniform in [min, max] ms (can exceed a protocol's timeouts). */
  pauseMsMin: number;
  pauseMsMax: number;
  /** Each node's initial clock offset: uniform in ±this many ms. */
  clockSkewMsMax: number;
  /** Each node's clock drift rate ρ: uniform in ±this many ppm (dC/dt = 1 + ρ). */
  clockDriftPpmMax: number;
  /** Nemesis episode kind: one node's clock steps by uniform ±clockJumpMsMax (an NTP step). */
  clockJumpWeight: number;
  clockJumpMsMax: number;
  /** Nemesis episode kind: one live node loses its own outgoing and incoming messages for the episode. */
  omissionWeight: number;
  /** During an omission episode, per message sent or received by the node: probability it is lost. */
  omissionProbability: number;
  /** Per storage.sync(): it reports success, but its writes are lost at the next crash. */
  lostSyncProbability: number;
  /** Per storage.get() of a present key: the value comes back with one field altered. */
  corruptReadProbability: number;
  /** Per crash with two or more unsynced writes: a prefix of them survives instead of none. */
  tornWriteProbability: number;
}

export const NO_FAULTS: FaultProfile = {
  ...DEFAULT_LINK,
  name: 'none',
  nemesisIntervalMsMean: 0,
  partitionWeight: 0,
  crashRecoveryWeight: 0,
  crashStopWeight: 0,
  episodeMsMin: 200,
  episodeMsMax: 2000,
  oneWayPartitionProbability: 0.25,
  faultsStartMs: 0,
  quietPeriodMs: 0,
  maxDownNodes: -1,
  maxCrashStops: 0,
  loseUnsyncedWrites: false,
  byzantineNodes: 0,
  byzantineEquivocateProbability: 0,
  byzantineAlterProbability: 0,
  byzantineReplayProbability: 0,
  pauseWeight: 0,
  pauseMsMin: 100,
  pauseMsMax: 5000,
  clockSkewMsMax: 0,
  clockDriftPpmMax: 0,
  clockJumpWeight: 0,
  clockJumpMsMax: 1000,
  omissionWeight: 0,
  omissionProbability: 0.5,
  lostSyncProbability: 0,
  corruptReadProbability: 0,
  tornWriteProbability: 0,
};

/** Named starting points; a scenario's own default profile is built from one of them. */
export const NAMED_PROFILES: Record<string, FaultProfile> = {
  none: NO_FAULTS,
  calm: { ...NO_FAULTS, name: 'calm', delayMsMin: 1, delayMsSpread: 2 },
  lossy: {
    ...NO_FAULTS,
    name: 'lossy',
    dropProbability: 0.05,
    duplicateProbability: 0.03,
    reorderProbability: 0.05,
  },
  partitions: {
    ...NO_FAULTS,
    name: 'partitions',
    nemesisIntervalMsMean: 1500,
    partitionWeight: 1,
    quietPeriodMs: 3000,
  },
  crashes: {
    ...NO_FAULTS,
    name: 'crashes',
    nemesisIntervalMsMean: 1500,
    crashRecoveryWeight: 1,
    quietPeriodMs: 3000,
  },
  default: {
    ...NO_FAULTS,
    name: 'default',
    dropProbability: 0.02,
    duplicateProbability: 0.02,
    reorderProbability: 0.05,
    nemesisIntervalMsMean: 2000,
    partitionWeight: 1,
    crashRecoveryWeight: 1,
    quietPeriodMs: 3000,
  },
  chaos: {
    ...NO_FAULTS,
    name: 'chaos',
    delayMsSpread: 20,
    dropProbability: 0.1,
    duplicateProbability: 0.05,
    reorderProbability: 0.2,
    corruptProbability: 0.01,
    nemesisIntervalMsMean: 800,
    partitionWeight: 2,
    crashRecoveryWeight: 2,
    crashStopWeight: 1,
    maxCrashStops: 1,
    loseUnsyncedWrites: true,
    quietPeriodMs: 3000,
  },
};

/** Short names accepted by --faults besides the field names themselves. */
const ALIASES: Record<string, keyof FaultProfile> = {
  drop: 'dropProbability',
  dup: 'duplicateProbability',
  duplicate: 'duplicateProbability',
  reorder: 'reorderProbability',
  corrupt: 'corruptProbability',
  delay: 'delayMsMin',
  jitter: 'delayMsSpread',
  nemesis: 'nemesisIntervalMsMean',
  partition: 'partitionWeight',
  crash: 'crashRecoveryWeight',
  crashStop: 'crashStopWeight',
  byzantine: 'byzantineNodes',
  quiet: 'quietPeriodMs',
  pause: 'pauseWeight',
  skew: 'clockSkewMsMax',
  drift: 'clockDriftPpmMax',
  clockJump: 'clockJumpWeight',
  omission: 'omissionWeight',
  lostSync: 'lostSyncProbability',
  corruptRead: 'corruptReadProbability',
  tornWrite: 'tornWriteProbability',
  longDelay: 'longDelayProbability',
};

/** Each field's first alias above, so that a spec written for a person (a repro) stays short. */
const SHORT_NAMES = new Map<keyof FaultProfile, string>();
for (const [alias, key] of Object.entries(ALIASES)) if (!SHORT_NAMES.has(key)) SHORT_NAMES.set(key, alias);

/** The `--faults` name to write a profile field under: its short alias, else the field name. */
export const faultSpecName = (key: keyof FaultProfile): string => SHORT_NAMES.get(key) ?? key;

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const PROBABILITY_FIELDS = new Set<string>([
  'dropProbability',
  'duplicateProbability',
  'reorderProbability',
  'corruptProbability',
  'oneWayPartitionProbability',
  'byzantineEquivocateProbability',
  'byzantineAlterProbability',
  'byzantineReplayProbability',
  'omissionProbability',
  'lostSyncProbability',
  'corruptReadProbability',
  'tornWriteProbability',
  'longDelayProbability',
]);

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const COUNT_FIELDS = new Set<string>(['maxDownNodes', 'maxCrashStops', 'byzantineNodes']);

function parseField(key: keyof FaultProfile, raw: string, base: FaultProfile): unknown {
  const current = base[key];
  if (typeof current === 'boolean') {
    if (raw === 'true' || raw === '1' || raw === 'on') return true;
    if (raw === 'false' || raw === '0' || raw === 'off') return false;
    throw new FaultSpecError(`--faults: ${key} expects true or false, got "${raw}"`);
  }
  if (key === 'delayDistribution') {
    if (raw === 'uniform' || raw === 'exponential') return raw;
    throw new FaultSpecError(`--faults: delayDistribution expects uniform or exponential, got "${raw}"`);
  }
  // Plain decimals only: Number() would also take "0x1", "0b1", "1_0" or "Infinity".
  const value = Number(raw);
  if (!DECIMAL.test(raw) || !Number.isFinite(value)) {
    throw new FaultSpecError(`--faults: ${key} expects a decimal number, got "${raw}"`);
  }
  if (COUNT_FIELDS.has(key) && !Number.isInteger(value)) {
    throw new FaultSpecError(`--faults: ${key} counts nodes or crashes and must be a whole number, got ${raw}`);
  }
  if (PROBABILITY_FIELDS.has(key) && (value < 0 || value > 1)) {
    throw new FaultSpecError(`--faults: ${key} is a probability and must be within 0..1, got ${raw}`);
  }
  if (key === 'maxDownNodes' && value < -1) {
    throw new FaultSpecError(`--faults: maxDownNodes is a node count, or -1 for a minority; got ${raw}`);
  }
  if (value < 0 && key !== 'maxDownNodes') {
    throw new FaultSpecError(`--faults: ${key} must not be negative, got ${raw}`);
  }
  return value;
}

/**
 * Applies a --faults spec to a base profile: a profile name, `key=value` overrides, or both
 * (`chaos,drop=0.2`). Keys are profile field names or the short aliases above.
 */
export function applyFaultSpec(base: FaultProfile, spec: string): FaultProfile {
  let profile: FaultProfile = { ...base };
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) throw new FaultSpecError(`--faults expects a profile name and/or key=value settings (e.g. chaos,drop=0.1), got "${spec}"`);
  const overrides: string[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      const named = NAMED_PROFILES[part];
      if (!named) {
        throw new FaultSpecError(
          `--faults: unknown profile "${part}"; profiles: ${Object.keys(NAMED_PROFILES).join(', ')} (or key=value overrides)`,
        );
      }
      profile = { ...named, fifo: profile.fifo };
      continue;
    }
    const rawKey = part.slice(0, eq).trim();
    const key = (ALIASES[rawKey] ?? rawKey) as keyof FaultProfile;
    if (!(key in NO_FAULTS) || key === 'name') {
      throw new FaultSpecError(
        `--faults: unknown setting "${rawKey}"; settings: ${Object.keys(NO_FAULTS).filter((k) => k !== 'name').join(', ')}`,
      );
    }
    (profile as unknown as Record<string, unknown>)[key] = parseField(key, part.slice(eq + 1).trim(), profile);
    overrides.push(`${key}=${part.slice(eq + 1).trim()}`);
  }
  if (overrides.length > 0) profile.name = `${profile.name}+${overrides.join('+')}`;
  if (profile.episodeMsMax < profile.episodeMsMin) {
    throw new FaultSpecError(`--faults: episodeMsMax (${profile.episodeMsMax}) is below episodeMsMin (${profile.episodeMsMin})`);
  }
  if (profile.pauseMsMax < profile.pauseMsMin) {
    throw new FaultSpecError(`--faults: pauseMsMax (${profile.pauseMsMax}) is below pauseMsMin (${profile.pauseMsMin})`);
  }
  if (profile.longDelayMsMax < profile.longDelayMsMin) {
    throw new FaultSpecError(`--faults: longDelayMsMax (${profile.longDelayMsMax}) is below longDelayMsMin (${profile.longDelayMsMin})`);
  }
  return profile;
}
