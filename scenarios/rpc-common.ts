import { ASYNC_NETWORK, ASYNC_TIMING } from './assumptions.js';
import type { NodeLogic, NodeSpec } from '../sim/actor.js';
import type { Assumptions } from '../sim/assumptions.js';
import { NO_FAULTS, type FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import type { Checker } from '../sim/simulation.js';
import {
  balanceChecker,
  completionChecker,
  executionsChecker,
  kvChecker,
  rpcClient,
  rpcServer,
  type ClientOptions,
  type RpcDesign,
  type Semantics,
  type ServerOptions,
  type WorkloadOptions,
} from '../protocols/rpc/index.js';

export const RPC_SERVER = 's1';
export const RPC_CLIENTS = ['c1', 'c2', 'c3'];
export const RPC_INITIAL_BALANCE = 1000;
/**
 * Clients stop calling this long before the end (or the profile's quiet period, if longer: raise it
 * with --faults quiet=... under heavier loss); a call with that much fault-free time must be answered.
 */
export const RPC_SETTLE_MS = 2000;
export const settleMsOf = (profile: FaultProfile): number => Math.max(RPC_SETTLE_MS, profile.quietPeriodMs);

/** Per-message faults on every link (the clients are never crashed; partitions need two servers). */
export const RPC_NETWORK_FAULTS: FaultProfile = {
  ...NO_FAULTS,
  name: 'rpc-network',
  dropProbability: 0.1,
  duplicateProbability: 0.1,
  duplicateDelayMsMax: 200,
  reorderProbability: 0.1,
  reorderDelayMsMax: 20,
  corruptProbability: 0.02,
};

/** The network faults plus crash-recovery of the server, losing writes it had not synced. */
export const RPC_CRASH_FAULTS: FaultProfile = {
  ...RPC_NETWORK_FAULTS,
  name: 'rpc-crashes',
  nemesisIntervalMsMean: 1000,
  crashRecoveryWeight: 1,
  episodeMsMin: 100,
  episodeMsMax: 800,
  // One faultable node: the default "a minority may be down" would allow no crash at all.
  maxDownNodes: 1,
  loseUnsyncedWrites: true,
  // As long as the settle time: a call made before it has that long with the server up to finish.
  quietPeriodMs: RPC_SETTLE_MS,
};

/**
 * Every RPC design runs on an asynchronous network: timeouts only trigger retries, so loss,
 * duplication, reordering, long delays and pauses are its normal weather. Every message carries a
 * checksum of its fields (protocols/rpc/messages.ts) and the server drops a mismatch, so corruption
 * is tolerated too. The one server may crash and restart (its database and, by design, its dedup
 * table are durable), but not for good: then no call could ever be answered.
 */
export const RPC_ASSUMPTIONS: Assumptions = {
  failureModel: 'crash-recovery',
  maxFaulty: 1,
  maxCrashStops: 0,
  network: { ...ASYNC_NETWORK, corrupt: true },
  timing: ASYNC_TIMING,
  storage: { unsyncedWritesLost: true, faults: [] },
  why: 'asynchronous network with checksummed messages; one server that crashes and always restarts',
};

export interface RpcScenarioSpec {
  name: string;
  description: string;
  design: RpcDesign;
  faults: FaultProfile;
  knownAnomaly?: string;
}

/** The server's settings in every RPC scenario: executions take 2-22 ms, so retries can overtake them. */
export const rpcServerOptions = (design: RpcDesign): ServerOptions => ({ design, initialBalance: RPC_INITIAL_BALANCE, execMsMin: 2, execMsSpread: 20 });

/** The clients' settings: first timeout 20 ms, doubling up to 160 ms; a call every 20 ms on average. */
export const rpcClientOptions = (design: RpcDesign, runMs: number, settleMs: number, workload: Partial<WorkloadOptions> = {}): ClientOptions => ({
  server: RPC_SERVER,
  design,
  timeoutMs: 20,
  backoffFactor: 2,
  maxBackoffMs: 160,
  thinkMsMean: 20,
  issueUntilMs: Math.max(0, runMs - settleMs),
  workload: { bankShare: 0.6, amountMax: 10, keysPerClient: 3, ...workload },
});

/** One server and three clients (never crashed) that call it one call at a time. */
export function rpcNodes(server: NodeLogic, client: NodeLogic): NodeSpec[] {
  return [{ id: RPC_SERVER, logic: server, role: 'server' }, ...RPC_CLIENTS.map((id) => ({ id, logic: client, role: 'client', faultable: false }))];
}

/** Every RPC checker, with the semantics the design claims. */
export function rpcCheckers(semantics: Semantics, settleMs: number): Checker[] {
  return [executionsChecker(semantics), balanceChecker(RPC_SERVER, RPC_INITIAL_BALANCE), kvChecker(RPC_SERVER), completionChecker(settleMs)];
}

/** One server (bank account + key-value store) and three clients, checked against the design's claim. */
export function rpcScenario(spec: RpcScenarioSpec): Scenario {
  return {
    name: spec.name,
    description: spec.description,
    ...(spec.knownAnomaly ? { knownAnomaly: spec.knownAnomaly } : {}),
    defaultTimeMs: 10_000,
    faults: spec.faults,
    assumptions: RPC_ASSUMPTIONS,
    setup: (env) => {
      const settleMs = settleMsOf(env.profile);
      return {
        nodes: rpcNodes(rpcServer(rpcServerOptions(spec.design)), rpcClient(rpcClientOptions(spec.design, env.runMs, settleMs))),
        checkers: rpcCheckers(spec.design.semantics, settleMs),
      };
    },
  };
}
