import { defineScenario, NAMED_PROFILES, type FaultProfile, type Scenario } from 'faultline';
import { clientsProgress, linearizable, versionsNeverGoBack } from './checkers.js';
import { client, type Quorums } from './client.js';
import { replica } from './replica.js';

const REPLICAS = ['r1', 'r2', 'r3'];
const CLIENTS = ['c1', 'c2', 'c3'];

/** Lossy links, partitions and crash-recovery with lost unsynced writes; at most one replica down at once. */
const faults: FaultProfile = {
  ...NAMED_PROFILES.default!,
  name: 'quorum-kv',
  dropProbability: 0.05,
  duplicateProbability: 0.02,
  reorderProbability: 0.1,
  loseUnsyncedWrites: true,
  maxDownNodes: 1,
};

function quorumScenario(name: string, description: string, quorums: Omit<Quorums, 'replicas'>): Scenario {
  return {
    name,
    description,
    defaultTimeMs: 10_000,
    faults,
    // setup() runs once per run: checkers with memory are made here, fresh for every seed.
    setup(env) {
      const stopMs = env.runMs - 200;
      const all: Quorums = { replicas: REPLICAS, ...quorums };
      return {
        nodes: [
          ...REPLICAS.map((id) => ({ id, logic: replica })),
          ...CLIENTS.map((id) => ({ id, logic: client(all, stopMs), role: 'client', faultable: false })),
        ],
        checkers: [versionsNeverGoBack(REPLICAS), linearizable(), clientsProgress(CLIENTS)],
      };
    },
  };
}

/** Reads and writes wait for 2 of 3 replicas, so every read quorum meets every write quorum. */
export const quorumKv = defineScenario(
  import.meta.url,
  quorumScenario('quorum-kv', 'ABD-style quorum register per key, N=3, R=W=2, read repair', { readQuorum: 2, writeQuorum: 2 }),
);

/** The planted bug: one reply is enough (R + W = 2 ≤ N), so a read can miss the latest write. */
export const quorumKvR1W1 = defineScenario(
  import.meta.url,
  quorumScenario('quorum-kv-r1w1', 'the same store with R=W=1: fast, and stale reads', { readQuorum: 1, writeQuorum: 1 }),
);
