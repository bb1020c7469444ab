import type { NodeLogic } from '../sim/actor.js';
import type { Assumptions } from '../sim/assumptions.js';
import { NAMED_PROFILES } from '../sim/faults/profile.js';
import { linearizabilityChecker } from '../sim/linearizability/checker.js';
import { kvModel } from '../sim/linearizability/kv.js';
import type { Scenario } from '../sim/scenario.js';
import { ASYNC_NETWORK } from './assumptions.js';
import { updatePropagationChecker } from '../protocols/chain/checkers.js';
import { chainMaster } from '../protocols/chain/master.js';
import type { ChainConfig, ChainMessage } from '../protocols/chain/messages.js';
import { chainReplica, type ReplicaState } from '../protocols/chain/replica.js';
import { kvClient, standardKvWorkload, type KvRoute } from '../protocols/kv-client/client.js';

const MASTER = 'master';
const FIRST_CHAIN = ['r1', 'r2', 'r3'];
const SPARES = ['s1', 's2'];
const CLIENTS = ['c1', 'c2', 'c3'];
/** Clients start nothing new this long before the end, so open operations can finish. */
const SETTLE_MS = 1500;

export const chainRoute: KvRoute<ChainConfig> = {
  configNode: MASTER,
  askConfig: { type: 'chain.whois' },
  configOf: (msg) => ((msg as { type?: string }).type === 'chain.config' ? (msg as { config: ChainConfig }).config : undefined),
  version: (config) => config.epoch,
  target: (config, f) => (f === 'get' ? config.chain[config.chain.length - 1] : config.chain[0]),
};

/**
 * Chain replication assumes fail-stop replicas (crash for good; the master, never faulty, is the
 * failure detector) plus send/receive omission, which it handles like loss; 2 of the 5 replicas may
 * fail. The network is asynchronous but never corrupts (no checksums). Tail leases compare the
 * master's clock with the tail's, so they need synchronized clocks: no skew, no jumps; drift only
 * changes timer rates (leaseMs 300 < suspectAfterMs 400 leaves 100 ms of margin).
 */
export const CHAIN_ASSUMPTIONS: Assumptions = {
  failureModel: 'omission',
  maxFaulty: 2,
  maxCrashStops: 2,
  network: ASYNC_NETWORK,
  timing: { clockSkewMsMax: 0, clockDriftPpmMax: 1000, clockJumps: false, pauses: true },
  storage: { unsyncedWritesLost: false, faults: [] },
  why: 'fail-stop replicas (plus omission) with a reliable master as failure detector; leases need synchronized clocks; no checksums',
};

/** What a test may swap to build a variant of the scenario (deliberately broken ones live in test fixtures). */
export interface ChainKvParts {
  name?: string;
  route?: KvRoute<ChainConfig>;
  replica?: (logic: NodeLogic<ReplicaState, ChainMessage>) => NodeLogic<ReplicaState, ChainMessage>;
}

export const chainKvScenario = (parts: ChainKvParts = {}): Scenario => ({
  name: parts.name ?? 'chain-kv',
  description:
    'chain replication (3 replicas + 2 spares, reliable master): linearizable kv under crash-stop of any replicas in sequence, drops, duplicates, delays, reordering',
  defaultTimeMs: 10_000,
  faults: {
    ...NAMED_PROFILES.lossy!,
    name: 'chain-default',
    delayMsSpread: 4,
    dropProbability: 0.05,
    duplicateProbability: 0.05,
    reorderProbability: 0.1,
    nemesisIntervalMsMean: 1500,
    crashStopWeight: 1,
    maxCrashStops: 2,
    maxDownNodes: 2,
    faultsStartMs: 500,
    quietPeriodMs: 2000,
  },
  assumptions: CHAIN_ASSUMPTIONS,
  // Shrinking may run fewer clients and spares (a smaller witness of the same failure).
  sizes: { clients: { default: CLIENTS.length, min: 1 }, spares: { default: SPARES.length, min: 0 } },
  setup: (env) => {
    const initial: ChainConfig = { epoch: 1, chain: FIRST_CHAIN };
    const replicas = [...FIRST_CHAIN, ...SPARES.slice(0, env.size.spares ?? SPARES.length)];
    const plain = chainReplica({ masterId: MASTER, initial, pingIntervalMs: 50, resendIntervalMs: 20, batchMax: 256 });
    const replica = parts.replica ? parts.replica(plain) : plain;
    const master = chainMaster({ replicas, initial, targetLength: FIRST_CHAIN.length, checkIntervalMs: 50, suspectAfterMs: 400, leaseMs: 300 });
    const client = kvClient(parts.route ?? chainRoute, standardKvWorkload(Math.max(0, env.runMs - SETTLE_MS)));
    return {
      nodes: [
        ...replicas.map((id) => ({ id, logic: replica, role: 'replica' })),
        { id: MASTER, logic: master, role: 'master', faultable: false },
        ...CLIENTS.slice(0, env.size.clients ?? CLIENTS.length).map((id) => ({ id, logic: client, role: 'client', faultable: false })),
      ],
      checkers: [updatePropagationChecker(MASTER), linearizabilityChecker(kvModel, { name: 'linearizability(kv)', timeoutMs: 20_000 })],
    };
  },
});

export const chainKv: Scenario = chainKvScenario();
