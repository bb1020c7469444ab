import { prepareRun, reproCommand, summarize, type RunFailure, type RunOptions, type Scenario } from './scenario.js';
import { maskableFaultOf, type TraceEvent, type TraceSink } from './trace.js';

/** Collects the ids of the faults that fired in a run, in the order they fired. */
export class FiredFaults implements TraceSink {
  /** Faults a mask can suppress: per-message faults and nemesis episodes. */
  readonly maskable: string[] = [];
  /** Byzantine actions fire too, but a mask does not suppress them. */
  byzantine = 0;
  private readonly seen = new Set<string>();

  write(event: TraceEvent): void {
    if (event.type.startsWith('byz.')) {
      this.byzantine++;
      return;
    }
    const id = maskableFaultOf(event);
    if (id) this.add(id);
  }

  get total(): number {
    return this.maskable.length + this.byzantine;
  }

  private add(id: string): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.maskable.push(id);
  }
}

export interface ShrinkOptions {
  /** What the repro calls the scenario (its registered name, or the module path it came from). */
  scenarioRef?: string;
  /** Runs allowed in all (each is one full simulation); the best failing run so far is kept. */
  maxRuns?: number;
  /** Also look for a shorter run time (a shorter workload) that still fails. Default true. */
  shrinkTime?: boolean;
  /** Called after each run that still fails the same way. */
  onProgress?: (progress: { runs: number; faults: number; timeMs: number }) => void;
}

export interface ShrinkRun {
  options: RunOptions;
  result: RunFailure;
  /** Every fault that fired (maskable ids) and the count including Byzantine actions. */
  faults: string[];
  faultCount: number;
}

export type ShrinkResult =
  | { shrunk: false; reason: string; runs: number }
  | {
      shrunk: true;
      original: ShrinkRun;
      minimal: ShrinkRun;
      runs: number;
      /** True when maxRuns ran out: the result still fails but may not be minimal. */
      budgetExhausted: boolean;
      /** The minimal failing run as one command that `faultline replay` accepts. */
      repro: string;
    };

class BudgetExhausted extends Error {}

/**
 * Minimises a failing run while the same checker keeps failing: first the run time (a shorter
 * workload), then delta debugging (ddmin) over the fault ids that actually fired, keeping a subset
 * and suppressing every other fault (RunOptions.onlyFaults), then the time again. Deterministic: the
 * same input gives the same sequence of runs and the same result.
 */
export function shrinkFailure(scenario: Scenario, options: RunOptions, shrink: ShrinkOptions = {}): ShrinkResult {
  const maxRuns = shrink.maxRuns ?? 500;
  let runs = 0;
  const attempt = (candidate: RunOptions): ShrinkRun | undefined => {
    if (runs >= maxRuns) throw new BudgetExhausted();
    runs++;
    const fired = new FiredFaults();
    const prepared = prepareRun(scenario, { ...candidate, trace: fired, record: false });
    prepared.sim.run();
    const result = summarize(prepared);
    if (result.ok) return undefined;
    return { options: candidate, result, faults: fired.maskable, faultCount: fired.total };
  };

  const first = attempt({ ...options, trace: undefined });
  if (!first) return { shrunk: false, reason: 'the run does not fail (every checker held): nothing to shrink', runs };
  const target = first.result.violation;
  const sameFailure = (run: ShrinkRun | undefined): run is ShrinkRun =>
    run !== undefined && run.result.violation.checker === target.checker && run.result.violation.kind === target.kind;
  // The smallest failing run seen (fewest faults, then shortest): the answer even if runs run out.
  let champion = first;
  const tryRun = (candidate: RunOptions): ShrinkRun | undefined => {
    const run = attempt(candidate);
    if (!sameFailure(run)) return undefined;
    const faster = run.faultCount === champion.faultCount && run.result.config.timeMs < champion.result.config.timeMs;
    if (run.faultCount < champion.faultCount || faster) champion = run;
    shrink.onProgress?.({ runs, faults: champion.faultCount, timeMs: champion.result.config.timeMs });
    return run;
  };

  let best = first;
  let budgetExhausted = false;
  try {
    if (shrink.shrinkTime ?? true) best = shortenTime(best, tryRun);
    best = minimiseFaults(best, tryRun);
    if (shrink.shrinkTime ?? true) best = shortenTime(best, tryRun);
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    budgetExhausted = true;
  }
  const minimal = champion;
  const ref = shrink.scenarioRef ?? scenario.name;
  return { shrunk: true, original: first, minimal, runs, budgetExhausted, repro: reproCommand({ ...minimal.result.config, scenario: ref }, scenario.defaultTimeMs) };
}

