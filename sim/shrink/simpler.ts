import { applyFaultSpec, faultSpecName, type FaultProfile } from '../faults/profile.js';
import { normalizeSeed, type RunOptions, type Scenario } from '../scenario.js';
import type { Stage } from './stages.js';
import { faultCountOf, type Holding } from './search.js';

/**
 * Simpler runs of the same failure. A kept subset of one run's faults can be 1-minimal and still
 * large: in a chatty run, removing any fault shifts the timing and the contents of every later
 * message, so the faults that caused the failure (keyed by the messages they hit) no longer aim at
 * anything. Fresh runs find a simpler witness instead, as Hypothesis shrinks the choices that drew
 * a test case rather than the case: the same scenario and strategy with one fault kind switched
 * off, with the per-message rates scaled down, or on a neighbouring seed. Of those that fail the
 * same checker, the one with the fewest fired faults (the first of equals) is taken if it has fewer
 * than the run it came from, and the search repeats from it (every failing fresh run is also kept
 * in `alternatives`, for a shrink that ends large to start again from);
 * the cuts then shrink it by subsets as before. The repro names the new seed and fault settings.
 */

/** `--faults` settings that switch off what a fault kind (a fault id's leading word) stands for. */
export const KIND_OFF: Record<string, (keyof FaultProfile)[]> = {
  reorder: ['reorderProbability'],
  duplicate: ['duplicateProbability'],
  delay: ['longDelayProbability'],
  corrupt: ['corruptProbability'],
  drop: ['dropProbability'],
  clock: ['clockJumpWeight'],
  storage: ['lostSyncProbability', 'corruptReadProbability', 'tornWriteProbability'],
  omission: ['omissionWeight'],
  pause: ['pauseWeight'],
  partition: ['partitionWeight'],
  crash: ['crashRecoveryWeight', 'crashStopWeight'],
};

/** Kinds tried first are the likeliest to be noise (as the kind cuts order them). */
const KIND_ORDER = Object.keys(KIND_OFF);

/** The per-message probabilities that scaling lowers. */
export const MESSAGE_RATES: (keyof FaultProfile)[] = ['dropProbability', 'duplicateProbability', 'reorderProbability', 'corruptProbability', 'longDelayProbability'];

const SCALES = [1 / 2, 1 / 4];
/** Neighbouring seeds tried: seed XOR 1..NEIGHBOURS. */
const NEIGHBOURS = 4;

export type Settings = Partial<Record<keyof FaultProfile, number>>;

/** The k-th seed next to `seed` (seed XOR k), or undefined past the safe integers. */
export function neighbourSeed(seed: bigint, k: number): string | undefined {
  const next = seed ^ BigInt(k);
  return next <= BigInt(Number.MAX_SAFE_INTEGER) ? next.toString() : undefined;
}

/**
 * The spec with these settings put last (a setting written twice counts once, at its last value),
 * so `drop=0` after `drop=0` does not grow the repro.
 */
export function withSettings(spec: string | undefined, settings: Settings): string {
  const names = new Set(Object.keys(settings).map((key) => faultSpecName(key as keyof FaultProfile)));
  const kept = (spec ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !(part.includes('=') && names.has(part.slice(0, part.indexOf('=')).trim())));
  const added = Object.entries(settings).map(([key, value]) => `${faultSpecName(key as keyof FaultProfile)}=${Number((value as number).toPrecision(4))}`);
  return [...kept, ...added].join(',');
}

/** The fresh-run options a failing run stands for: its seed and settings, with every fault free to fire. */
export function freshOptions(holding: Holding): RunOptions {
  const { onlyFaults: _onlyFaults, ...options } = holding.options;
  return options;
}

const runKey = (options: RunOptions): string => `${normalizeSeed(options.seed)} ${options.faults ?? ''}`;

/** Candidate fresh runs, in the order they are tried. */
export function simplerCandidates(scenario: Scenario, holding: Holding): RunOptions[] {
  const fresh = freshOptions(holding);
  let profile: FaultProfile;
  try {
    profile = fresh.faults ? applyFaultSpec(scenario.faults, fresh.faults) : scenario.faults;
  } catch {
    return [];
  }
  const withFaults = (settings: Settings): RunOptions => ({ ...fresh, faults: withSettings(fresh.faults, settings) });
  const fired = new Set(holding.probe.faults.map((fault) => fault.kind));
  const candidates: RunOptions[] = [];
  for (const kind of KIND_ORDER) {
    const keys = (KIND_OFF[kind] ?? []).filter((key) => (profile[key] as number) > 0);
    if (fired.has(kind) && keys.length > 0) candidates.push(withFaults(Object.fromEntries(keys.map((key) => [key, 0]))));
  }
  if (profile.nemesisIntervalMsMean > 0 && holding.probe.faults.some((fault) => fault.scope === 'nemesis')) {
    candidates.push(withFaults({ nemesisIntervalMsMean: 0 }), withFaults({ nemesisIntervalMsMean: profile.nemesisIntervalMsMean * 2 }));
  }
  const rates = MESSAGE_RATES.filter((key) => (profile[key] as number) > 0);
  if (rates.length > 0) for (const scale of SCALES) candidates.push(withFaults(Object.fromEntries(rates.map((key) => [key, (profile[key] as number) * scale]))));
  const seed = BigInt(normalizeSeed(fresh.seed));
  for (let k = 1; k <= NEIGHBOURS; k++) {
    const neighbour = neighbourSeed(seed, k);
    if (neighbour !== undefined) candidates.push({ ...fresh, seed: neighbour });
  }
  return candidates;
}

/**
 * Fresh runs of the same failure with fewer faults, taken while one is found. It runs first, on the
 * failing run as given, so fresh runs are compared with a fresh run; a failure that needs no fault
 * at all is settled by the first candidate.
 */
export function simplerRuns(scenario: Scenario, alternatives: Holding[] = []): Stage {
  return async (search, current) => {
    if (current.options.onlyFaults !== undefined) return current;
    // A fresh run is tried once (after an accepted neighbour, the seed it came from is a neighbour too).
    const tried = new Set<string>([runKey(freshOptions(current))]);
    let first = true;
    for (;;) {
      if (faultCountOf(current) <= 1) return current;
      const fewer = faultCountOf(current);
      const noFaults: RunOptions[] = first ? [{ ...current.options, onlyFaults: [] }] : [];
      first = false;
      const candidates = [...noFaults, ...simplerCandidates(scenario, current).filter((options) => !tried.has(runKey(options)))];
      for (const options of candidates) tried.add(runKey(options));
      const failing = await search.allFailing(candidates);
      alternatives.push(...failing.filter((holding) => holding.options.onlyFaults === undefined));
      const found = failing.reduce<Holding | undefined>((best, holding) => (best === undefined || faultCountOf(holding) < faultCountOf(best) ? holding : best), undefined);
      if (!found || faultCountOf(found) >= fewer) return current;
      if (found.options.onlyFaults !== undefined) return found;
      current = found;
    }
  };
}
