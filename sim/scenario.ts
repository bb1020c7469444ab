import type { NodeSpec } from './actor.js';
import { AssumptionsError, clampChanges, clampToAssumptions, effectiveBeyond, parseBeyond, toleratedKinds, type Assumptions } from './assumptions.js';
import { assumptionsOf, profileWarnings, unreachableKinds } from './assumptions-scenario.js';
import type { ProtocolAdversary } from './byzantine.js';
import { drawClockSettings, type ClockSetting } from './faults/clock.js';
import { drawFaultPlan, type FaultPlan } from './faults/plan.js';
import { applyFaultSpec, FaultSpecError, type FaultProfile } from './faults/profile.js';
import { drawSwarmProfile, drawSwarmTargets, withSwarmLinks, type SwarmTargets } from './faults/swarm.js';
import type { LinkConfig } from './network.js';
import { ScenarioError, thrownText } from './fuzz/module-guard.js';
import { RandomStreams, type RandomStream } from './random.js';
import { checkPlanSize, checkRunTime } from './run-bounds.js';
import { noteRunStart } from './run-watch.js';
import { scenarioRef } from './scenario-origin.js';
import { Simulation, type Checker, type FailureDetectorConfig, type RunStats, type Violation } from './simulation.js';
import type { TraceSink } from './trace.js';
import { FAULTLINE_VERSION } from './version.js';
import { reproCommand as commandOfRepro, reproOf, type Repro } from './repro.js';
import { prepareSearch, strategyForSeed, type PreparedSearch } from './search/index.js';
import { learnTimescale } from './search/learn.js';

/** What a scenario's setup may use: the seed's workload stream and the run's derived settings. */
export interface ScenarioEnv {
  seed: string;
  runMs: number;
  profile: FaultProfile;
  workload: RandomStream;
  streams: RandomStreams;
  /** The workload and topology size of this run: the scenario's `sizes` defaults, overridden by RunOptions.size. */
  size: Record<string, number>;
}

/** One size a scenario lets shrinking reduce (a count of clients, operations, nodes). */
export interface ScenarioSize {
  default: number;
  /** The smallest value the scenario still runs with. */
  min: number;
  description?: string;
}

export interface ScenarioSetup {
  nodes: NodeSpec[];
  checkers: Checker[];
  links?: (from: string, to: string) => Partial<LinkConfig> | undefined;
  adversary?: ProtocolAdversary<any>;
  /** The fail-stop model's perfect failure detector: each crash-stop is reported to the other nodes (a timer `fd.crash`, data: the node). */
  failureDetector?: FailureDetectorConfig;
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
  /**
   * Sizes the setup reads from `env.size` (e.g. `{ clients: { default: 3, min: 1 } }`); a run may set
   * them (RunOptions.size) and shrinking tries smaller ones.
   */
  sizes?: Record<string, ScenarioSize>;
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
  /** Fault kinds or failure models allowed beyond the scenario's declared assumptions. */
  beyond?: readonly string[];
  /** A search strategy (sim/search): `random` (the default: the profile as it is), `timescale`, `aimed`, `focus`, `priority`; `mix` picks one per seed. */
  strategy?: string;
  /** Overrides of the scenario's `sizes` (fewer clients, fewer operations), from shrinking. */
  size?: Readonly<Record<string, number>>;
  record?: boolean;
  trace?: TraceSink;
  maxEvents?: number;
  wallBudgetMs?: number;
  keepFingerprints?: boolean;
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
  /** The scenario's sizes in this run (present when it declares any). */
  size?: Record<string, number>;
  profile: FaultProfile;
  plan: FaultPlan;
  nodes: { id: string; role: string; faultable: boolean }[];
  byzantine: string[];
  warnings: string[];
  /** The search strategy this seed ran under, and what it aimed at (absent: plain random). */
  strategy?: string;
  search?: string;
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
  /** The run's repro as a value (what the command prints), for reports and files. */
  reproValue: Repro;
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
    throw new UsageError(`seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (2^53 - 1), got "${String(seed)}"`);
  }
  return String(Number(text));
}

/** The one command line that reproduces a run (see sim/repro.ts, where every repro is serialised). */
export function reproCommand(repro: Repro, defaultTimeMs?: number): string {
  return commandOfRepro(repro, defaultTimeMs);
}

export interface PreparedRun {
  sim: Simulation;
  config: RunConfig;
  scenario: Scenario;
  /** The options the run was prepared with (its repro is made from them). */
  options: RunOptions;
}

/** The scenario's default sizes with the run's overrides; an unknown or too small size is a usage error. */
export function sizesOf(scenario: Scenario, overrides: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [name, size] of Object.entries(scenario.sizes ?? {})) sizes[name] = size.default;
  for (const [name, value] of Object.entries(overrides ?? {})) {
    const size = scenario.sizes?.[name];
    if (!size) throw new UsageError(`--size: ${scenario.name} has no size "${name}" (it has: ${Object.keys(scenario.sizes ?? {}).join(', ') || 'none'})`);
    if (!Number.isSafeInteger(value) || value < size.min) throw new UsageError(`--size ${name} must be an integer of at least ${size.min}, got ${value}`);
    sizes[name] = value;
  }
  return sizes;
}

