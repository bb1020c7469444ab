import type { Scenario } from '../sim/scenario.js';
import { broadcastGossip } from './broadcast-gossip.js';
import { chainKv } from './chain-kv.js';
import { primaryBackupKv } from './primary-backup-kv.js';
import { clocksLamport } from './clocks-lamport.js';
import { clocksVector, clocksVector1000 } from './clocks-vector.js';
import { snapshotBank, snapshotBankReordering } from './snapshot-bank.js';
import { raftElection } from './raft-election.js';
import { raftKvByzantine } from './raft-kv-byzantine.js';
import { raftKv } from './raft-kv.js';
import { rpcAtLeastOnce } from './rpc-at-least-once.js';
import { rpcAtMostOnce } from './rpc-at-most-once.js';
import { rpcAtMostOnceVolatile } from './rpc-at-most-once-volatile.js';
import { rpcExactlyOnce } from './rpc-exactly-once.js';
import { mapReduce } from './mapreduce.js';
import { rpcExactlyOnceClientCrash } from './rpc-exactly-once-client-crash.js';
import { clocksSync } from './clocks-sync.js';
import { raftKvLease, raftKvLeaseDrift } from './raft-kv-lease.js';
import { rbByzantine, rbCrashRecovery, rbFailStop, rbCrashStop, rbOmission } from './failure-models.js';

/** Every named scenario, in the order `faultline list` shows them. */
export const SCENARIOS: readonly Scenario[] = [broadcastGossip, rpcAtLeastOnce, rpcAtMostOnce, rpcAtMostOnceVolatile, rpcExactlyOnce, clocksLamport, clocksVector, clocksVector1000, snapshotBank, snapshotBankReordering, chainKv, primaryBackupKv, raftKv, raftElection, raftKvByzantine, mapReduce, rpcExactlyOnceClientCrash, clocksSync, raftKvLease, raftKvLeaseDrift, rbFailStop, rbCrashStop, rbOmission, rbCrashRecovery, rbByzantine];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
