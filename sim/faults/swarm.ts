import { clampToAssumptions, declares, type Assumptions } from '../assumptions.js';
import { assumptionsFromProfile } from '../assumptions-scenario.js';
import type { LinkConfig } from '../network.js';
import type { RandomStream } from '../random.js';
import type { FaultProfile } from './profile.js';

/** Three significant digits: enough to vary, short enough to read in the printed config. */
const round3 = (value: number): number => (value === 0 ? 0 : Number(value.toPrecision(3)));

/**
 * Swarm testing (VOPR's swarm, FoundationDB's BUGGIFY): the seed draws the whole fault profile:
 * which kinds are on, their rates and their timescales, so some seeds switch a kind off entirely and
 * reach states that kind would have cut short. Every value is drawn on every seed (a fixed number of
 * draws), then the result is clamped to the scenario's assumptions, so a kind the scenario does not
 * tolerate is never on unless the run goes beyond (`beyond`). Settings the scenario fixes (quiet
 * period, fault window, how many nodes may be down, Byzantine node count) come from the base.
 */
export function drawSwarmProfile(base: FaultProfile, rng: RandomStream, assumptions: Assumptions = assumptionsFromProfile(base), beyond: readonly string[] = []): FaultProfile {
  const logUniform = (min: number, max: number): number => Math.exp(rng.uniform(Math.log(min), Math.log(max)));
  const knob = (onProbability: number, min: number, max: number): number => {
    const on = rng.chance(onProbability);
    const value = round3(logUniform(min, max));
    return on ? value : 0;
  };
  const flag = (onProbability: number): number => (rng.chance(onProbability) ? 1 : 0);

  const drawn: FaultProfile = { ...base, name: `swarm(${base.name})` };
  // Message timing: a per-seed latency scale.
  drawn.delayMsMin = Math.round(rng.uniform(0, 5));
  drawn.delayMsSpread = Math.max(1, Math.round(logUniform(1, 50)));
  drawn.delayDistribution = rng.chance(0.5) ? 'uniform' : 'exponential';
  drawn.dropProbability = knob(0.5, 0.001, 0.2);
  drawn.duplicateProbability = knob(0.5, 0.001, 0.1);
  drawn.reorderProbability = knob(0.5, 0.01, 0.3);
  drawn.corruptProbability = knob(0.5, 0.0005, 0.02);
  drawn.longDelayProbability = knob(0.4, 0.0005, 0.01);
  drawn.longDelayMsMin = Math.round(logUniform(300, 3000));
  drawn.longDelayMsMax = Math.round(drawn.longDelayMsMin * rng.uniform(1, 5));

  // The nemesis: which episode kinds, how often, how long (one timescale per seed).
  drawn.nemesisIntervalMsMean = Math.round(logUniform(200, 5000));
  drawn.episodeMsMin = Math.round(logUniform(30, 1000));
  drawn.episodeMsMax = Math.round(drawn.episodeMsMin * rng.uniform(1, 6));
  drawn.partitionWeight = flag(0.6);
  drawn.oneWayPartitionProbability = Math.round(rng.uniform(0, 0.5) * 100) / 100;
  drawn.crashRecoveryWeight = flag(0.6);
  drawn.crashStopWeight = flag(0.3);
  if (drawn.crashStopWeight > 0) drawn.maxCrashStops = Math.max(base.maxCrashStops, 1);
  drawn.omissionWeight = flag(0.4);
  drawn.omissionProbability = round3(rng.uniform(0.1, 0.9));
  drawn.pauseWeight = flag(0.4);
  drawn.pauseMsMin = Math.round(logUniform(20, 1000));
  drawn.pauseMsMax = Math.round(drawn.pauseMsMin * rng.uniform(1, 10));

  // Clocks: skew and drift per node (drawn by the engine within these), and steps.
  drawn.clockSkewMsMax = knob(0.5, 1, 10_000);
  drawn.clockDriftPpmMax = knob(0.5, 10, 100_000);
  drawn.clockJumpWeight = flag(0.3);
  drawn.clockJumpMsMax = Math.round(logUniform(10, 5000));

  // Storage.
  drawn.loseUnsyncedWrites = rng.chance(0.5);
  drawn.lostSyncProbability = knob(0.3, 0.01, 0.3);
  drawn.corruptReadProbability = knob(0.3, 0.001, 0.05);
  drawn.tornWriteProbability = knob(0.3, 0.1, 1);

  // Byzantine nodes: the scenario's count when it has one; otherwise sometimes one (only ever kept beyond the assumptions or where they admit it).
  const oneByzantine = rng.chance(0.3);
  if (base.byzantineNodes === 0 && oneByzantine) {
    drawn.byzantineNodes = 1;
    drawn.byzantineEquivocateProbability = base.byzantineEquivocateProbability || 0.1;
    drawn.byzantineAlterProbability = base.byzantineAlterProbability || 0.1;
    drawn.byzantineReplayProbability = base.byzantineReplayProbability || 0.1;
  }
  return clampToAssumptions(drawn, assumptions, beyond);
}