/** A setup() that throws is the scenario's error, named as such (a UsageError it raises about options stays one). */
function setupOf(scenario: Scenario, env: ScenarioEnv): ScenarioSetup {
  try {
    return scenario.setup(env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) throw error;
    throw new ScenarioError(`scenario ${scenario.name} setup threw: ${thrownText(error)}`);
  }
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

/** Node counts in a profile must fit the scenario's nodes: 99 Byzantine nodes of 5 is a typo, not a run. */
function checkCountsFit(profile: FaultProfile, faultable: readonly string[], scenario: string): void {
  for (const key of ['byzantineNodes', 'maxDownNodes'] as const) {
    if (profile[key] > faultable.length) {
      throw new FaultSpecError(`--faults: ${key}=${profile[key]}, but ${scenario} has ${faultable.length} faultable nodes (${faultable.join(' ')}); use at most ${faultable.length}`);
    }
  }
}

/** Derives the whole configuration from (scenario, options, seed) and builds the simulation. */
export function prepareRun(scenario: Scenario, options: RunOptions): PreparedRun {
  const seed = normalizeSeed(options.seed);
  const timeMs = options.timeMs ?? scenario.defaultTimeMs;
  checkRunTime(timeMs);
  noteRunStart();
  const streams = new RandomStreams(seed);
  const assumptions = assumptionsOf(scenario);
  const beyond = beyondOf(assumptions, options.beyond);
  const derived = deriveProfile(scenario, options, assumptions, beyond, streams);
  const clamped = derived.clamped;
  // A search strategy reshapes the profile (timescales, aim); the assumptions clamp what it makes too.
  const delayBoundMs = beyond.includes('delay-bound') ? null : assumptions.network.delayBoundMs;
  const search = searchFor(scenario, options, seed, derived.profile, timeMs, streams, [...toleratedKinds(assumptions), ...beyond], delayBoundMs);
  const requested = search ? clampToAssumptions(search.profile, assumptions, beyond) : derived.profile;
  checkPlanSize(requested, timeMs);

  const size = sizesOf(scenario, options.size);
  const setup = setupOf(scenario, { seed, runMs: timeMs, profile: requested, workload: streams.get('workload'), streams, size });
  if (search) {
    setup.nodes = search.nodes(setup.nodes);
    const searchLinks = search.links(setup.links);
    if (searchLinks) setup.links = searchLinks;
  }
  const faultable = setup.nodes.filter((node) => node.faultable ?? true).map((node) => node.id);
  // Node counts are checked as the user wrote them, before the assumptions clamp them silently.
  if (options.faults) checkCountsFit(applyFaultSpec(scenario.faults, options.faults), faultable, scenario.name);
  // Resolves "a minority may be down" against the whole cluster, before the swarm narrows the nemesis.
  const profile = clampToAssumptions(requested, assumptions, beyond, faultable.length);
  const swarmTargets = options.swarm ? drawSwarmTargets(setup.nodes.map((node) => node.id), faultable, streams.get('swarm:targets'), assumptions, beyond) : undefined;
  const plan = drawFaultPlan(profile, swarmTargets?.nemesisNodes ?? faultable, timeMs, streams.get('faults'));
  search?.plan(plan, faultable);
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
    ...(Object.keys(size).length > 0 ? { size } : {}),
    profile,
    plan,
    nodes: setup.nodes.map((node) => ({ id: node.id, role: node.role ?? 'server', faultable: node.faultable ?? true })),
    byzantine,
    warnings,
    ...(search ? { strategy: search.strategy, search: search.summary() } : {}),
    ...(clocks.length > 0 ? { clocks } : {}),
    assumptions,
    beyond,
    clamped,
    ...(swarmTargets ? { swarmTargets } : {}),
  };
  const deliveryPolicy = search?.deliveryPolicy();
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
    ...(setup.failureDetector ? { failureDetector: setup.failureDetector } : {}),
    mask: config.mask,
    ...(config.onlyFaults ? { onlyFaults: config.onlyFaults } : {}),
    record: options.record ?? false,
    ...(options.trace ? { trace: options.trace } : {}),
    maxEvents: options.maxEvents ?? scenario.maxEvents ?? 50_000_000,
    wallBudgetMs: options.wallBudgetMs ?? Infinity,
    keepFingerprints: options.keepFingerprints ?? false,
    ...(deliveryPolicy ? { deliveryPolicy } : {}),
  });
  search?.attach(sim);
  return { sim, config, scenario, options };
}

/** The seed's search strategy, prepared; undefined for plain random runs (they pay nothing). */
function searchFor(scenario: Scenario, options: RunOptions, seed: string, profile: FaultProfile, timeMs: number, streams: RandomStreams, tolerated: readonly string[], delayBoundMs: number | null): PreparedSearch | undefined {
  const name = options.strategy === undefined ? undefined : strategyForSeed(options.strategy, seed);
  if (name === undefined || name === 'random') return undefined;
  return prepareSearch(name, {
    scenarioName: scenario.name,
    profile,
    runMs: timeMs,
    streams,
    tolerated,
    delayBoundMs,
    timescale: () =>
      learnTimescale(scenario, profile, scenario.defaultTimeMs, (probeProfile, runMs, maxEvents, wrap) => {
        const probe = prepareRun({ ...scenario, faults: probeProfile, setup: (env) => { const setup = scenario.setup(env); return { ...setup, nodes: wrap(setup.nodes) }; } }, { seed: 0, timeMs: runMs, maxEvents });
        probe.sim.run();
      }),
  });
}

/** Turns a finished simulation into a result value (no printing, no exit codes). */
export function summarize(prepared: PreparedRun, ref?: string): RunResult {
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
  // The repro names the scenario's module when it has one (defineScenario or loaded by path), so it runs outside the registry.
  const reproValue = reproOf(ref ?? scenarioRef(scenario), prepared.options);
  const failure: RunFailure = { ok: false, ...base, violation, repro: reproCommand(reproValue, scenario.defaultTimeMs), reproValue };
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
