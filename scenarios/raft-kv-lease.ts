import type { Assumptions } from '../sim/assumptions.js';
import type { FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { ASYNC_CRASH_RECOVERY } from './assumptions.js';
import { RAFT_LIVENESS_BOUNDS, raftCluster, raftKv } from './raft-kv.js';

/** The drift bound the leases allow for; the engine's drift stays inside it in raft-kv-lease. */
export const LEASE_DRIFT_PPM_MAX = 100;

/** raft-kv's faults plus skewed, drifting clocks (inside the lease's bound) and process pauses. */
export const RAFT_LEASE_FAULTS: FaultProfile = {
  ...raftKv.faults,
  name: 'raft-kv-lease',
  clockSkewMsMax: 500,
  clockDriftPpmMax: LEASE_DRIFT_PPM_MAX,
  pauseWeight: 0.5,
  pauseMsMin: 50,
  pauseMsMax: 1500,
};

/** raft-kv's model, but the lease needs bounded drift and no clock jumps (pauses are fine: the lease is checked when a read is served). */
export const RAFT_LEASE_ASSUMPTIONS: Assumptions = {
  ...ASYNC_CRASH_RECOVERY,
  timing: { clockSkewMsMax: 60_000, clockDriftPpmMax: LEASE_DRIFT_PPM_MAX, clockJumps: false, pauses: true },
  why: 'asynchronous crash-recovery Raft; lease reads are safe while clocks drift at most 100 ppm and never jump',
};

const leaseCluster = () => raftCluster({ servers: 5, clients: 9, thinkMsMean: 60, keys: ['x', 'y', 'z'], bounds: RAFT_LIVENESS_BOUNDS, raft: { leaseReads: true, leaseDriftPpmMax: LEASE_DRIFT_PPM_MAX } });

export const raftKvLease: Scenario = {
  name: 'raft-kv-lease',
  description: 'raft-kv with leader leases: reads served locally while a quorum-acknowledged lease (minus a drift allowance, on the leader\'s clock) is valid; linearizable under drift within the bound and pauses',
  defaultTimeMs: 20_000,
  faults: RAFT_LEASE_FAULTS,
  assumptions: RAFT_LEASE_ASSUMPTIONS,
  setup: () => leaseCluster(),
};

/**
 * The lease's classic split-brain, beyond its bound: clocks drift 2 % (200 times the allowance) and are
 * often stepped by up to ±2 s, while partitions keep cutting one of three servers off. When the cut-off
 * node is the leader and its clock steps back during its lease, the lease outlives its leadership: the
 * other two elect a leader that commits writes, and the old one keeps answering reads locally. The
 * clients are read-heavy (95 % reads) and stick to the server that last answered, as real ones do.
 */
export const raftKvLeaseDrift: Scenario = {
  name: 'raft-kv-lease-drift',
  description: 'known anomaly: raft-kv-lease with clocks beyond the lease\'s bound (2 % drift, ±2 s steps); a cut-off leader whose clock stepped back serves a stale read',
  knownAnomaly: 'a leader lease is measured on the leader\'s own clock and is safe only while drift stays inside the allowance (100 ppm) and clocks never step; a leader cut off by a partition whose clock steps back keeps its lease for that much longer, the majority elects a new leader that commits writes, and the old leader\'s local read returns the overwritten value: the linearizability checker catches the stale read',
  defaultTimeMs: 30_000,
  faults: {
    ...RAFT_LEASE_FAULTS,
    name: 'raft-kv-lease-drift',
    clockDriftPpmMax: 20_000,
    clockJumpWeight: 6,
    clockJumpMsMax: 2000,
    nemesisIntervalMsMean: 100,
    partitionWeight: 1.5,
    oneWayPartitionProbability: 0,
    crashRecoveryWeight: 0,
    episodeMsMin: 1000,
    episodeMsMax: 2000,
    pauseWeight: 0,
  },
  assumptions: { ...RAFT_LEASE_ASSUMPTIONS, timing: { ...RAFT_LEASE_ASSUMPTIONS.timing, clockDriftPpmMax: 20_000, clockJumps: true }, why: 'the lease is safe only within 100 ppm of drift and without clock steps: this scenario runs far beyond that on purpose' },
  setup: () => raftCluster({ servers: 3, clients: 9, thinkMsMean: 60, readProbability: 0.95, keys: ['x', 'y', 'z'], bounds: RAFT_LIVENESS_BOUNDS, raft: { leaseReads: true, leaseDriftPpmMax: LEASE_DRIFT_PPM_MAX } }),
};
