import type { NodeSpec } from './actor.js';
import { AssumptionsError, clampChanges, clampToAssumptions, effectiveBeyond, parseBeyond, type Assumptions } from './assumptions.js';
import { assumptionsOf, profileWarnings, unreachableKinds } from './assumptions-scenario.js';
import type { ProtocolAdversary } from './byzantine.js';
import { drawClockSettings, type ClockSetting } from './faults/clock.js';
import { drawFaultPlan, type FaultPlan } from './faults/plan.js';
import { applyFaultSpec, type FaultProfile } from './faults/profile.js';
import { drawSwarmProfile, drawSwarmTargets, withSwarmLinks, type SwarmTargets } from './faults/swarm.js';
import type { LinkConfig } from './network.js';
import { RandomStreams, type RandomStream } from './random.js';
import { Simulation, type Checker, type RunStats, type Violation } from './simulation.js';
import { formatDurationMs } from './time.js';
import type { TraceSink } from './trace.js';
import { FAULTLINE_VERSION } from './version.js';

/** What a scenario's setup may use: the seed's workload stream and the run's derived settings. */
export interface ScenarioEnv {
  seed: string;
  runMs: number;
  profile: FaultProfile;
  workload: RandomStream;
  streams: RandomStreams;
}

export interface ScenarioSetup {
  nodes: NodeSpec[];
  checkers: Checker[];
  links?: (from: string, to: string) => Partial<LinkConfig> | undefined;
  adversary?: ProtocolAdversary<any>;
}

/** A named, runnable composition: topology + protocol + workload + faults + checkers. */
export interface Scenario {
  name: string;
  /** One line, shown by `faultline list`. */
  description: string;
  /**
   * Set when the scenario demonstrates a known anomaly (a design that is wrong on purpose): a
   * failing seed is the lesson, and this sentence explains it in the report.
   */
  knownAnomaly?: string;
  defaultTimeMs: number;
  /** The scenario's own fault profile; `--faults` overrides it and `--swarm` redraws it. */
  faults: FaultProfile;
  /** The algorithm assumes FIFO links; a run with non-FIFO links says so in its report. */
  requiresFifo?: boolean;
  /**
   * What the protocol is built to survive (sim/assumptions.ts). Every profile a run uses is clamped
   * to it; undeclared, it is derived from `faults` (only the kinds that profile turns on).
   */
  assumptions?: Assumptions;
  maxEvents?: number;
  setup(env: ScenarioEnv): ScenarioSetup;
}

export interface RunOptions {
  seed: number | string;
  timeMs?: number;
  /** A --faults spec: profile name and/or key=value overrides. */
  faults?: string;
  swarm?: boolean;
  /** Fault ids to suppress (from shrinking). */
  mask?: readonly string[];
  /** Suppress every fault except these ids (from shrinking; an empty list means no faults fire). */
  onlyFaults?: readonly string[];
  record?: boolean;
  trace?: TraceSink;
  maxEvents?: number;
  wallBudgetMs?: number;
  keepFingerprints?: boolean;
  /** Fault kinds to allow beyond the scenario's assumptions (see BEYOND_KINDS); a failure then is outside them. */
  beyond?: readonly string[];
}

/** The derived configuration, printed at the start of every run and part of --json. */
export interface RunConfig {
  version: string;
  scenario: string;
  seed: string;
  timeMs: number;
  faultSpec: string | undefined;
  swarm: boolean;
  mask: string[];
  /** Present when the run keeps only these faults (see RunOptions.onlyFaults). */
  onlyFaults?: string[];
  profile: FaultProfile;
  plan: FaultPlan;
  nodes: { id: string; role: string; faultable: boolean }[];
  byzantine: string[];
  warnings: string[];
  /** Each node's clock offset and drift, when the profile sets clock faults (true time stays the engine's). */
  clocks?: ClockSetting[];
  /** The scenario's assumptions (declared, or derived from its profile). */
  assumptions: Assumptions;
  /** The kinds this run goes beyond the assumptions with (those the assumptions already admit are left out). */
  beyond: string[];
  /** Profile settings the assumptions switched off or tightened (`field before→after`). */
  clamped: string[];
  /** Present in swarm runs: the nodes the nemesis may touch and links with their own settings. */
  swarmTargets?: SwarmTargets;
}

interface ResultBase {
  scenario: string;
  seed: string;
  digest: string;
  config: RunConfig;
  stats: RunStats;
  /** Wall time of the run in ms: for reports only, never compared. */
  wallMs: number;
}