/** Where a swarm seed aims its faults: the nodes the nemesis may touch and links with their own loss. */
export interface SwarmTargets {
  /** The faultable nodes the nemesis may crash, pause or partition off (all of them on about half the seeds). */
  nemesisNodes: string[];
  /** Directed links with their own settings on top of the profile's. */
  links: { from: string; to: string; dropProbability: number; delayMsMin: number }[];
}

/**
 * Swarm at the granularity of nodes and links: a per-seed subset of the faultable nodes the nemesis
 * may touch (so the others run undisturbed and the faults concentrate), and up to three directed
 * links with their own loss and latency. Link loss is drawn only when the assumptions admit drops.
 */
export function drawSwarmTargets(nodeIds: readonly string[], faultable: readonly string[], rng: RandomStream, assumptions: Assumptions, beyond: readonly string[] = []): SwarmTargets {
  const subset = rng.chance(0.5);
  const order = rng.shuffled(faultable);
  const size = 1 + rng.int(Math.max(1, faultable.length));
  const nemesisNodes = subset && faultable.length > 2 ? faultable.filter((id) => order.slice(0, Math.max(2, size)).includes(id)) : [...faultable];
  const links: SwarmTargets['links'] = [];
  const linkCount = rng.chance(0.5) && nodeIds.length > 1 ? 1 + rng.int(3) : 0;
  const dropAllowed = beyond.includes('drop') || declares(assumptions, 'drop');
  const slowAllowed = beyond.includes('delay-bound') || assumptions.network.delayBoundMs === null;
  for (let i = 0; i < linkCount; i++) {
    const from = rng.pick(nodeIds);
    const to = rng.pick(nodeIds.filter((id) => id !== from));
    const dropProbability = round3(rng.uniform(0.05, 0.3));
    const delayMsMin = Math.round(rng.uniform(0, 20));
    links.push({ from, to, dropProbability: dropAllowed ? dropProbability : 0, delayMsMin: slowAllowed ? delayMsMin : 0 });
  }
  return { nemesisNodes, links };
}

/** The scenario's own per-link settings (over the profile's) with the swarm's link overrides on top. */
export function withSwarmLinks(
  own: ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined,
  profile: LinkConfig,
  targets: SwarmTargets,
): ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined {
  if (targets.links.length === 0) return own;
  return (from, to) => {
    const mine = own?.(from, to);
    const swarm = targets.links.find((link) => link.from === from && link.to === to);
    if (!swarm) return mine;
    const dropProbability = Math.max(mine?.dropProbability ?? profile.dropProbability, swarm.dropProbability);
    return { ...mine, dropProbability, delayMsMin: (mine?.delayMsMin ?? profile.delayMsMin) + swarm.delayMsMin };
  };
}
