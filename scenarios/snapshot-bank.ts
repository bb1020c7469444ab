import type { Assumptions } from '../sim/assumptions.js';
import { NO_FAULTS, type FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { bankNode } from '../protocols/snapshot/bank.js';
import { snapshotCheckers } from '../protocols/snapshot/checkers.js';

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];
const INITIAL_BALANCE = 100;
/** Time left at the end for the last snapshots to finish. */
const SETTLE_MS = 500;

/** Within Chandy-Lamport's assumptions: FIFO, reliable links, no failures; random delays only. */
export const SNAPSHOT_FAULTS: FaultProfile = {
  ...NO_FAULTS,
  name: 'snapshot-fifo',
  delayMsMin: 1,
  delayMsSpread: 8,
  fifo: true,
};

/**
 * Chandy-Lamport assumes processes that never fail and reliable FIFO channels: a lost, duplicated,
 * reordered or corrupted message or marker breaks the cut. It reads no physical clock. Delays are
 * otherwise unbounded in the algorithm, but the scenario's completion check gives the last snapshots
 * 500 ms to finish, so long delays and pauses (seconds) are left out of this scenario.
 */
export const SNAPSHOT_ASSUMPTIONS: Assumptions = {
  failureModel: 'none',
  maxFaulty: 0,
  network: { drop: false, duplicate: false, reorder: false, corrupt: false, fifo: true, partitions: 'none', delayBoundMs: null, longDelays: false },
  timing: { clockSkewMsMax: 60_000, clockDriftPpmMax: 50_000, clockJumps: true, pauses: false },
  storage: { unsyncedWritesLost: false, faults: [] },
  why: 'Chandy-Lamport needs reliable FIFO channels and processes that never fail; it reads no clock',
};

export function snapshotBankSetup(): Scenario['setup'] {
  return (env) => {
    const logic = bankNode({
      initialBalance: INITIAL_BALANCE,
      transferMsMean: 10,
      maxAmount: 20,
      snapshotMsMean: 400,
      snapshotUntilMs: Math.max(0, env.runMs - SETTLE_MS),
    });
    return {
      nodes: NODES.map((id) => ({ id, logic })),
      checkers: snapshotCheckers({ nodes: NODES, totalTokens: NODES.length * INITIAL_BALANCE }),
    };
  };
}

export const snapshotBank: Scenario = {
  name: 'snapshot-bank',
  description: 'Chandy-Lamport snapshots of a 5-node bank, several at once, on FIFO reliable links with random delays: consistent cut, conservation, completion',
  defaultTimeMs: 3000,
  faults: SNAPSHOT_FAULTS,
  requiresFifo: true,
  assumptions: SNAPSHOT_ASSUMPTIONS,
  setup: snapshotBankSetup(),
};

export const snapshotBankReordering: Scenario = {
  name: 'snapshot-bank-reordering',
  description: 'the same bank over links that reorder: a transfer overtakes a marker, and the snapshot is inconsistent or loses tokens',
  knownAnomaly:
    'Chandy-Lamport assumes FIFO channels: a transfer that overtakes a marker is counted on both sides of the cut, or one that the marker overtakes is counted on neither.',
  defaultTimeMs: 3000,
  faults: { ...SNAPSHOT_FAULTS, name: 'snapshot-reordering', fifo: false, reorderProbability: 0.2, reorderDelayMsMax: 20 },
  requiresFifo: true,
  // The anomaly's environment: Chandy-Lamport's model with reordering links (which it does not tolerate).
  assumptions: { ...SNAPSHOT_ASSUMPTIONS, network: { ...SNAPSHOT_ASSUMPTIONS.network, reorder: true, fifo: false }, why: 'Chandy-Lamport needs FIFO channels: this scenario gives it reordering links to show what breaks' },
  setup: snapshotBankSetup(),
};
