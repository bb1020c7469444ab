import type { NodeLogic } from '../sim/actor.js';
import type { Assumptions } from '../sim/assumptions.js';
import type { ProtocolAdversary } from '../sim/byzantine.js';
import { NO_FAULTS, type FaultProfile } from '../sim/faults/profile.js';
import type { Scenario, ScenarioEnv } from '../sim/scenario.js';
import { broadcastNode } from '../protocols/broadcast/node.js';
import { agreementChecker, brachaAdversary, brachaNode, brachaQuorums, byzantineAgreementChecker, byzantineConsistencyChecker, forgingAdversary, lazyBroadcastNode, noDuplicationChecker, relayBroadcastNode, type BrachaQuorums } from '../protocols/failure-models/index.js';
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

/** How long the perfect failure detector takes to report a crash, in ms. */
export const DETECTION_DELAY_MS = 20;

/** Level 0: processes only stop, and a perfect failure detector reports each stop; links lose nothing. */
export function failStopScenario(name: string, detector: boolean): Scenario {
  return {
    name,
    description: detector
      ? 'failure models, level 0: lazy reliable broadcast (relay an origin\'s messages only once the perfect failure detector reports it crashed) survives crash-stop of 2 of 5 processes'
      : 'lazy reliable broadcast without its failure detector',
    defaultTimeMs: 10_000,
    faults: { ...BASE, name, crashStopWeight: 1, maxCrashStops: 2, maxDownNodes: 2 },
    assumptions: {
      failureModel: 'fail-stop',
      maxFaulty: 2,
      maxCrashStops: 2,
      // No long delays: while its origin lives a message has one path to each process, and the
      // end-of-run agreement check needs it to land within the quiet period.
      network: { ...ASYNC_NETWORK, drop: false, corrupt: false, partitions: 'none', longDelays: false },
      timing: ASYNC_TIMING,
      storage: { unsyncedWritesLost: false, faults: [] },
      why: 'a stopped process never returns and the failure detector reports every stop (and nothing else); every message between live processes arrives',
    },
    setup: (env) => ({
      nodes: PROCESSES.map((id) => ({ id, logic: lazyBroadcastNode({ originateMsMean: 300, originateUntilMs: originateUntil(env), sendGapMs: 10 }), role: 'process' })),
      checkers: [noDuplicationChecker(), agreementChecker()],
      ...(detector ? { failureDetector: { delayMs: DETECTION_DELAY_MS } } : {}),
    }),
  };
}

export const rbFailStop = failStopScenario('rb-fail-stop', true);

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

/** Byzantine processes tolerated by rb-byzantine: f < n / 3 of 5. */
export const BYZANTINE_F = 1;

/** rb-byzantine with the given quorums (test fixtures pass too-small ones). */
export function byzantineScenario(name: string, quorums: BrachaQuorums): Scenario {
  return {
    name,
    description: `failure models, level 4: Bracha's reliable broadcast (ECHO quorum ${quorums.echo}, READY ${quorums.readyAmplify}/${quorums.deliver}) survives ${BYZANTINE_F} Byzantine process of 5 that equivocates, forges and stays silent`,
    defaultTimeMs: 10_000,
    faults: { ...BASE, name, byzantineNodes: BYZANTINE_F },
    assumptions: {
      failureModel: 'byzantine',
      maxFaulty: BYZANTINE_F,
      maxCrashStops: 0,
      // The Byzantine process may already fall silent; any further failure would exceed f.
      excludes: ['crash-stop', 'omission', 'crash-recovery'],
      network: { ...ASYNC_NETWORK, drop: false, corrupt: false, partitions: 'none', longDelays: false },
      timing: ASYNC_TIMING,
      storage: { unsyncedWritesLost: false, faults: [] },
      why: 'f < n/3 Byzantine processes over reliable authenticated links (the link names the sender); honest processes never fail',
    },
    setup: (env) => ({
      nodes: PROCESSES.map((id) => ({ id, logic: brachaNode({ originateMsMean: 300, originateUntilMs: originateUntil(env), quorums }), role: 'process' })),
      checkers: [byzantineConsistencyChecker(), byzantineAgreementChecker()],
      adversary: brachaAdversary(),
    }),
  };
}

/** Level 4: up to f < n/3 processes lie (equivocate, forge, stay silent). */
export const rbByzantine = byzantineScenario('rb-byzantine', brachaQuorums(PROCESSES.length, BYZANTINE_F));
