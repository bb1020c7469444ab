import type { NodeSpec } from './actor.js';
import type { ProtocolAdversary } from './byzantine.js';
import { drawClockSettings, type ClockSetting } from './faults/clock.js';
import { drawFaultPlan, type FaultPlan } from './faults/plan.js';
import { applyFaultSpec, type FaultProfile } from './faults/profile.js';
import { drawSwarmProfile } from './faults/swarm.js';
import type { LinkConfig } from './network.js';
import { RandomStreams, type RandomStream } from './random.js';
import { Simulation, type Checker, type RunStats, type Violation } from './simulation.js';
import { formatDurationMs } from './time.js';
import type { TraceSink } from './trace.js';
import { FAULTLINE_VERSION } from './version.js';
import { prepareSearch, strategyForSeed, type PreparedSearch } from './search/index.js';
import { learnTimescale } from './search/learn.js';

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
  /** A search strategy (sim/search): `random` (the default: the profile as it is), `timescale`, `aimed`, `focus`, `priority`; `mix` picks one per seed. */
  strategy?: string;
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
  /** The search strategy this seed ran under, and what it aimed at (absent: plain random). */
  strategy?: string;
  search?: string;
  /** Each node's clock offset and drift, when the profile sets clock faults (true time stays the engine's). */
  clocks?: ClockSetting[];
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
export function reproCommand(config: Pick<RunConfig, 'scenario' | 'seed' | 'timeMs' | 'faultSpec' | 'swarm' | 'mask' | 'onlyFaults' | 'strategy'>, defaultTimeMs?: number): string {
  const parts = ['faultline', 'replay', config.scenario, '--seed', config.seed];
  if (defaultTimeMs === undefined || config.timeMs !== defaultTimeMs) parts.push('--time', formatDurationMs(config.timeMs));
  if (config.faultSpec) parts.push('--faults', shellQuote(config.faultSpec));
  if (config.swarm) parts.push('--swarm');
  if (config.mask.length > 0) parts.push('--mask', shellQuote(config.mask.join(',')));
  if (config.onlyFaults) parts.push('--only-faults', config.onlyFaults.length > 0 ? shellQuote(config.onlyFaults.join(',')) : 'none');
  if (config.strategy && config.strategy !== 'random') parts.push('--strategy', config.strategy);
  return parts.join(' ');
}

export interface PreparedRun {
  sim: Simulation;
  config: RunConfig;
  scenario: Scenario;
}

/** Derives the whole configuration from (scenario, options, seed) and builds the simulation. */
export function prepareRun(scenario: Scenario, options: RunOptions): PreparedRun {
  const seed = normalizeSeed(options.seed);
  const timeMs = options.timeMs ?? scenario.defaultTimeMs;
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) throw new UsageError(`--time must be a positive duration, got ${timeMs} ms`);
  const streams = new RandomStreams(seed);
  let profile = options.faults ? applyFaultSpec(scenario.faults, options.faults) : { ...scenario.faults };
  if (options.swarm) profile = drawSwarmProfile(profile, streams.get('swarm'));
  const search = searchFor(scenario, options, seed, profile, timeMs, streams);
  if (search) profile = search.profile;

  const setup = scenario.setup({ seed, runMs: timeMs, profile, workload: streams.get('workload'), streams });
  if (search) {
    setup.nodes = search.nodes(setup.nodes);
    const links = search.links(setup.links);
    if (links) setup.links = links;
  }
  const faultable = setup.nodes.filter((node) => node.faultable ?? true).map((node) => node.id);
  const plan = drawFaultPlan(profile, faultable, timeMs, streams.get('faults'));
  search?.plan(plan, faultable);
  const byzantine = streams.get('faults:byzantine').shuffled(faultable).slice(0, profile.byzantineNodes);
  const clocks = drawClockSettings(profile, setup.nodes.map((node) => node.id), streams.get('clock'));
  const warnings: string[] = [];
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
    ...(search ? { strategy: search.strategy, search: search.summary() } : {}),
    ...(clocks.length > 0 ? { clocks } : {}),
  };
  const sim = new Simulation({
    seed,
    streams,
    nodes: setup.nodes,
    profile,
    plan,
    runMs: timeMs,
    checkers: setup.checkers,
    ...(setup.links ? { links: setup.links } : {}),
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
  search?.attach(sim);
  return { sim, config, scenario };
}

/** The seed's search strategy, prepared; undefined for plain random runs (they pay nothing). */
function searchFor(scenario: Scenario, options: RunOptions, seed: string, profile: FaultProfile, timeMs: number, streams: RandomStreams): PreparedSearch | undefined {
  const name = options.strategy === undefined ? undefined : strategyForSeed(options.strategy, seed);
  if (name === undefined || name === 'random') return undefined;
  return prepareSearch(name, {
    scenarioName: scenario.name,
    profile,
    runMs: timeMs,
    streams,
    timescale: () =>
      learnTimescale(scenario, profile, scenario.defaultTimeMs, (probeProfile, runMs, maxEvents, wrap) => {
        const probe = prepareRun({ ...scenario, faults: probeProfile, setup: (env) => { const setup = scenario.setup(env); return { ...setup, nodes: wrap(setup.nodes) }; } }, { seed: 0, timeMs: runMs, maxEvents });
        probe.sim.run();
      }),
  });
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
