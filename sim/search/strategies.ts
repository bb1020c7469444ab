import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { FaultProfile } from '../faults/profile.js';
import type { LinkConfig } from '../network.js';
import type { Simulation } from '../simulation.js';
import { Aimer, aimedSettings } from './aimed.js';
import { Chain, type DepositionKind } from './chain.js';
import { comeback } from './comeback.js';
import { laggard } from './laggard.js';
import { logUniform, roundMs } from './draw.js';
import type { DeliveryPolicy } from '../net/transmit.js';
import type { RandomStream } from '../random.js';
import { describeSchedule, drawSchedule, priorityPolicy, type PrioritySchedule } from './priority.js';
import { lateCopiesAdmitted } from './late-copies.js';
import { StaleReplayer } from './stale.js';
import { steady } from './steady.js';
import type { Timescale } from './timescale.js';

/** What a strategy decides from: the run's profile, the protocol's timescale, the seed's own stream. */
export interface StrategyInput {
  profile: FaultProfile;
  runMs: number;
  /** Learnt on first use (a probe run of the scenario, cached per process). */
  timescale: () => Timescale;
  rng: RandomStream;
  /** Fault kinds the scenario's assumptions admit ('pause', 'long-delay', 'crash-recovery', ...). */
  tolerated: ReadonlySet<string>;
  /** The largest one-way delay the scenario relies on (null: asynchronous), in ms. */
  delayBoundMs: number | null;
}

/** A strategy's decisions for one seed. Every part is optional but the profile. */
export interface StrategyPlan {
  profile: FaultProfile;
  /** One line for the run's config: what this seed aims at. */
  summary: string;
  nodes?(nodes: readonly NodeSpec[]): NodeSpec[];
  links?(from: string, to: string): Partial<LinkConfig> | undefined;
  plan?(plan: FaultPlan, faultable: readonly string[]): void;
  attach?(sim: Simulation): void;
  /** Decides each message's delay (called once the nodes are known). */
  deliveryPolicy?(): DeliveryPolicy | undefined;
}

export interface SearchStrategy {
  name: string;
  description: string;
  prepare(input: StrategyInput): StrategyPlan;
}

const random: SearchStrategy = {
  name: 'random',
  description: "the scenario's fault profile as it is (plain random search)",
  prepare: ({ profile }) => ({ profile, summary: 'plain profile' }),
};

/**
 * Late copies: duplicates and reordered messages held back across the protocol's timescale, up to
 * several long timeouts, so stale messages land after a term or view has moved on. Only where the
 * profile already duplicates or reorders (the scenario tolerates it).
 */
function staleDeliveries(profile: FaultProfile, ts: Timescale, rng: RandomStream, tolerated: ReadonlySet<string>): Partial<FaultProfile> {
  const out: Partial<FaultProfile> = {};
  // Rare long delays (a packet held in a queue) where the assumptions admit them: a message that
  // lands after a timeout, term or view has moved on. From one timeout to many long timeouts.
  if (tolerated.has('long-delay') && rng.chance(0.7)) {
    out.longDelayProbability = roundMs(logUniform(rng, 0.001, 0.03));
    out.longDelayMsMin = roundMs(Math.max(ts.roundTripMs, ts.timeoutMs));
    out.longDelayMsMax = roundMs(Math.max(out.longDelayMsMin + 1, logUniform(rng, 2 * ts.longTimeoutMs, 10 * ts.longTimeoutMs)));
  }
  if (profile.duplicateProbability > 0) out.duplicateDelayMsMax = roundMs(logUniform(rng, ts.roundTripMs, 6 * ts.longTimeoutMs));
  if (profile.reorderProbability > 0 && !profile.fifo) out.reorderDelayMsMax = roundMs(logUniform(rng, ts.roundTripMs, 6 * ts.longTimeoutMs));
  return out;
}

/**
 * Nemesis at the protocol's timescale: one characteristic duration per seed, log-uniform from half a
 * round trip to eight long timeouts; episodes last around it and come as often as it allows (but no
 * more than about 300 per run, to bound the cost of a seed).
 */
