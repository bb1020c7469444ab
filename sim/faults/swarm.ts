import type { RandomStream } from '../random.js';
import type { FaultProfile } from './profile.js';

/**
 * Swarm testing (as TigerBeetle's VOPR does): the seed itself draws the fault profile, so that a
 * fuzz run explores many mixes of faults, including mixes with a fault kind switched off entirely.
 * Settings the scenario fixes (FIFO links, Byzantine node count) are kept from the base profile.
 */
export function drawSwarmProfile(base: FaultProfile, rng: RandomStream): FaultProfile {
  const maybe = (max: number): number => (rng.chance(0.5) ? Math.round(rng.uniform(0, max) * 1000) / 1000 : 0);
  const profile: FaultProfile = {
    ...base,
    name: `swarm(${base.name})`,
    delayMsMin: Math.round(rng.uniform(0, 5)),
    delayMsSpread: Math.round(rng.uniform(1, 50)),
    delayDistribution: rng.chance(0.5) ? 'uniform' : 'exponential',
    dropProbability: maybe(0.2),
    duplicateProbability: maybe(0.1),
    reorderProbability: base.fifo ? 0 : maybe(0.3),
    corruptProbability: maybe(0.02),
    nemesisIntervalMsMean: Math.round(rng.uniform(300, 5000)),
    partitionWeight: rng.chance(0.6) ? 1 : 0,
    crashRecoveryWeight: rng.chance(0.6) ? 1 : 0,
    crashStopWeight: base.maxCrashStops > 0 && rng.chance(0.3) ? 1 : 0,
    oneWayPartitionProbability: Math.round(rng.uniform(0, 0.5) * 100) / 100,
    loseUnsyncedWrites: rng.chance(0.3),
  };
  profile.episodeMsMin = Math.round(rng.uniform(50, 1000));
  profile.episodeMsMax = profile.episodeMsMin + Math.round(rng.uniform(0, 4000));
  return profile;
}