type TryRun = (candidate: RunOptions) => ShrinkRun | undefined;

/** Binary search for a shorter failing run time, to 1% of the current one (at least 1 ms). */
function shortenTime(best: ShrinkRun, tryRun: TryRun): ShrinkRun {
  let lo = 0;
  let hi = best.result.config.timeMs;
  const stepMs = Math.max(1, Math.round(hi / 100));
  while (hi - lo > stepMs) {
    const mid = Math.round((lo + hi) / 2);
    const run = tryRun({ ...best.options, timeMs: mid });
    if (run) {
      best = run;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}

/**
 * Minimises the faults that fired, each probe keeping only a subset (every other fault suppressed,
 * so no new fault can fire when the run takes a different course): the shortest failing prefix,
 * then whole kinds, then ddmin. Of the probes that still fail, the one with the fewest faults wins.
 */
function minimiseFaults(best: ShrinkRun, tryRun: TryRun): ShrinkRun {
  const base = best;
  let fewest: ShrinkRun | undefined;
  const failsKeeping = (kept: readonly string[]): boolean => {
    const run = tryRun({ ...base.options, onlyFaults: [...kept] });
    if (run && (!fewest || run.faultCount <= fewest.faultCount)) fewest = run;
    return run !== undefined;
  };
  if (!failsKeeping([])) ddmin(withoutIrrelevantKinds(shortestFailingPrefix(base.faults, failsKeeping), failsKeeping), failsKeeping);
  const found: ShrinkRun | undefined = fewest;
  return found && found.faultCount < base.faultCount ? found : base;
}

/**
 * Faults in firing order: keeping only the first k leaves the run exactly as it was up to the
 * (k+1)-th fault, so a cause among the first k still fails. Binary search for the smallest such k.
 */
function shortestFailingPrefix(faults: readonly string[], failsKeeping: (kept: readonly string[]) => boolean): string[] {
  let lo = 0;
  let hi = faults.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (failsKeeping(faults.slice(0, mid))) hi = mid;
    else lo = mid;
  }
  return faults.slice(0, hi);
}

/** Kinds tried first, the likeliest to be noise first; nemesis episodes (timed, not per message) last. */
const KIND_ORDER = ['reorder', 'duplicate', 'delay', 'corrupt', 'drop', 'clock', 'storage', 'omission', 'pause', 'partition', 'crash'];

function kindOf(id: string): string {
  return /^[a-z]+/.exec(id)?.[0] ?? id;
}

/**
 * Removing one fault can change which messages later faults hit, so ddmin's halves often stop
 * failing. Whole kinds go first: a few runs remove every reorder, say, when none of them matters.
 */
function withoutIrrelevantKinds(faults: readonly string[], failsKeeping: (kept: readonly string[]) => boolean): string[] {
  let kept = [...faults];
  for (const kind of KIND_ORDER) {
    const rest = kept.filter((id) => kindOf(id) !== kind);
    if (rest.length === kept.length || rest.length === 0) continue;
    if (failsKeeping(rest)) kept = rest;
  }
  return kept;
}

/** Zeller's ddmin: a 1-minimal subset of `items` for which `fails` holds (fails(items) is assumed). */
export function ddmin<T>(items: readonly T[], fails: (subset: readonly T[]) => boolean): T[] {
  let current = [...items];
  let granularity = 2;
  while (current.length >= 2) {
    const chunks = split(current, granularity);
    const subset = chunks.find((chunk) => fails(chunk));
    if (subset) {
      current = subset;
      granularity = 2;
      continue;
    }
    const complement =
      granularity > 2
        ? chunks
            .map((chunk) => {
              const removed = new Set(chunk);
              return current.filter((item) => !removed.has(item));
            })
            .find((rest) => fails(rest))
        : undefined;
    if (complement) {
      current = complement;
      granularity = Math.max(granularity - 1, 2);
      continue;
    }
    if (granularity >= current.length) break;
    granularity = Math.min(current.length, granularity * 2);
  }
  return current;
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = start + Math.floor((items.length - start) / (parts - i));
    if (end > start) chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}
