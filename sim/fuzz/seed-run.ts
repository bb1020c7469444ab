import { checkDeterminism, type EventSummary } from '../determinism-check.js';
import { prepareRun, reproCommand, runScenarioOnce, type RunOptions, type RunResult, type Scenario } from '../scenario.js';
import { reproOf, type Repro } from '../repro.js';
import type { Violation } from '../simulation.js';
import type { FaultKind } from '../trace.js';
import { MIX, strategyForSeed } from '../search/index.js';
import { CoverageCollector } from '../search/coverage.js';
import type { MixShare } from '../search/feedback.js';
import { emptyFaultCounts } from '../event-log.js';
import { ScenarioError, thrownText } from './module-guard.js';
import { failureSignature } from './signature.js';

/** The run options a fuzz run applies to every seed (everything but the seed). */
export type FuzzRunOptions = Pick<RunOptions, 'timeMs' | 'faults' | 'swarm' | 'mask' | 'maxEvents' | 'wallBudgetMs' | 'beyond' | 'strategy'> & {
  /** Feedback is on: the mix's shares for this batch's epoch; each seed reports its coverage. */
  mixShares?: readonly MixShare[];
};

/** One seed's run options: the fuzz options with the seed's own strategy (resolved from the mix). */
function seedOptions(runOptions: FuzzRunOptions, seed: number): RunOptions {
  const { strategy, mixShares, ...rest } = runOptions;
  if (strategy === undefined) return { ...rest, seed };
  return { ...rest, seed, strategy: strategyForSeed(strategy, seed, mixShares) };
}

/** One collector per process, and one observed copy per scenario (so the timescale cache holds). */
const collector = new CoverageCollector();
const covered = new WeakMap<Scenario, Scenario>();

function coveredScenario(scenario: Scenario): Scenario {
  let observed = covered.get(scenario);
  if (!observed) {
    observed = { ...scenario, setup: (env) => {
      const setup = scenario.setup(env);
      return { ...setup, nodes: collector.observe(setup.nodes) };
    } };
    covered.set(scenario, observed);
  }
  return observed;
}

const learntAhead = new WeakSet<Scenario>();

/**
 * A worker of the mix learns the protocol's timescale (sim/search/learn.ts: a fixed probe run, seed 0,
 * no faults, cached per process) before its first seed, not at its first seed of a strategy that
 * needs it. Its first seeds are plain random ones as often as not, and TurboFan had optimised the
 * engine for them when the probe's wrapped nodes came along and deoptimised it again (raft-kv mix,
 * seeds 1..150 in one process: 76 bailouts, 62 with the probe first). The probe's result is the
 * same whenever it runs, so no seed's run changes; the prepared run is dropped unrun.
 */
export function learnTimescaleAhead(scenario: Scenario, runOptions: FuzzRunOptions, seed: number): void {
  if (runOptions.strategy !== MIX || learntAhead.has(scenario)) return;
  learntAhead.add(scenario);
  const observed = runOptions.mixShares !== undefined ? coveredScenario(scenario) : scenario;
  try {
    prepareRun(observed, { ...seedOptions(runOptions, seed), strategy: 'timescale' });
  } catch {
    // Whatever failed here fails again in the seed's own run, which reports it.
  }
}

/** What the re-run of a failing seed found. */
export interface RerunCheck {
  /** False when the failure was a wall-clock limit: a re-run may legitimately go further. */
  checked: boolean;
  identical: boolean;
  digest: string;
  firstDivergence?: { index: number; first: EventSummary | undefined; second: EventSummary | undefined };
}

export interface FuzzFailure {
  seed: string;
  digest: string;
  violation: Violation;
  /** For nondeterminism found by the re-run: the violation the first run reported. */
  original?: Violation;
  signature: string;
  /** The search strategy the seed ran under (see sim/search): which strategy found it. */
  strategy: string;
  /** One command that replays the failure and verifies its digest. */
  repro: string;
  /** The failing run's repro as a value: every option that decides it. */
  reproValue: Repro;
  anomaly?: string;
  byzantine?: string[];
  /** Found beyond the scenario's assumptions (--beyond): not a bug in the protocol. */
  outsideAssumptions?: true;
  events: number;
  faults: Record<FaultKind, number>;
  rerun: RerunCheck;
}

