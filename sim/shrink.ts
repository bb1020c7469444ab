import { wallClockMs } from './determinism-guard.js';
import type { ScenarioSource } from './fuzz/scenario-source.js';
import { reproCommand, reproOf, runOptionsOf, type Repro } from './repro.js';
import type { RunOptions, Scenario } from './scenario.js';
import type { Violation } from './simulation.js';
import { explainRun, type TimelineEntry } from './shrink/explain.js';
import { defaultShrinkWorkers, inlineRunner, poolRunner, shrinkWorkersAvailable, type ProbeRunner } from './shrink/pool.js';
import { simplerRuns } from './shrink/simpler.js';
import { BudgetExhausted, faultCountOf, ShrinkSearch, type Holding } from './shrink/search.js';
import { WideSearch, wideSettings } from './shrink/wide.js';
import { bigCuts, causalCut, ddminCuts, kindCuts, nodeAndLinkCuts, sizeCut, split, timeCut, timeWindowCuts, type Stage } from './shrink/stages.js';

export { FiredFaults, type FiredFault } from './shrink/probe.js';
export type { TimelineEntry } from './shrink/explain.js';

/** The default budget: whichever runs out first. */
export const DEFAULT_SHRINK_MAX_RUNS = 2000;
export const DEFAULT_SHRINK_TIME_BUDGET_MS = 60_000;

export interface ShrinkOptions {
  /** What the repro calls the scenario (its registered name, or the module it came from). */
  scenarioRef?: string;
  /** Where worker processes load the scenario from; without it (or from TypeScript sources) candidates run in this process. */
  source?: ScenarioSource;
  /** Worker processes for candidate runs (default: one per core). The result does not depend on it. */
  workers?: number;
  /** Runs allowed in all (each is one full simulation); the smallest failing run so far is kept. */
  maxRuns?: number;
  /** Wall time allowed in all (checked between rounds of candidate runs). */
  timeBudgetMs?: number;
  /** Also look for a shorter run time and a smaller workload that still fail. Default true. */
  shrinkTime?: boolean;
  /** Called whenever a smaller failing run is found. */
  onProgress?: (progress: { runs: number; faults: number; timeMs: number; stage: string }) => void;
}

/** One run of a shrink: its repro and what it did. */
export interface ShrinkRun {
  repro: Repro;
  digest: string;
  violation: Violation;
  /** The maskable faults that fire in the run, in firing order (exactly those its repro keeps). */
  faults: string[];
  /** Byzantine actions fire too, but a mask cannot remove them. */
  byzantineActions: number;
  /** faults.length + byzantineActions. */
  faultCount: number;
  timeMs: number;
  events: number;
}

export interface ShrinkStageReport {
  stage: string;
  /** Runs spent in the stage, and the faults left after it. */
  runs: number;
  faults: number;
}

/**
 * What shrinking gives, as plain data: the library returns it and `shrink --json` prints exactly
 * this object.
 */
export type ShrinkResult =
  | { shrunk: false; scenario: string; seed: string; reason: string; runs: number }
  | {
      shrunk: true;
      scenario: string;
      seed: string;
      original: ShrinkRun;
      minimal: ShrinkRun;
      runs: number;
      /** False, or which budget ran out: the result still fails but may not be minimal. */
      budgetExhausted: false | 'runs' | 'time';
      stages: ShrinkStageReport[];
      /** The minimal run's repro and the command that replays it (and verifies its digest). */
      repro: Repro;
      command: string;
      /** The minimal run told briefly: the faults that fire and the messages that matter. */
      timeline: TimelineEntry[];
      workers: number;
      /** Wall time of the whole shrink (for reports only). */
      wallMs: number;
    };

