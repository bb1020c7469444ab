import { applyFaultSpec, type FaultProfile } from '../faults/profile.js';
import { normalizeSeed, type RunOptions, type Scenario } from '../scenario.js';
import { faultCountOf, type Holding, type ShrinkSearch } from './search.js';
import { freshOptions, KIND_OFF, MESSAGE_RATES, neighbourSeed, withSettings, type Settings } from './simpler.js';

/**
 * The wide search: many fresh runs of the same scenario under the most constrained settings that
 * can still fail the way the shrunk run does. Some failures need a rare coincidence (a deposed
 * primary serving a read in the one window where that is stale), and the run that found it also
 * holds hundreds of per-message faults that only keep its trajectory: the 1-minimal subset of them
 * stays large, because removing any one moves every later message. A fresh run in which only the
 * kinds of the 1-minimal set can fire, at much lower rates, rarely fails, but when it does it holds
 * few faults: so the search tries neighbouring seeds in batches (every candidate of a batch runs,
 * in parallel, and the fewest-fault failure of the batch, first of equals, is returned), and the
 * cut stages shrink what it returns. Settings, in order:
 *
 *  - nemesis only: every per-message rate 0 and the nemesis kinds the 1-minimal set has no fault
 *    of switched off (when it has a nemesis fault at all; in the second pass, when it has a
 *    strategy's own deposition or late copy);
 *  - sparse: the per-message kinds of the 1-minimal set at 1/16 of their rate, the others off,
 *    and the same nemesis kinds off (when it has a per-message fault at all);
 *  - one kind (second pass): each per-message kind of the 1-minimal set alone, at 1/8 of its rate,
 *    with the same nemesis kinds off (when it has two kinds or more). A chatty run's 1-minimal set
 *    holds every kind that happened to shape its trajectory; the failure itself often needs one of
 *    them (a dropped reply and a crash, not the reorders and the corruption around them).
 *
 * The workload is the shrunk run's (a smaller cluster fails with fewer faults); the run time is
 * the original's (the candidates stop a margin past the original failure anyway).
 */

/** Neighbouring seeds per batch (each under every setting). */
const SEEDS_PER_BATCH = 8;
/** The per-message rates of the sparse setting, as a share of the run's. */
const SPARSE_SCALE = 1 / 16;
/** The rate of the one per-message kind left on in a one-kind setting, as a share of the run's. */
const ONE_KIND_SCALE = 1 / 8;

const MESSAGE_KINDS = new Set(Object.entries(KIND_OFF).filter(([, keys]) => keys.every((key) => MESSAGE_RATES.includes(key))).map(([kind]) => kind));
const NEMESIS_KINDS = Object.keys(KIND_OFF).filter((kind) => !MESSAGE_KINDS.has(kind));

/**
 * The fresh-run settings the wide search tries, as options (a `--faults` spec each), most constrained
 * first. The `first` pass: nemesis only (for a set with a nemesis episode) and sparse. The `second`
 * pass, for a run the first leaves above READABLE_FAULTS: every rate off for a set that holds a
 * strategy's own fault (a deposition, a late copy: no rate controls it, so it fires as a nemesis
 * episode does) when the first pass had no such setting, and each per-message kind alone. Passes,
 * not one mix: a run the first pass brings to a few faults ends exactly as it did before the second
 * existed (a batch's fewest-fault failure, under more settings, could be a larger minimal run).
 */
export function wideSettings(scenario: Scenario, original: Holding, shrunk: Holding, pass: 'first' | 'second' = 'first'): RunOptions[] {
  // A run given with its kept faults is a run to shrink as it is (as simpler runs leave it).
  if (original.options.onlyFaults !== undefined) return [];
  const fresh = { ...freshOptions(original), ...(shrunk.options.size ? { size: shrunk.options.size } : {}) };
  let profile: FaultProfile;
  try {
    profile = fresh.faults ? applyFaultSpec(scenario.faults, fresh.faults) : scenario.faults;
  } catch {
    return [];
  }
  const kinds = new Set(shrunk.probe.faults.map((fault) => fault.kind));
  const on = (key: keyof FaultProfile) => (profile[key] as number) > 0;
  const nemesisOff: Settings = {};
  for (const kind of NEMESIS_KINDS) if (!kinds.has(kind)) for (const key of (KIND_OFF[kind] ?? []).filter(on)) nemesisOff[key] = 0;
  const messageOff = Object.fromEntries(MESSAGE_RATES.filter(on).map((key) => [key, 0]));
  const sparse = Object.fromEntries(
    Object.entries(KIND_OFF)
      .filter(([kind]) => MESSAGE_KINDS.has(kind))
      .flatMap(([kind, keys]) => keys.filter(on).map((key) => [key, kinds.has(kind) ? (profile[key] as number) * SPARSE_SCALE : 0])),
  );
  const hasNemesis = [...kinds].some((kind) => NEMESIS_KINDS.includes(kind));
  const first: Settings[] = [];
  if (hasNemesis) first.push({ ...messageOff, ...nemesisOff });
  if ([...kinds].some((kind) => MESSAGE_KINDS.has(kind))) first.push({ ...sparse, ...nemesisOff });
  const second: Settings[] = [];
  const strategyOwn = [...kinds].some((kind) => !MESSAGE_KINDS.has(kind) && !NEMESIS_KINDS.includes(kind));
  if (strategyOwn && !hasNemesis) second.push({ ...messageOff, ...nemesisOff });
  const messageKinds = [...MESSAGE_KINDS].filter((kind) => kinds.has(kind) && (KIND_OFF[kind] ?? []).some(on));
  if (messageKinds.length >= 2) {
    for (const kind of messageKinds) {
      const alone: Settings = { ...messageOff };
      for (const key of (KIND_OFF[kind] ?? []).filter(on)) alone[key] = (profile[key] as number) * ONE_KIND_SCALE;
      second.push({ ...alone, ...nemesisOff });
    }
  }
  const specOf = (settings: Settings): string => withSettings(fresh.faults, settings);
  const firstSpecs = new Set(first.map(specOf));
  const specs = new Set<string>();
  return (pass === 'first' ? first : second)
    .map((settings) => ({ ...fresh, faults: specOf(settings) }))
    .filter((options) => (pass === 'first' || !firstSpecs.has(options.faults)) && !specs.has(options.faults) && (specs.add(options.faults), true));
}

export class WideSearch {
  private nextK = 1;
  private readonly seed: bigint;

  constructor(private readonly settings: readonly RunOptions[]) {
    this.seed = BigInt(normalizeSeed(settings[0]?.seed ?? 0));
  }

  /**
   * Runs batches of fresh candidates until one fails the same way; its fewest-fault failure (first
   * of equals), or undefined once the runs reach `stopRuns` (or the seeds pass the safe integers).
   */
  async next(search: ShrinkSearch, stopRuns: number): Promise<Holding | undefined> {
    if (this.settings.length === 0) return undefined;
    while (search.runs < stopRuns) {
      const candidates: RunOptions[] = [];
      for (let k = this.nextK; k < this.nextK + SEEDS_PER_BATCH; k++) {
        const seed = neighbourSeed(this.seed, k);
        if (seed !== undefined) for (const options of this.settings) candidates.push({ ...options, seed });
      }
      if (candidates.length === 0) return undefined;
      this.nextK += SEEDS_PER_BATCH;
      const failing = await search.allFailing(candidates, candidates.length);
      const found = failing.reduce<Holding | undefined>((best, holding) => (best === undefined || faultCountOf(holding) < faultCountOf(best) ? holding : best), undefined);
      if (found) return found;
    }
    return undefined;
  }
}