/** One seed's result as it crosses from a worker: small and structured-clone-able. */
export interface SeedOutcome {
  seed: number;
  digest: string;
  ok: boolean;
  wallMs: number;
  failure?: FuzzFailure;
  /** With feedback on: the strategy the seed ran under and the coverage slots it reached. */
  coverage?: { strategy: string; edges: number[] };
}

function describe(event: EventSummary | undefined): string {
  return event ? `${event.type} at ${event.node || '-'}, virtual ${event.timeUs / 1000} ms` : 'no event';
}

/** Re-runs a failing seed (as FoundationDB does) and turns a digest mismatch into a nondeterminism failure. */
function recheck(scenario: Scenario, options: RunOptions, first: RunResult & { ok: false }): { rerun: RerunCheck; violation: Violation } {
  if (first.violation.kind === 'limit' && first.violation.checker === 'wall-budget') {
    return { rerun: { checked: false, identical: true, digest: first.digest }, violation: first.violation };
  }
  const second = runScenarioOnce(scenario, options);
  if (second.digest === first.digest) return { rerun: { checked: true, identical: true, digest: second.digest }, violation: first.violation };
  const report = checkDeterminism(scenario, options);
  const divergence = report.firstDivergence;
  const where = divergence ? `; first diverging event #${divergence.index}: ${describe(divergence.first)} vs ${describe(divergence.second)}` : '';
  const violation: Violation = {
    kind: 'nondeterminism',
    checker: 'rerun',
    message: `re-running seed ${first.seed} gave digest ${second.digest}, the first run ${first.digest}${where}`,
    eventIndex: divergence?.index ?? first.violation.eventIndex,
    timeUs: divergence?.first?.timeUs ?? first.violation.timeUs,
  };
  return { rerun: { checked: true, identical: false, digest: second.digest, ...(divergence ? { firstDivergence: divergence } : {}) }, violation };
}

/**
 * Runs one seed; a failure is re-run once and compared. `scenarioRef` is what the repro names: the
 * scenario's registered name, or the module path a user scenario was loaded from.
 */
export function runSeed(scenario: Scenario, runOptions: FuzzRunOptions, seed: number, scenarioRef: string): SeedOutcome {
  const options = seedOptions(runOptions, seed);
  const feedback = runOptions.mixShares !== undefined;
  let result: RunResult;
  let coverage: SeedOutcome['coverage'];
  try {
    if (feedback) collector.reset();
    result = runScenarioOnce(feedback ? coveredScenario(scenario) : scenario, options);
    if (feedback) coverage = { strategy: options.strategy ?? 'random', edges: collector.take() };
  } catch (error) {
    return setupThrew(scenario, runOptions, seed, scenarioRef, error);
  }
  if (result.ok) return { seed, digest: result.digest, ok: true, wallMs: result.wallMs, ...(coverage ? { coverage } : {}) };
  const { rerun, violation } = recheck(scenario, options, result);
  const reproValue = reproOf(scenarioRef, options);
  const replay = reproCommand(reproValue, scenario.defaultTimeMs);
  const failure: FuzzFailure = {
    seed: result.seed,
    digest: result.digest,
    violation,
    ...(violation !== result.violation ? { original: result.violation } : {}),
    signature: failureSignature(violation),
    strategy: options.strategy ?? 'random',
    // A digest is worth verifying only when a re-run reproduced it (a wall-clock limit cuts runs anywhere).
    repro: rerun.checked && rerun.identical ? `${replay} --digest ${result.digest}` : replay,
    reproValue,
    ...(result.anomaly ? { anomaly: result.anomaly } : {}),
    ...(result.byzantine ? { byzantine: result.byzantine } : {}),
    ...(result.outsideAssumptions && violation === result.violation ? { outsideAssumptions: true as const } : {}),
    events: result.stats.events,
    faults: result.stats.faults,
    rerun,
  };
  return { seed, digest: result.digest, ok: false, wallMs: result.wallMs, failure, ...(coverage ? { coverage } : {}) };
}