const timescale: SearchStrategy = {
  name: 'timescale',
  description: 'nemesis episodes and late messages drawn across the protocol\'s learnt round trips and timeouts',
  prepare: ({ profile, runMs, timescale: learn, rng, tolerated }) => {
    const ts = learn();
    const scaleMs = logUniform(rng, ts.roundTripMs / 2, 8 * ts.longTimeoutMs);
    const windowMs = Math.max(1, runMs - profile.quietPeriodMs - profile.faultsStartMs);
    const next: FaultProfile = { ...profile, name: `${profile.name}@timescale`, ...staleDeliveries(profile, ts, rng, tolerated) };
    if (profile.nemesisIntervalMsMean > 0) {
      next.episodeMsMin = roundMs(Math.max(1, scaleMs / 2));
      next.episodeMsMax = roundMs(Math.max(next.episodeMsMin, scaleMs * 2));
      next.nemesisIntervalMsMean = roundMs(Math.max(windowMs / 300, scaleMs * rng.uniform(1, 4)));
      if (profile.pauseWeight > 0) {
        next.pauseMsMin = next.episodeMsMin;
        next.pauseMsMax = next.episodeMsMax;
      }
    }
    return { profile: next, summary: `scale ${roundMs(scaleMs)} ms (round trip ${ts.roundTripMs} ms, timeouts ${ts.timeoutMs}..${ts.longTimeoutMs} ms)` };
  },
};

const aimed: SearchStrategy = {
  name: 'aimed',
  description: 'crash right after a send or a sync, isolate the busiest node, clog one node\'s links; few nodes per run',
  prepare: ({ profile, runMs, timescale: learn, rng, tolerated }) => {
    const ts = learn();
    const aimer = new Aimer(aimedSettings(profile, runMs, tolerated), ts, rng);
    const next: FaultProfile = { ...profile, name: `${profile.name}@aimed`, ...staleDeliveries(profile, ts, rng, tolerated) };
    // The shots replace the nemesis, so the down-node bound holds in one place.
    if (aimer.active) Object.assign(next, { partitionWeight: 0, crashRecoveryWeight: 0, crashStopWeight: 0 });
    return {
      profile: next,
      get summary() {
        return aimer.shots.map((shot) => `${shot.kind} ${shot.kind === 'isolate-busiest' ? '' : shot.node + ' '}at ${shot.atMs} ms for ${shot.durationMs} ms`).join('; ') || 'no shots';
      },
      nodes: (nodes) => aimer.observe(nodes),
      plan: (plan, faultable) => aimer.aim(plan, faultable),
      attach: (sim) => aimer.attach(sim),
    };
  },
};

/**
 * Faults concentrated on the links of one or two nodes (swarm at the granularity of nodes and links):
 * their per-message fault rates are raised (within the kinds the profile has), every other link is
 * clean, so a node can fall far behind while the rest makes progress.
 */
const focus: SearchStrategy = {
  name: 'focus',
  description: 'per-message faults only on the links of one or two nodes, at raised rates',
  prepare: ({ profile, runMs, rng }) => {
    const factor = rng.uniform(2, 6);
    // Capped: per-message faults go on through the quiet period, and a scenario's liveness bound is
    // calibrated for loss it can outlast (at 0.5 each way, rpc-exactly-once missed its 2 s bound on 3
    // of 1,000 seeds: a false alarm, not a bug).
    const raised = (p: number): number => roundMs(Math.min(0.25, p * factor));
    let targets: Set<string> | undefined;
    const pickCount = 1 + rng.int(2);
    const pickSeed = rng.float();
    const hot: Partial<LinkConfig> = {
      dropProbability: raised(profile.dropProbability),
      duplicateProbability: raised(profile.duplicateProbability),
      reorderProbability: raised(profile.reorderProbability),
      corruptProbability: raised(profile.corruptProbability),
    };
    const clean: Partial<LinkConfig> = { dropProbability: 0, duplicateProbability: 0, reorderProbability: 0, corruptProbability: 0 };
    // Hot links end with the fault window: liveness is judged in the quiet period after it, under the
    // scenario's own loss (hot loss went on through it and left rpc-exactly-once short of its bound).
    let cooled = false;
    const windowEndMs = Math.max(0, runMs - profile.quietPeriodMs);
    return {
      profile: { ...profile, name: `${profile.name}@focus` },
      get summary() {
        return `links of ${targets ? [...targets].join(', ') : '?'} at ×${roundMs(factor)}`;
      },
      plan: (_plan, faultable) => {
        // Deterministic from the seed: a rotation of the faultable list picked by one draw.
        const start = Math.floor(pickSeed * faultable.length);
        targets = new Set(Array.from({ length: Math.min(pickCount, faultable.length) }, (_, i) => faultable[(start + i) % faultable.length] as string));
      },
      links: (from, to) => (cooled ? undefined : targets && (targets.has(from) || targets.has(to)) ? hot : clean),
      attach: (sim) =>
        sim.at(windowEndMs, (running) => {
          cooled = true;
          running.refreshLinks();
        }, 'focus ends'),
    };
  },
};

