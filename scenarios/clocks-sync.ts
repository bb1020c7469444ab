import type { NodeLogic, NodeSpec } from '../sim/actor.js';
import type { FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import type { Checker } from '../sim/simulation.js';
import { NO_FAULTS } from '../sim/faults/profile.js';
import { ASYNC_NETWORK } from './assumptions.js';
import { clockSyncNode, syncBoundChecker, syncLivenessChecker, syncSourceChecker, type ClockSyncOptions, type ClockSyncTopology } from '../protocols/clocks-sync/index.js';

export const SYNC_REFERENCE = 'ref';
export const SYNC_SERVERS = ['s1', 's2'];
export const SYNC_CLIENTS = ['c1', 'c2', 'c3', 'c4'];
const DRIFT_PPM_MAX = 100;

/** Per-node settings: poll every 500 ms, unsynchronised after 3 s without a good sample, samples with RTT > 1 s discarded (a tighter cap never syncs over a persistently slow link). */
export const SYNC_OPTIONS: Omit<ClockSyncOptions, 'sources'> = { pollMs: 500, maxAgeMs: 3000, maxRoundTripMs: 1000, driftPpmMax: DRIFT_PPM_MAX };

export const SYNC_TOPOLOGY: ClockSyncTopology = {
  reference: SYNC_REFERENCE,
  followers: [...SYNC_SERVERS, ...SYNC_CLIENTS],
  driftPpmMax: DRIFT_PPM_MAX,
  // A jumped node is wrong until its next good sample (≤ maxAge), and so is whoever sampled it meanwhile.
  jumpGraceMs: 2 * (SYNC_OPTIONS.maxAgeMs + SYNC_OPTIONS.pollMs + SYNC_OPTIONS.maxRoundTripMs),
};

/** Skewed (±500 ms), drifting (±100 ppm) clocks that sometimes jump, on lossy links with partitions and crash-recovery. */
export const CLOCKS_SYNC_FAULTS: FaultProfile = {
  ...NO_FAULTS,
  name: 'clocks-sync',
  delayMsMin: 5,
  delayMsSpread: 10,
  dropProbability: 0.05,
  duplicateProbability: 0.05,
  reorderProbability: 0.1,
  corruptProbability: 0.01,
  nemesisIntervalMsMean: 1500,
  partitionWeight: 1,
  crashRecoveryWeight: 1,
  clockJumpWeight: 0.5,
  clockJumpMsMax: 1000,
  clockSkewMsMax: 500,
  clockDriftPpmMax: DRIFT_PPM_MAX,
  quietPeriodMs: 8000,
};

export interface ClockSyncParts {
  node?: (options: ClockSyncOptions) => NodeLogic;
  checkers?: Checker[];
}

export function clockSyncSetup(parts: ClockSyncParts = {}): { nodes: NodeSpec[]; checkers: Checker[] } {
  const make = parts.node ?? clockSyncNode;
  const nodes: NodeSpec[] = [
    // The reference is a GPS-like source: never crashed or partitioned.
    { id: SYNC_REFERENCE, logic: make({ ...SYNC_OPTIONS, sources: [], reference: true }), role: 'reference', faultable: false },
    ...SYNC_SERVERS.map((id) => ({ id, logic: make({ ...SYNC_OPTIONS, sources: [SYNC_REFERENCE] }), role: 'server' })),
    ...SYNC_CLIENTS.map((id) => ({ id, logic: make({ ...SYNC_OPTIONS, sources: SYNC_SERVERS }), role: 'client' })),
  ];
  return { nodes, checkers: parts.checkers ?? [syncBoundChecker(SYNC_TOPOLOGY), syncSourceChecker(), syncLivenessChecker(SYNC_TOPOLOGY)] };
}

export const clocksSync: Scenario = {
  name: 'clocks-sync',
  description: 'NTP-style clock synchronisation (reference, 2 servers, 4 clients) under skew, drift, jumps, delay, loss and crashes: synchronised pairs stay within their root distances',
  defaultTimeMs: 30_000,
  faults: CLOCKS_SYNC_FAULTS,
  assumptions: {
    failureModel: 'crash-recovery',
    maxFaulty: 'minority',
    maxCrashStops: 0,
    network: { ...ASYNC_NETWORK, corrupt: true },
    timing: { clockSkewMsMax: 60_000, clockDriftPpmMax: DRIFT_PPM_MAX, clockJumps: true, pauses: true },
    storage: { unsyncedWritesLost: true, faults: [] },
    why: 'drift within the 100 ppm each node assumes (the bound grows at that rate); samples with long round trips are discarded, so any delay is safe; a jump is repaired by the next sample',
  },
  setup: () => clockSyncSetup(),
};