export interface RunSuccess extends ResultBase {
  ok: true;
}

export interface RunFailure extends ResultBase {
  ok: false;
  violation: Violation;
  /** One command line that reproduces the run. */
  repro: string;
  /** Set when the scenario demonstrates this known anomaly. */
  anomaly?: string;
  /** Byzantine nodes in the run, to whom a violation may be attributable. */
  byzantine?: string[];
  /** The run went beyond the scenario's assumptions (RunConfig.beyond): not a bug in the protocol. */
  outsideAssumptions?: true;
}

export type RunResult = RunSuccess | RunFailure;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Seeds are non-negative integers (as numbers or decimal strings). */
export function normalizeSeed(seed: number | string): string {
  const text = typeof seed === 'number' ? String(seed) : seed.trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`seed must be a non-negative integer, got "${String(seed)}"`);
  }
  return String(Number(text));
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The one command line that reproduces a run. */
export function reproCommand(config: Pick<RunConfig, 'scenario' | 'seed' | 'timeMs' | 'faultSpec' | 'swarm' | 'mask' | 'onlyFaults'> & { beyond?: readonly string[] }, defaultTimeMs?: number): string {
  const parts = ['faultline', 'replay', config.scenario, '--seed', config.seed];
  if (defaultTimeMs === undefined || config.timeMs !== defaultTimeMs) parts.push('--time', formatDurationMs(config.timeMs));
  if (config.faultSpec) parts.push('--faults', shellQuote(config.faultSpec));
  if (config.swarm) parts.push('--swarm');
  if (config.beyond && config.beyond.length > 0) parts.push('--beyond', config.beyond.join(','));
  if (config.mask.length > 0) parts.push('--mask', shellQuote(config.mask.join(',')));
  if (config.onlyFaults) parts.push('--only-faults', config.onlyFaults.length > 0 ? shellQuote(config.onlyFaults.join(',')) : 'none');
  return parts.join(' ');
}

export interface PreparedRun {
  sim: Simulation;
  config: RunConfig;
  scenario: Scenario;
}

