import type { Assumptions } from '../sim/assumptions.js';
import { NAMED_PROFILES, type FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { ASYNC_CRASH_RECOVERY } from './assumptions.js';
import { chatterNode, type ChatterOptions } from '../protocols/clocks/chatter.js';
import { lamportChecker } from '../protocols/clocks/lamport-checker.js';
import { lamportRules } from '../protocols/clocks/lamport.js';

/** Clocks need no reliable network: every fault but corruption and Byzantine nodes is fair game. */
export const CLOCKS_FAULTS: FaultProfile = {
  ...NAMED_PROFILES.default!,
  name: 'clocks-default',
  dropProbability: 0.05,
  duplicateProbability: 0.05,
  reorderProbability: 0.2,
  nemesisIntervalMsMean: 400,
  episodeMsMin: 50,
  episodeMsMax: 400,
  // Clocks promise no progress, so there is no quiet period to wait for.
  quietPeriodMs: 0,
  loseUnsyncedWrites: true,
};

/**
 * Logical clocks order events by messages alone: they read no physical clock, so any skew, drift,
 * jump or pause leaves them correct, and any loss, duplication, reordering, delay or partition too;
 * a process syncs its clock before acting, so crash-recovery is fine. A corrupted timestamp is
 * trusted (no checksums), so corruption is out; so are Byzantine processes.
 */
export const CLOCKS_ASSUMPTIONS: Assumptions = {
  ...ASYNC_CRASH_RECOVERY,
  timing: { clockSkewMsMax: 60_000, clockDriftPpmMax: 50_000, clockJumps: true, pauses: true },
  why: 'logical clocks read no physical clock and need no reliable network; timestamps carry no checksums',
};

export const processIds = (count: number): string[] => Array.from({ length: count }, (_, i) => `p${i + 1}`);

export const chatterOptions = (ids: readonly string[]): ChatterOptions => ({
  ids,
  actMsMean: 25,
  localProbability: 0.3,
  maxBurst: 3,
  forwardProbability: 0.3,
});

export const clocksLamport: Scenario = {
  name: 'clocks-lamport',
  description: 'Lamport clocks on 6 chattering processes: a→b ⇒ L(a) < L(b) against the engine\'s happens-before, under drops, duplicates, reordering, partitions, crash-recovery',
  defaultTimeMs: 3000,
  faults: CLOCKS_FAULTS,
  assumptions: CLOCKS_ASSUMPTIONS,
  setup: () => {
    const ids = processIds(6);
    const logic = chatterNode(lamportRules, chatterOptions(ids));
    return {
      nodes: ids.map((id) => ({ id, logic })),
      checkers: [lamportChecker({ ids, standard: true })],
    };
  },
};
