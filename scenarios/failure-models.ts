import { NO_FAULTS, type Assumptions, type FaultProfile, type NodeLogic, type ProtocolAdversary, type Scenario, type ScenarioEnv } from '../sim/index.js';
import { broadcastNode } from '../protocols/broadcast/node.js';
import { agreementChecker, forgingAdversary, noDuplicationChecker, relayBroadcastNode } from '../protocols/failure-models/index.js';
import { ASYNC_NETWORK, ASYNC_TIMING } from './assumptions.js';

/**
 * The failure-model hierarchy, runnable: one problem (reliable broadcast on 5 processes) solved at
 * each level by the algorithm that level needs, each run inside its declared model. Going one level
 * up (--beyond <next kind>) breaks it, and the failure is reported as outside its assumptions.
 */

const PROCESSES = ['p1', 'p2', 'p3', 'p4', 'p5'];
const SETTLE_MS = 3000;

const originateUntil = (env: ScenarioEnv): number => Math.max(0, env.runMs - Math.max(env.profile.quietPeriodMs, SETTLE_MS));

function hierarchyScenario(name: string, description: string, faults: FaultProfile, assumptions: Assumptions, logic: (env: ScenarioEnv) => NodeLogic, adversary?: ProtocolAdversary<any>): Scenario {
  return {
    name,
    description,
    defaultTimeMs: 10_000,
    faults,
    assumptions,
    setup: (env) => ({
      nodes: PROCESSES.map((id) => ({ id, logic: logic(env), role: 'process' })),
      checkers: [noDuplicationChecker(), agreementChecker()],
      // Acts only on a Byzantine process, i.e. only in a run that goes beyond the model (--beyond byzantine).
      ...(adversary ? { adversary } : {}),
    }),
  };
}

const BASE: FaultProfile = { ...NO_FAULTS, duplicateProbability: 0.05, reorderProbability: 0.1, nemesisIntervalMsMean: 800, episodeMsMin: 200, episodeMsMax: 1500, quietPeriodMs: 4000 };

/** Level 1: processes only stop; links lose nothing. */
export const rbCrashStop = hierarchyScenario(
  'rb-crash-stop',
  'failure models, level 1: eager reliable broadcast (relay on first receipt) survives crash-stop of 2 of 5 processes over links that lose nothing',
  { ...BASE, name: 'rb-crash-stop', crashStopWeight: 1, maxCrashStops: 2, maxDownNodes: 2 },
  {
    failureModel: 'crash-stop',
    maxFaulty: 2,
    maxCrashStops: 2,
    network: { ...ASYNC_NETWORK, drop: false, corrupt: false, partitions: 'none' },
    timing: ASYNC_TIMING,
    storage: { unsyncedWritesLost: false, faults: [] },
    why: 'eager relaying needs every message between live processes to arrive; a stopped process never returns',
  },
  (env) => relayBroadcastNode({ originateMsMean: 300, originateUntilMs: originateUntil(env), retransmitEveryMs: null }),
);

/** Level 2: live processes may also lose messages they send or receive (and links drop). */
export const rbOmission = hierarchyScenario(
  'rb-omission',
  'failure models, level 2: eager broadcast that retransmits until acknowledged survives send/receive omission episodes, lossy links and crash-stop',
  { ...BASE, name: 'rb-omission', dropProbability: 0.05, corruptProbability: 0.01, crashStopWeight: 1, maxCrashStops: 1, omissionWeight: 2, omissionProbability: 0.5, partitionWeight: 1, maxDownNodes: 2 },
  {
    failureModel: 'omission',
    maxFaulty: 2,
    maxCrashStops: 1,
    network: { ...ASYNC_NETWORK, corrupt: true },
    timing: ASYNC_TIMING,
    storage: { unsyncedWritesLost: false, faults: [] },
    why: 'retransmission until acknowledged repairs any loss; state is volatile, so a process must never restart',
  },
  (env) => relayBroadcastNode({ originateMsMean: 300, originateUntilMs: originateUntil(env), retransmitEveryMs: 50 }),
);

/** Level 3: processes also crash and come back with only what they synced. */
export const rbCrashRecovery = hierarchyScenario(
  'rb-crash-recovery',
  'failure models, level 3: push + anti-entropy broadcast with a synced delivery log survives crash-recovery with lost unsynced writes, omission and lossy links',
  { ...BASE, name: 'rb-crash-recovery', dropProbability: 0.05, corruptProbability: 0.01, crashRecoveryWeight: 2, omissionWeight: 1, partitionWeight: 1, loseUnsyncedWrites: true },
  {
    failureModel: 'crash-recovery',
    maxFaulty: 'minority',
    maxCrashStops: 0,
    network: { ...ASYNC_NETWORK, corrupt: true },
    timing: ASYNC_TIMING,
    storage: { unsyncedWritesLost: true, faults: [] },
    why: 'every delivery is synced before the process acts on it; anti-entropy repairs loss; processes are honest',
  },
  (env) => broadcastNode({ originateMsMean: 300, originateUntilMs: originateUntil(env), gossipIntervalMs: 50, repairBatch: 32 }),
  forgingAdversary(0.2),
);
