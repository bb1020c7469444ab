import type { NodeLogic } from '../sim/actor.js';
import type { FaultProfile } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { EXACTLY_ONCE, rpcServer } from '../protocols/rpc/index.js';
import { durableRpcClient, startedCallsChecker, type DurableClientOptions } from '../protocols/rpc-durable-client/index.js';
import { RPC_ASSUMPTIONS, RPC_CLIENTS, RPC_CRASH_FAULTS, RPC_SERVER, rpcCheckers, rpcClientOptions, rpcServerOptions, settleMsOf } from './rpc-common.js';

/** Network faults, partitions, and crash-recovery of the server and of the clients, losing unsynced writes. */
export const RPC_CLIENT_CRASH_FAULTS: FaultProfile = {
  ...RPC_CRASH_FAULTS,
  name: 'rpc-client-crashes',
  nemesisIntervalMsMean: 600,
  partitionWeight: 1,
  crashRecoveryWeight: 2,
  // 4 s, not 2 s: when search focuses loss on one client's links (up to 50 % each way), a call made as
  // the faults end needs about 25 retries at the 160 ms backoff to be all but certain to get through.
  quietPeriodMs: 4000,
};

export function durableClientOptions(runMs: number, settleMs: number): DurableClientOptions {
  const { design: _design, ...options } = rpcClientOptions(EXACTLY_ONCE, runMs, settleMs);
  return options;
}

/** One server with a durable dedup table and three clients that may crash (unlike the other RPC scenarios). */
export function clientCrashSetup(runMs: number, profile: FaultProfile, makeClient: (options: DurableClientOptions) => NodeLogic = durableRpcClient) {
  const settleMs = settleMsOf(profile);
  const client = makeClient(durableClientOptions(runMs, settleMs));
  return {
    nodes: [{ id: RPC_SERVER, logic: rpcServer(rpcServerOptions(EXACTLY_ONCE)), role: 'server' }, ...RPC_CLIENTS.map((id) => ({ id, logic: client, role: 'client' }))],
    checkers: [startedCallsChecker(settleMs), ...rpcCheckers('exactly-once', settleMs)],
  };
}

export const rpcExactlyOnceClientCrash: Scenario = {
  name: 'rpc-exactly-once-client-crash',
  description: 'exactly-once RPC across client crashes too: a client syncs each call (xid + request) before sending and re-sends it under the same xid after recovery',
  defaultTimeMs: 10_000,
  faults: RPC_CLIENT_CRASH_FAULTS,
  assumptions: { ...RPC_ASSUMPTIONS, why: 'asynchronous network with checksummed messages; the server and the clients crash and always restart (one at a time), and what they synced survives' },
  setup: (env) => clientCrashSetup(env.runMs, env.profile),
};
