import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { FaultProfile } from '../faults/profile.js';
import { hashValue } from '../digest.js';
import type { LinkConfig } from '../network.js';
import type { DeliveryPolicy } from '../net/transmit.js';
import type { RandomStreams } from '../random.js';
import type { Simulation } from '../simulation.js';
import { DEFAULT_MIX, STRATEGIES, strategyNamed, type StrategyPlan } from './strategies.js';
import type { Timescale } from './timescale.js';

export { DEFAULT_MIX, STRATEGIES, strategyNamed, type SearchStrategy, type StrategyPlan } from './strategies.js';
export type { Timescale } from './timescale.js';

/** The fuzz default: each seed runs one strategy of the mix, chosen from the seed alone. */
export const MIX = 'mix';

export function strategyNames(): string[] {
  return [MIX, ...STRATEGIES.map((strategy) => strategy.name)];
}

/** Checks a --strategy value (the mix or one strategy); returns an error line, or undefined. */
export function strategyError(name: string): string | undefined {
  if (name === MIX || strategyNamed(name)) return undefined;
  return `--strategy expects one of ${strategyNames().join(', ')}, got "${name}"`;
}

/**
 * The strategy one seed runs under `mix`: a hash of the seed picks from the shares (the default mix,
 * or a feedback epoch's shares, which depend only on the seed range), so it is the same for any
 * worker count and batch, and a failing seed replays with the strategy named in its repro.
 */
export function strategyForSeed(strategy: string | undefined, seed: number | string, shares: readonly { strategy: string; weight: number }[] = DEFAULT_MIX): string {
  if (strategy !== undefined && strategy !== MIX) return strategy;
  const total = shares.reduce((sum, part) => sum + part.weight, 0);
  const roll = ((hashValue(['faultline:strategy', String(seed)]) >>> 0) / 2 ** 32) * total;
  let acc = 0;
  for (const part of shares) {
    acc += part.weight;
    if (roll < acc) return part.strategy;
  }
  return 'random';
}

/** What prepareRun needs from a strategy, in the order it needs it. */
export interface PreparedSearch {
  strategy: string;
  profile: FaultProfile;
  summary: () => string;
  nodes(nodes: NodeSpec[]): NodeSpec[];
  links(base: ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined): ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined;
  plan(plan: FaultPlan, faultable: readonly string[]): void;
  attach(sim: Simulation): void;
  deliveryPolicy(): DeliveryPolicy | undefined;
}

export interface SearchContext {
  scenarioName: string;
  profile: FaultProfile;
  runMs: number;
  streams: RandomStreams;
  /** Learns the scenario's timescale (a probe run; the caller caches it). */
  timescale: () => Timescale;
  /** The fault kinds the scenario's assumptions admit (sim/assumptions.ts names), plus --beyond. */
  tolerated: readonly string[];
  /** The largest one-way delay the scenario relies on (null: none, or --beyond delay-bound), in ms. */
  delayBoundMs: number | null;
}

/** Prepares one seed's run under a named strategy (not `mix`: resolve that per seed first). */
export function prepareSearch(name: string, context: SearchContext): PreparedSearch {
  const strategy = strategyNamed(name);
  if (!strategy) throw new Error(strategyError(name));
  const plan: StrategyPlan = strategy.prepare({
    profile: context.profile,
    runMs: context.runMs,
    timescale: context.timescale,
    rng: context.streams.get('search'),
    tolerated: new Set(context.tolerated),
    delayBoundMs: context.delayBoundMs,
  });
  // prepareRun passes this profile through clampToAssumptions (sim/assumptions.ts) before it runs.
  const profile = plan.profile;
  return {
    strategy: name,
    profile,
    summary: () => plan.summary,
    nodes: (nodes) => (plan.nodes ? plan.nodes(nodes) : nodes),
    links: (base) => {
      const own = plan.links;
      if (!own) return base;
      return (from, to) => {
        const mine = own(from, to);
        const theirs = base?.(from, to);
        return theirs || mine ? { ...mine, ...theirs } : undefined;
      };
    },
    plan: (faultPlan, faultable) => plan.plan?.(faultPlan, faultable),
    attach: (sim) => plan.attach?.(sim),
    deliveryPolicy: () => plan.deliveryPolicy?.(),
  };
}