/**
 * Minimises a failing run while the same checker keeps failing the same way: cheap big cuts first
 * (no faults, only the nemesis, only per-message faults), the causal cut (every fault outside the
 * violation's causal past at once), a shorter run and a smaller workload, then whole kinds, whole
 * nodes and links, time windows, ddmin within what is left (causally nearest first), the run time
 * again and the scenario's sizes, and the fault cuts once more if those changed the run. Every candidate keeps a
 * subset of the faults that fired and suppresses every other (RunOptions.onlyFaults), so no new
 * fault can appear, and stops a margin past the original failure's virtual time.
 *
 * When the big cuts and the causal cut leave more than READABLE_FAULTS faults (a subset can be
 * 1-minimal and still large when every removal shifts a chatty run), a simpler run is tried: a
 * fresh run of the same scenario with a fault kind off, lower rates or a neighbouring seed that
 * fails the same checker with fewer faults (sim/shrink/simpler.ts). It gets the same two cuts, and
 * the finer cuts and ddmin go on from whichever kept fewer faults; the repro names that run's seed
 * and settings. A run still above READABLE_FAULTS at the end gets the wide search: many fresh runs
 * on neighbouring seeds where only the kinds left can fire, at low rates (sim/shrink/wide.ts).
 *
 * Candidate runs go to worker processes a round at a time; the first failing candidate in a fixed
 * order wins, so the result is the same whatever the worker count (unless the time budget runs out).
 */