/**
 * Priority scheduling in the spirit of PCT (sim/search/priority.ts): one consistent ordering of
 * concurrent messages per seed, with d − 1 priority-change points, instead of independent coin
 * flips per message. Deterministic from the seed; the delay bound of the assumptions holds.
 */
const priority: SearchStrategy = {
  name: 'priority',
  description: 'PCT: random node priorities with d-1 priority-change points; lower-priority senders are delivered later',
  prepare: ({ profile, runMs, timescale: learn, rng, delayBoundMs }) => {
    const ts = learn();
    let schedule: PrioritySchedule | undefined;
    let ids: string[] = [];
    let sim: Simulation | undefined;
    let endUs = Infinity;
    const maxDelayUs = delayBoundMs === null ? Number.MAX_SAFE_INTEGER : Math.round(delayBoundMs * 1000);
    return {
      profile: { ...profile, name: `${profile.name}@priority` },
      get summary() {
        return schedule ? describeSchedule(schedule, ids) : 'no schedule';
      },
      nodes: (nodes) => {
        // Indices are the engine's node order; nodes() runs once per seed, before the run starts.
        ids = nodes.map((node) => node.id);
        schedule = drawSchedule(rng, nodes.length, ts, runMs, maxDelayUs);
        return [...nodes];
      },
      plan: (plan) => {
        // The schedule perturbs until the fault window ends; liveness is judged after that.
        const windowEndMs = Math.max(0, runMs - profile.quietPeriodMs);
        plan.endMs = Math.max(plan.endMs, windowEndMs);
        endUs = windowEndMs * 1000;
      },
      attach: (attached) => {
        sim = attached;
      },
      deliveryPolicy: () => (schedule ? priorityPolicy(schedule, () => sim?.nowUs ?? 0, endUs) : undefined),
    };
  },
};

/**
 * Stale answers (sim/search/stale.ts): the scenario's profile as it is (the same nemesis and message
 * faults as plain random for the seed), plus copies of the answers to a node's previous exchange
 * handed to it when it starts that exchange again after a timeout or more: late votes in a new
 * election, acks of an earlier term at a re-elected leader, a deposed leader's appends at a follower.
 * Only where the assumptions admit duplicates, reordering and unbounded delay; elsewhere plain random.
 * A copy is the network's duplicate of the past message itself (Simulation.redeliver: same id, no
 * new send), so a checker that accounts for every send of a step sees nothing it did not send.
 */
const stale: SearchStrategy = {
  name: 'stale',
  description: "plain profile, plus the answers to a node's previous exchange handed to it again when it starts that exchange anew",
  prepare: ({ profile, runMs, timescale: learn, rng, tolerated, delayBoundMs }) => {
    const admitted = lateCopiesAdmitted(profile, tolerated, delayBoundMs);
    if (!admitted) return { profile, summary: 'plain profile (stale copies not admitted)' };
    const ts = learn();
    const settings = {
      windowStartMs: profile.faultsStartMs,
      windowEndMs: Math.max(0, runMs - profile.quietPeriodMs),
      gapMs: ts.timeoutMs,
      answerWindowMs: 3 * ts.roundTripMs,
      probability: roundMs(logUniform(rng, 0.25, 1)),
      spreadMs: roundMs(logUniform(rng, ts.roundTripMs / 2, 4 * ts.roundTripMs)),
      shots: 1 + rng.int(32),
    };
    const replayer = new StaleReplayer(settings, rng);
    return {
      profile: { ...profile, name: `${profile.name}@stale` },
      // Said before the run: the replays themselves happen as exchanges start.
      summary: `up to ${settings.shots} stale replays, each at chance ${settings.probability}, spread over ${settings.spreadMs} ms (new exchange after ${settings.gapMs} ms)`,
      nodes: (nodes) => replayer.observe(nodes),
      attach: (sim) => replayer.attach(sim),
    };
  },
};

