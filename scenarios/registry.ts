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

/**
 * Every named scenario with the module that defines it, in the order `faultline list` shows them.
 * A fuzz worker process imports only that module, not this registry: the registry pulls in every
 * protocol, and a worker paid about 50 ms CPU at start for modules its seeds never run.
 */
const ENTRIES: readonly (readonly [Scenario, string])[] = [
  [broadcastGossip, 'broadcast-gossip'],
  [rpcAtLeastOnce, 'rpc-at-least-once'],
  [rpcAtMostOnce, 'rpc-at-most-once'],
  [rpcAtMostOnceVolatile, 'rpc-at-most-once-volatile'],
  [rpcExactlyOnce, 'rpc-exactly-once'],
  [clocksLamport, 'clocks-lamport'],
  [clocksVector, 'clocks-vector'],
  [clocksVector1000, 'clocks-vector'],
  [snapshotBank, 'snapshot-bank'],
  [snapshotBankReordering, 'snapshot-bank'],
  [chainKv, 'chain-kv'],
  [primaryBackupKv, 'primary-backup-kv'],
  [raftKv, 'raft-kv'],
  [raftElection, 'raft-election'],
  [raftKvByzantine, 'raft-kv-byzantine'],
  [mapReduce, 'mapreduce'],
  [rpcExactlyOnceClientCrash, 'rpc-exactly-once-client-crash'],
  [clocksSync, 'clocks-sync'],
  [raftKvLease, 'raft-kv-lease'],
  [raftKvLeaseDrift, 'raft-kv-lease'],
  [rbFailStop, 'failure-models'],
  [rbCrashStop, 'failure-models'],
  [rbOmission, 'failure-models'],
  [rbCrashRecovery, 'failure-models'],
  [rbByzantine, 'failure-models'],
];

/** Every named scenario, in the order `faultline list` shows them. */
export const SCENARIOS: readonly Scenario[] = ENTRIES.map(([scenario]) => scenario);

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

// The modules sit beside this one, with its extension (.js when built, .ts when run from sources).
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The URL of the module that defines a registered scenario (it exports the very same object). */
export function scenarioModuleOf(scenario: Scenario): string | undefined {
  const entry = ENTRIES.find(([registered]) => registered === scenario);
  return entry ? new URL(`./${entry[1]}${EXTENSION}`, import.meta.url).href : undefined;
}
