import type { NodeLogic } from '../sim/actor.js';
import type { Assumptions } from '../sim/assumptions.js';
import { NAMED_PROFILES } from '../sim/faults/profile.js';
import { linearizabilityChecker } from '../sim/linearizability/checker.js';
import { kvModel } from '../sim/linearizability/kv.js';
import type { Scenario } from '../sim/scenario.js';
import { ASYNC_CRASH_RECOVERY } from './assumptions.js';
import { kvClient, standardKvWorkload, type KvRoute } from '../protocols/kv-client/client.js';
import { pbCfg } from '../protocols/primary-backup/cfg.js';
import { committedStableChecker } from '../protocols/primary-backup/checkers.js';
import type { PbMessage, View } from '../protocols/primary-backup/messages.js';
import { pbServer, type ServerState } from '../protocols/primary-backup/server.js';

const CFG = 'cfg';
const SERVERS = ['p1', 'p2', 'p3'];
const CLIENTS = ['c1', 'c2', 'c3'];
/** Clients start nothing new this long before the end, so open operations can finish. */
const SETTLE_MS = 1500;

export const pbRoute: KvRoute<View> = {
  configNode: CFG,
  askConfig: { type: 'pb.cfg.get' },
  configOf: (msg) => ((msg as { type?: string }).type === 'pb.cfg.view' ? (msg as { view: View }).view : undefined),
  version: (view) => view.num,
  target: (view) => view.primary,
};

/**
 * Primary-backup with a CFG test-and-set is built for an asynchronous network: views are numbered and
 * granted by the (never faulty) CFG, so a slow, paused or partitioned primary is replaced safely and
 * reads no clock for safety. One server may be down at once, one for good. No checksums.
 */
export const PB_ASSUMPTIONS: Assumptions = {
  ...ASYNC_CRASH_RECOVERY,
  maxFaulty: 1,
  maxCrashStops: 1,
  why: 'asynchronous crash-recovery with numbered views from a reliable CFG; one server down at once; no checksums',
};

/** What a test may swap to build a variant of the scenario (deliberately broken ones live in test fixtures). */
export interface PrimaryBackupKvParts {
  name?: string;
  server?: (logic: NodeLogic<ServerState, PbMessage>) => NodeLogic<ServerState, PbMessage>;
}

export const primaryBackupKvScenario = (parts: PrimaryBackupKvParts = {}): Scenario => ({
  name: parts.name ?? 'primary-backup-kv',
  description:
    'primary-backup with a CFG test-and-set for failover and numbered views: linearizable kv under partitions (one-way too), crash-stop, crash-recovery, drops, duplicates, reordering',
  defaultTimeMs: 10_000,
  faults: {
    ...NAMED_PROFILES.default!,
    name: 'primary-backup-default',
    dropProbability: 0.03,
    duplicateProbability: 0.03,
    reorderProbability: 0.1,
    nemesisIntervalMsMean: 1200,
    partitionWeight: 2,
    crashRecoveryWeight: 1,
    crashStopWeight: 1,
    maxCrashStops: 1,
    maxDownNodes: 1,
    faultsStartMs: 500,
    quietPeriodMs: 2000,
  },
  assumptions: PB_ASSUMPTIONS,
  // Shrinking may run fewer clients (a smaller witness of the same failure).
  sizes: { clients: { default: CLIENTS.length, min: 1 } },
  setup: (env) => {
    const initial: View = { num: 1, primary: SERVERS[0]!, backups: SERVERS.slice(1) };
    const plain = pbServer({ cfgId: CFG, initial, tickMs: 25, suspectAfterMs: 300, batchMax: 256 });
    const server = parts.server ? parts.server(plain) : plain;
    const client = kvClient(pbRoute, standardKvWorkload(Math.max(0, env.runMs - SETTLE_MS)));
    return {
      nodes: [
        ...SERVERS.map((id) => ({ id, logic: server, role: 'server' })),
        { id: CFG, logic: pbCfg(initial), role: 'cfg', faultable: false },
        ...CLIENTS.slice(0, env.size.clients ?? CLIENTS.length).map((id) => ({ id, logic: client, role: 'client', faultable: false })),
      ],
      checkers: [committedStableChecker(), linearizabilityChecker(kvModel, { name: 'linearizability(kv)', timeoutMs: 20_000 })],
    };
  },
});

export const primaryBackupKv: Scenario = primaryBackupKvScenario();