/**
 * Chained depositions (sim/search/chain.ts): depose the leader the traffic shows, then each new one
 * soon after it appears, releasing the one before; a node that leads again gets late copies of what
 * its links carried in its earlier leadership. Replaces the nemesis, like aimed shots.
 */
const chain: SearchStrategy = chainStrategy('chain', 'classic', 'depose each new leader soon after it appears (isolate, crash or pause it), and hand a returning leader late copies of its earlier leadership');

/**
 * Takeovers (sim/search/chain.ts, mode `takeover`): chained depositions timed by the takeovers the
 * run shows rather than by the protocol's timers, steered so that a deposed leader leads again soon
 * (its successor is deposed as soon as it follows it), then deposed alone after its late copies.
 */
const takeover: SearchStrategy = chainStrategy('takeover', 'takeover', 'depose each leader until a successor takes over, release it at once, depose the successor as soon as the old leader follows it, and depose a returning leader alone after late copies of its earlier leadership');

function chainStrategy(name: string, mode: 'classic' | 'takeover', description: string): SearchStrategy {
  return {
    name,
    description,
    prepare: ({ profile, runMs, timescale: learn, rng, tolerated, delayBoundMs }) => {
      const ts = learn();
      const aim = aimedSettings(profile, runMs, tolerated);
      const kinds: DepositionKind[] = [];
      if (aim.partitions) kinds.push('isolate');
      if (aim.crashes) kinds.push('crash');
      // A pause ends on its own clock, not when takeover releases it: used only where nothing else is admitted.
      if (aim.pauses && (mode === 'classic' || kinds.length === 0)) kinds.push('pause');
      const replays = lateCopiesAdmitted(profile, tolerated, delayBoundMs);
      const runner = new Chain({ kinds, mode, replays, maxDownNodes: aim.maxDownNodes, windowStartMs: aim.windowStartMs, windowEndMs: aim.windowEndMs }, ts, rng);
      const next: FaultProfile = { ...profile, name: `${profile.name}@${name}` };
      if (runner.active) Object.assign(next, { partitionWeight: 0, crashRecoveryWeight: 0, crashStopWeight: 0 });
      return {
        profile: next,
        // Said before the run: the depositions follow the transitions the run shows.
        summary: runner.active ? `up to ${runner.stepsPlanned} depositions (${kinds.join(', ')}) from ${runner.startMs} ms${replays ? ', late copies to returning leaders' : ''}` : 'plain profile (no deposition admitted)',
        nodes: (nodes) => runner.observe(nodes),
        plan: (plan, faultable) => runner.plan(plan, faultable),
        attach: (sim) => runner.attach(sim),
      };
    },
  };
}

export const STRATEGIES: readonly SearchStrategy[] = [random, timescale, aimed, focus, priority, stale, steady, chain, takeover, comeback, laggard];

/**
 * The default mix, as shares of seeds. Plain random keeps a large share so that the mix never loses
 * what random search finds; the rest goes to the strategies that reach what random does not.
 * `chain` is not in it: at a share of 1/15 it found no planted bug the mix misses within 1,000 seeds.
 * `takeover`, chain's successor timed by observed takeovers, takes 2/17: 2.6 % and 6 % of its own seeds
 * find the two primary-backup view bugs, where chain found about 0.1 %. `comeback`
 * (sim/search/comeback.ts) takes 1/17: alone it fails about one seed in thirty of a leader that
 * counts an earlier term's ack, and one in forty of a snapshot that drops the sessions, which no
 * other strategy reaches (README, "Planted-bug benchmark").
 */
export const DEFAULT_MIX: readonly { strategy: string; weight: number }[] = [
  { strategy: 'random', weight: 4 },
  { strategy: 'timescale', weight: 2 },
  { strategy: 'aimed', weight: 3 },
  { strategy: 'focus', weight: 1 },
  { strategy: 'priority', weight: 1 },
  { strategy: 'steady', weight: 1 },
  // Before stale: a seed's strategy is the interval its hash falls in, in this order, so stale's
  // interval [15/17, 1) stays inside its round-6 one [12/14, 1) and keeps most of its seeds.
  { strategy: 'takeover', weight: 2 },
  { strategy: 'comeback', weight: 1 },
  { strategy: 'stale', weight: 2 },
];

export function strategyNamed(name: string): SearchStrategy | undefined {
  return STRATEGIES.find((strategy) => strategy.name === name);
}