/** A scenario whose setup throws on some seed is a failure of that seed, not of the whole fuzz run. */
function setupThrew(scenario: Scenario, runOptions: FuzzRunOptions, seed: number, scenarioRef: string, error: unknown): SeedOutcome {
  // prepareRun already words a setup() throw as the scenario's error; anything else is worded here.
  const message = error instanceof ScenarioError ? error.message : `scenario setup threw: ${thrownText(error)}`;
  const violation: Violation = { kind: 'crash', checker: 'scenario', message, eventIndex: 0, timeUs: 0 };
  return failureWithoutRun(scenario, runOptions, seed, scenarioRef, violation, 0);
}

/**
 * A seed on which a fresh worker process died, again and again: it ran out of memory (past the
 * worker heap limit) or something killed its process. A crash result with its repro; the fuzz run
 * goes on with a new worker.
 */
export function workerDied(scenario: Scenario, runOptions: FuzzRunOptions, seed: number, scenarioRef: string, deaths: number): SeedOutcome {
  const message = `seed ${seed} ended its worker process ${deaths} times: it ran out of memory (the worker heap limit) or was killed; replay it to see where`;
  return failureWithoutRun(scenario, runOptions, seed, scenarioRef, { kind: 'crash', checker: 'worker', message, eventIndex: 0, timeUs: 0 }, 0);
}

/**
 * A seed whose worker had to be stopped: a handler or checker never returned, so the engine's own
 * wall-clock check (between events) never ran. A limit result, like a run past its wall budget.
 */
export function hungSeed(scenario: Scenario, runOptions: FuzzRunOptions, seed: number, scenarioRef: string, waitedMs: number): SeedOutcome {
  const message = `seed ${seed} did not finish within ${Math.round(waitedMs)} ms: a handler or checker never returned, so its worker process was stopped`;
  return failureWithoutRun(scenario, runOptions, seed, scenarioRef, { kind: 'limit', checker: 'wall-budget', message, eventIndex: 0, timeUs: 0 }, waitedMs);
}

/** The failure of a seed that produced no run result (no digest, no counts), with its repro. */
function failureWithoutRun(scenario: Scenario, runOptions: FuzzRunOptions, seed: number, scenarioRef: string, violation: Violation, wallMs: number): SeedOutcome {
  const strategy = seedOptions(runOptions, seed).strategy ?? 'random';
  const reproValue = reproOf(scenarioRef, seedOptions(runOptions, seed));
  const repro = reproCommand(reproValue, scenario.defaultTimeMs);
  const faults = emptyFaultCounts();
  const failure: FuzzFailure = { seed: String(seed), digest: '', violation, signature: failureSignature(violation), strategy, repro, reproValue, events: 0, faults, rerun: { checked: false, identical: true, digest: '' } };
  return { seed, digest: '', ok: false, wallMs, failure };
}

/** Runs seeds in order, reporting each failure as soon as it is found. */
export function runSeedBatch(
  scenario: Scenario,
  runOptions: FuzzRunOptions,
  seeds: readonly number[],
  scenarioRef: string,
  onFailure: (failure: FuzzFailure) => void,
): SeedOutcome[] {
  if (seeds.length > 0) learnTimescaleAhead(scenario, runOptions, seeds[0] as number);
  return seeds.map((seed) => {
    const outcome = runSeed(scenario, runOptions, seed, scenarioRef);
    if (outcome.failure) onFailure(outcome.failure);
    return outcome;
  });
}

/** A worker's answer when the scenario module would not load there (it threw, or called process.exit). */
export interface WorkerLoadFailure {
  faultlineLoadFailure: string;
}

export function isWorkerLoadFailure(value: unknown): value is WorkerLoadFailure {
  return typeof value === 'object' && value !== null && 'faultlineLoadFailure' in value;
}

/** What a worker sends its parent besides tinypool's own messages. */
export interface FailureMessage {
  faultlineFailure: FuzzFailure;
}

export function isFailureMessage(message: unknown): message is FailureMessage {
  return typeof message === 'object' && message !== null && 'faultlineFailure' in message;
}

/** A worker starting a batch: the parent's clock for that batch starts now, not while it was queued. */
export interface BatchStartedMessage {
  faultlineBatchStarted: number;
}

export function isBatchStartedMessage(message: unknown): message is BatchStartedMessage {
  return typeof message === 'object' && message !== null && 'faultlineBatchStarted' in message;
}