/** Validates --beyond kinds and keeps those the assumptions do not already admit. */
function beyondOf(assumptions: Assumptions, requested: readonly string[] | undefined): string[] {
  if (!requested || requested.length === 0) return [];
  try {
    return effectiveBeyond(assumptions, parseBeyond(requested.join(',')));
  } catch (error) {
    if (error instanceof AssumptionsError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The run's fault profile: the scenario's, then a --faults spec; with --swarm the seed draws the
 * profile from that base, and the spec's key=value overrides apply again after the draw (so
 * `--swarm --faults corrupt=0` turns corruption off). Last, the assumptions clamp it; `clamped`
 * lists what they changed of what was asked for (a swarm draw is clamped within itself, silently).
 */
function deriveProfile(scenario: Scenario, options: RunOptions, assumptions: Assumptions, beyond: readonly string[], streams: RandomStreams): { profile: FaultProfile; clamped: string[] } {
  let asked: FaultProfile;
  if (options.swarm) {
    const parts = (options.faults ?? '').split(',').map((part) => part.trim());
    const named = parts.filter((part) => part.length > 0 && !part.includes('=')).join(',');
    const overrides = parts.filter((part) => part.includes('=')).join(',');
    asked = drawSwarmProfile(named ? applyFaultSpec(scenario.faults, named) : { ...scenario.faults }, streams.get('swarm'), assumptions, beyond);
    if (overrides) asked = applyFaultSpec(asked, overrides);
  } else {
    asked = options.faults ? applyFaultSpec(scenario.faults, options.faults) : { ...scenario.faults };
  }
  const profile = clampToAssumptions(asked, assumptions, beyond);
  return { profile, clamped: clampChanges(asked, profile) };
}

/** Derives the whole configuration from (scenario, options, seed) and builds the simulation. */
export function prepareRun(scenario: Scenario, options: RunOptions): PreparedRun {
  const seed = normalizeSeed(options.seed);
  const timeMs = options.timeMs ?? scenario.defaultTimeMs;
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) throw new UsageError(`--time must be a positive duration, got ${timeMs} ms`);
  const streams = new RandomStreams(seed);
  const assumptions = assumptionsOf(scenario);
  const beyond = beyondOf(assumptions, options.beyond);
  const { profile: requested, clamped } = deriveProfile(scenario, options, assumptions, beyond, streams);

  const setup = scenario.setup({ seed, runMs: timeMs, profile: requested, workload: streams.get('workload'), streams });
  const faultable = setup.nodes.filter((node) => node.faultable ?? true).map((node) => node.id);
  // Resolves "a minority may be down" against the whole cluster, before the swarm narrows the nemesis.
  const profile = clampToAssumptions(requested, assumptions, beyond, faultable.length);
  const swarmTargets = options.swarm ? drawSwarmTargets(setup.nodes.map((node) => node.id), faultable, streams.get('swarm:targets'), assumptions, beyond) : undefined;
  const plan = drawFaultPlan(profile, swarmTargets?.nemesisNodes ?? faultable, timeMs, streams.get('faults'));
  const byzantine = streams.get('faults:byzantine').shuffled(faultable).slice(0, profile.byzantineNodes);
  const clocks = drawClockSettings(profile, setup.nodes.map((node) => node.id), streams.get('clock'));
  const links = swarmTargets ? withSwarmLinks(setup.links, profile, swarmTargets) : setup.links;
  const warnings = [
    // Topology limits (a partition with one faultable node) are shown by `list`; a bound that rules out every process failure is said here.
    ...unreachableKinds(assumptions, faultable.length)
      .filter((entry) => entry.kind !== 'partition' && entry.kind !== 'one-way-partition')
      .map((entry) => `${scenario.name} admits ${entry.kind}, but ${entry.reason}: it can never happen`),
    // A swarm draws kinds blindly; what its topology rules out is said by the line above and by `list`.
    ...(options.swarm ? [] : profileWarnings(profile, faultable.length, requested.maxDownNodes)),
  ];
  if (scenario.requiresFifo && !profile.fifo) {
    warnings.push(`${scenario.name} assumes FIFO links, but this run's links are not FIFO: a failure may be that assumption broken, not a bug`);
  }
  const config: RunConfig = {
    version: FAULTLINE_VERSION,
    scenario: scenario.name,
    seed,
    timeMs,
    faultSpec: options.faults,
    swarm: options.swarm ?? false,
    mask: [...(options.mask ?? [])],
    ...(options.onlyFaults ? { onlyFaults: [...options.onlyFaults] } : {}),
    profile,
    plan,
    nodes: setup.nodes.map((node) => ({ id: node.id, role: node.role ?? 'server', faultable: node.faultable ?? true })),
    byzantine,
    warnings,
    ...(clocks.length > 0 ? { clocks } : {}),
    assumptions,
    beyond,
    clamped,
    ...(swarmTargets ? { swarmTargets } : {}),
  };
  const sim = new Simulation({
    seed,
    streams,
    nodes: setup.nodes,
    profile,
    plan,
    runMs: timeMs,
    checkers: setup.checkers,
    ...(links ? { links } : {}),
    byzantine,
    clocks,
    ...(setup.adversary ? { adversary: setup.adversary } : {}),
    mask: config.mask,
    ...(config.onlyFaults ? { onlyFaults: config.onlyFaults } : {}),
    record: options.record ?? false,
    ...(options.trace ? { trace: options.trace } : {}),
    maxEvents: options.maxEvents ?? scenario.maxEvents ?? 50_000_000,
    wallBudgetMs: options.wallBudgetMs ?? Infinity,
    keepFingerprints: options.keepFingerprints ?? false,
  });
  return { sim, config, scenario };
}

/** Turns a finished simulation into a result value (no printing, no exit codes). */
export function summarize(prepared: PreparedRun): RunResult {
  const { sim, config, scenario } = prepared;
  const base: ResultBase = {
    scenario: config.scenario,
    seed: config.seed,
    digest: sim.digestHex(),
    config,
    stats: sim.stats,
    wallMs: Math.round(sim.wallElapsedMs()),
  };
  const violation = sim.violation;
  if (!violation) return { ok: true, ...base };
  const failure: RunFailure = { ok: false, ...base, violation, repro: reproCommand(config, scenario.defaultTimeMs) };
  if (config.beyond.length > 0 && violation.kind !== 'limit' && violation.kind !== 'nondeterminism') failure.outsideAssumptions = true;
  if (scenario.knownAnomaly && (violation.kind === 'safety' || violation.kind === 'liveness')) failure.anomaly = scenario.knownAnomaly;
  if (config.byzantine.length > 0) failure.byzantine = config.byzantine;
  return failure;
}

/** Runs a scenario on one seed to completion and returns the result value. */
export function runScenarioOnce(scenario: Scenario, options: RunOptions): RunResult {
  const prepared = prepareRun(scenario, options);
  prepared.sim.run();
  return summarize(prepared);
}