export async function shrinkFailure(scenario: Scenario, options: RunOptions, shrink: ShrinkOptions = {}): Promise<ShrinkResult> {
  const startMs = wallClockMs();
  const ref = shrink.scenarioRef ?? scenario.name;
  const seed = reproOf(ref, options).seed;
  const base = runOptionsOf(reproOf(ref, options));
  const workers = Math.max(1, shrink.workers ?? defaultShrinkWorkers());
  const runner: ProbeRunner = shrink.source && shrinkWorkersAvailable() && workers > 1 ? await poolRunner(shrink.source, workers) : inlineRunner(scenario);
  try {
    const [first] = await inlineRunner(scenario).run([base]);
    if (!first?.failing || !first.violation) return { shrunk: false, scenario: ref, seed, reason: 'the run does not fail (every checker held): nothing to shrink', runs: 1 };
    const original: Holding = { options: base, probe: { ...first, violation: first.violation } };
    const deadlineMs = startMs + (shrink.timeBudgetMs ?? DEFAULT_SHRINK_TIME_BUDGET_MS);
    /** The stage running, for progress reports. */
    let current = '';
    const stopAtUs = candidateStopUs(first.violation, first.timeMs);
    const limits = { maxRuns: (shrink.maxRuns ?? DEFAULT_SHRINK_MAX_RUNS) - 1, deadlineMs, ...(stopAtUs === undefined ? {} : { stopAtUs }) };
    const search = new ShrinkSearch(runner, first.violation, limits, original, (champion) =>
      shrink.onProgress?.({ runs: search.runs + 1, faults: faultCountOf(champion), timeMs: champion.probe.timeMs, stage: current }),
    );
    // A shorter run early makes every later candidate cheaper; the fault cuts run again only when
    // the run time or workload changed the run after them.
    // A smaller workload early too: fewer nodes and clients fire fewer faults, so ddmin starts smaller.
    const timeStages: [string, Stage][] = shrink.shrinkTime === false ? [] : [['run time', timeCut], ['workload', sizeCut(scenario)]];
    // The causal cut runs first (it can drop most faults in one round) and again right before
    // ddmin, with the cone of the run the other cuts left, so ddmin starts from what is causally near.
    const faultStages: [string, Stage][] = [
      ['causal cut', causalCut],
      ['fault kinds', kindCuts],
      ['nodes and links', nodeAndLinkCuts],
      ['time windows', timeWindowCuts],
      ['causal cut', causalCut],
      ['ddmin', ddminCuts],
    ];
    const runStages: [string, Stage][] = shrink.shrinkTime === false ? [] : [['run time', timeCut], ['workload', sizeCut(scenario)]];
    const stages: ShrinkStageReport[] = [];
    /** Runs one stage and reports it (also when the budget runs out in it). */
    const run = async (name: string, stage: Stage, from: Holding): Promise<Holding> => {
      current = stages.some((s) => s.stage === name) ? `${name} (again)` : name;
      const runsBefore = search.runs;
      let holding = from;
      try {
        holding = await stage(search, from);
      } finally {
        stages.push({ stage: current, runs: search.runs - runsBefore, faults: faultCountOf(holding) });
      }
      return holding;
    };
    const stagesOf = async (list: readonly [string, Stage][], from: Holding): Promise<Holding> => {
      let holding = from;
      for (const [name, stage] of list) holding = await run(name, stage, holding);
      return holding;
    };
    const bigCutsFirst: [string, Stage][] = [['big cuts', bigCuts], ['causal cut', causalCut]];
    const finerCuts: [string, Stage][] = [...timeStages, ...faultStages.slice(1, -1)];
    const groupCuts: [string, Stage][] = [['fault kinds', kindCuts], ['time windows', timeWindowCuts], ['causal cut', causalCut]];
    /** Wide search batches while the best run holds more than READABLE_FAULTS; each failure found gets the cuts. */
    const widePass = async (wide: WideSearch, stopRuns: number, name: string, beforeDdmin: [string, Stage][]): Promise<void> => {
      while (faultCountOf(search.champion) > READABLE_FAULTS && search.runs < stopRuns) {
        let found: Holding | undefined;
        await run(name, async (within) => (found = await wide.next(within, stopRuns)) ?? original, original);
        if (!found) return;
        let cut = await stagesOf(bigCutsFirst, found);
        if (faultCountOf(cut) > WIDE_CUT_MAX) cut = await stagesOf(beforeDdmin, cut);
        // A found run the cuts leave small is worth ddmin even when the best so far is smaller
        // (its 1-minimal set can be smaller still); one that still holds many faults would cost
        // hundreds of runs for another chatty witness.
        if (faultCountOf(cut) <= WIDE_CUT_MAX) await stagesOf([...finerCuts, ['ddmin', ddminCuts]], cut);
      }
    };
    let budgetExhausted: false | 'runs' | 'time' = false;
    try {
      // A run that the big cuts leave above READABLE_FAULTS is compared with a simpler fresh run
      // of the same failure after the same cuts, and the finer cuts and ddmin go on from the smaller.
      const alternatives: Holding[] = [];
      let holding = await stagesOf(bigCutsFirst, original);
      let simpler: Holding | undefined;
      if (faultCountOf(holding) > READABLE_FAULTS) {
        simpler = await run('simpler runs', simplerRuns(scenario, alternatives), original);
        if (simpler !== original) {
          const cut = await stagesOf(bigCutsFirst, simpler);
          if (faultCountOf(cut) < faultCountOf(holding)) holding = cut;
        }
      }
      holding = await stagesOf([...finerCuts, ['ddmin', ddminCuts]], holding);
      const afterFaultCuts = holding;
      holding = await stagesOf(runStages, holding);
      // The fault cuts run again only when the run time or workload changed the run after them.
      if (holding.probe.faults.length >= 2 && (holding.probe.timeMs !== afterFaultCuts.probe.timeMs || !sameSize(holding, afterFaultCuts))) await stagesOf(faultStages, holding);
      // Still above READABLE_FAULTS after few runs: the fewest faults of one fresh run do not
      // promise the smallest minimal run, so the next simpler runs found (fewest faults first) get
      // the fault cuts too, while the runs spent stay under RESTART_RUNS_SHARE of the budget.
      // A restart must be another run, not the same one with a fault more or less (a setting that
      // does not fire, or that a strategy overrides): one that shares half its faults with a run
      // already shrunk is skipped.
      const shrunk = [original, ...(simpler ? [simpler] : [])].map(faultIds);
      const restarts = [...alternatives].sort((a, b) => faultCountOf(a) - faultCountOf(b));
      let left = MAX_RESTARTS;
      for (const alternative of restarts) {
        if (left === 0 || faultCountOf(search.champion) <= READABLE_FAULTS || search.runs >= limits.maxRuns * RESTART_RUNS_SHARE) break;
        const ids = faultIds(alternative);
        if (shrunk.some((other) => sharedShare(ids, other) > 0.5)) continue;
        shrunk.push(ids);
        left--;
        await stagesOf([...bigCutsFirst, ...finerCuts, ['ddmin', ddminCuts]], alternative);
      }
      // Still above READABLE_FAULTS: fresh runs where only the kinds left can fire, at low rates,
      // on many neighbouring seeds (sim/shrink/wide.ts). Each failure found gets the big and causal
      // cuts, and the finer cuts and ddmin when those leave it small enough to be worth them.
      const wideStopRuns = Math.min(limits.maxRuns * WIDE_RUNS_SHARE, search.runs + WIDE_MAX_RUNS);
      await widePass(new WideSearch(wideSettings(scenario, original, search.champion)), wideStopRuns, 'wide search', []);
      // Still above: the second pass's settings (a strategy's own faults with every rate off, each
      // per-message kind alone) on the same neighbours, with a budget of its own. A fresh run where
      // only a strategy's own faults fire can hold dozens of them (a burst of late copies,
      // depositions all window long), each one a removable unit: here the cheap group cuts (whole
      // kinds, the failing prefix, time windows) come before the size check for ddmin.
      const second = faultCountOf(search.champion) > READABLE_FAULTS ? wideSettings(scenario, original, search.champion, 'second') : [];
      if (second.length > 0) {
        const secondStopRuns = Math.min(limits.maxRuns * SECOND_PASS_RUNS_SHARE, search.runs + WIDE_MAX_RUNS);
        await widePass(new WideSearch(second), secondStopRuns, 'wide search, second pass', groupCuts);
      }
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      budgetExhausted = error.budget;
    }
    // The champion keeps exactly the faults that fired in it: the same run, and its repro lists only those.
    const best = search.champion;
    const minimalOptions: RunOptions = { ...best.options, onlyFaults: best.probe.faults.map((fault) => fault.id) };
    const minimal = toRun(reproOf(ref, minimalOptions), best);
    const repro = minimal.repro;
    return {
      shrunk: true,
      scenario: ref,
      seed,
      original: toRun(reproOf(ref, base), original),
      minimal,
      runs: search.runs + 1,
      budgetExhausted,
      stages,
      repro,
      command: `${reproCommand(repro, scenario.defaultTimeMs)} --digest ${minimal.digest}`,
      timeline: explainRun(scenario, minimalOptions),
      workers: runner.workers,
      wallMs: Math.round(wallClockMs() - startMs),
    };
  } finally {
    await runner.close();
  }
}

