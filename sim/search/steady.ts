import type { FaultProfile } from '../faults/profile.js';
import { roundMs } from './draw.js';
import type { SearchStrategy } from './strategies.js';

/**
 * Steady links: every message of the run takes one constant delay, drawn per seed within the
 * profile's range, while the profile's faults (nemesis, drops, duplicates, reordering) go on as
 * random search draws them. Jitter breaks ties by chance, so a protocol that leans on it without
 * knowing (every node with the same election timeout, retries in lockstep) fails only when
 * deliveries are even: nodes that heard the same heartbeat at the same moment time out together
 * again and again. An asynchronous network may deliver so; with a delay bound the constant stays
 * within it. Run-wide, the quiet period included: that is where such a livelock shows.
 */
export function steadyProfile(profile: FaultProfile, unit: number, delayBoundMs: number | null): FaultProfile {
  const highestMs = profile.delayMsMin + profile.delayMsSpread;
  const constantMs = roundMs(profile.delayMsMin + unit * profile.delayMsSpread);
  const boundedMs = delayBoundMs === null ? constantMs : Math.min(constantMs, delayBoundMs);
  return { ...profile, name: `${profile.name}@steady`, delayMsMin: Math.min(boundedMs, highestMs), delayMsSpread: 0 };
}

export const steady: SearchStrategy = {
  name: 'steady',
  description: 'one constant message delay for the whole run (no jitter), the profile\'s faults as they are: exposes ties that only jitter breaks',
  prepare: ({ profile, rng, delayBoundMs }) => {
    const next = steadyProfile(profile, rng.float(), delayBoundMs);
    return { profile: next, summary: `every message ${next.delayMsMin} ms (no jitter)` };
  },
};