/** A repro a person reads at a glance: big cuts that leave more faults than this are compared with a simpler run's. */
export const READABLE_FAULTS = 5;

/** A shrink that ends above READABLE_FAULTS starts again from another simpler run at most this often, */
const MAX_RESTARTS = 3;
/** and only while it has spent less than this share of its runs (so a costly shrink stays within its budget). */
const RESTART_RUNS_SHARE = 1 / 8;

/** The wide search spends at most this many runs, and stops once the runs spent reach this share of the budget; */
const WIDE_MAX_RUNS = 512;
const WIDE_RUNS_SHARE = 3 / 4;
/** The second pass spends at most WIDE_MAX_RUNS more, and stops at this share of the budget. */
const SECOND_PASS_RUNS_SHARE = 15 / 16;
/** it shrinks a failure it finds past the big cuts only when those leave at most this many faults. */
const WIDE_CUT_MAX = 4 * READABLE_FAULTS;

/** Candidates that run this much past the original failure's virtual time, and still hold, pass. */
const STOP_MARGIN = 0.25;
const STOP_MARGIN_MIN_US = 100_000;

/**
 * Where candidate runs stop: the original failure's virtual time plus a margin, so a candidate that
 * no longer fails costs about as much as the failure did, not a whole run. A liveness failure is
 * judged at the run's end, so its candidates run to the end.
 */
function candidateStopUs(violation: Violation, runMs: number): number | undefined {
  if (violation.kind === 'liveness') return undefined;
  const stopUs = Math.ceil(violation.timeUs * (1 + STOP_MARGIN)) + STOP_MARGIN_MIN_US;
  return stopUs < runMs * 1000 ? stopUs : undefined;
}

const faultIds = (holding: Holding): Set<string> => new Set(holding.probe.faults.map((fault) => fault.id));

/** The share of `ids` that `other` holds too (fault ids are stable, so shared ids mean a shared run). */
function sharedShare(ids: ReadonlySet<string>, other: ReadonlySet<string>): number {
  if (ids.size === 0) return 1;
  let shared = 0;
  for (const id of ids) if (other.has(id)) shared++;
  return shared / ids.size;
}

function sameSize(a: Holding, b: Holding): boolean {
  return JSON.stringify(a.options.size ?? {}) === JSON.stringify(b.options.size ?? {});
}

function toRun(repro: Repro, holding: Holding): ShrinkRun {
  const { probe } = holding;
  return {
    repro,
    digest: probe.digest,
    violation: probe.violation,
    faults: probe.faults.map((fault) => fault.id),
    byzantineActions: probe.byzantine,
    faultCount: faultCountOf(holding),
    timeMs: probe.timeMs,
    events: probe.events,
  };
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
