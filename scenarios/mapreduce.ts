import type { NodeLogic, NodeSpec } from '../sim/actor.js';
import type { FaultProfile } from '../sim/faults/profile.js';
import type { Scenario, ScenarioEnv } from '../sim/scenario.js';
import type { Checker } from '../sim/simulation.js';
import type { Assumptions } from '../sim/assumptions.js';
import { NO_FAULTS } from '../sim/faults/profile.js';
import { ASYNC_NETWORK, ASYNC_TIMING } from './assumptions.js';
import {
  atomicOutputChecker,
  completionChecker,
  fileServer,
  finalOutputChecker,
  generateJob,
  mapReduceCoordinator,
  mapReduceWorker,
  type CoordinatorOptions,
  type JobSpec,
  type WorkerOptions,
} from '../protocols/mapreduce/index.js';

export const MR_COORDINATOR = 'coord';
export const MR_FILE_SERVER = 'fs';
export const MR_WORKERS = ['w1', 'w2', 'w3'];
export const MR_MAPS = 8;
export const MR_REDUCERS = 4;
const TOPOLOGY = { coordinator: MR_COORDINATOR, fileServer: MR_FILE_SERVER };

/** Lossy links, partitions and crash-recovery of workers and the file server (the coordinator is never crashed). */
export const MAPREDUCE_FAULTS: FaultProfile = {
  ...NO_FAULTS,
  name: 'mapreduce',
  dropProbability: 0.05,
  duplicateProbability: 0.05,
  reorderProbability: 0.1,
  corruptProbability: 0.01,
  nemesisIntervalMsMean: 250,
  partitionWeight: 1,
  crashRecoveryWeight: 2,
  // No crash-stop: the nemesis could pick the file server, and a job whose storage is gone cannot finish.
  episodeMsMin: 100,
  episodeMsMax: 800,
  loseUnsyncedWrites: true,
  faultsStartMs: 0,
  quietPeriodMs: 4000,
};

/** Coordinator timeout 1 s against a 150 ms mean compute time: a slow task is sometimes run twice even without faults. */
export const mapReduceCoordinatorOptions = (job: JobSpec): CoordinatorOptions => ({ job, taskTimeoutMs: 1000, checkEveryMs: 50 });
export const MAPREDUCE_WORKER_OPTIONS: WorkerOptions = { coordinator: MR_COORDINATOR, fileServer: MR_FILE_SERVER, retryMs: 40, computeMsMean: 150 };

export interface MapReduceParts {
  coordinator?: (job: JobSpec) => NodeLogic;
  worker?: NodeLogic;
  checkers?: (job: JobSpec) => Checker[];
}

export const mapReduceCheckers = (job: JobSpec): Checker[] => [atomicOutputChecker(job, TOPOLOGY), finalOutputChecker(job, TOPOLOGY), completionChecker(TOPOLOGY)];

/** The job comes from the seed's workload stream; parts may be swapped (broken variants in tests). */
export function mapReduceSetup(env: ScenarioEnv, parts: MapReduceParts = {}): { nodes: NodeSpec[]; checkers: Checker[] } {
  const job = generateJob(env.workload, MR_MAPS, MR_REDUCERS);
  const coordinator = parts.coordinator?.(job) ?? mapReduceCoordinator(mapReduceCoordinatorOptions(job));
  const worker = parts.worker ?? mapReduceWorker(MAPREDUCE_WORKER_OPTIONS);
  const nodes: NodeSpec[] = [
    { id: MR_COORDINATOR, logic: coordinator, role: 'coordinator', faultable: false },
    { id: MR_FILE_SERVER, logic: fileServer(), role: 'storage' },
    ...MR_WORKERS.map((id) => ({ id, logic: worker, role: 'worker' })),
  ];
  return { nodes, checkers: (parts.checkers ?? mapReduceCheckers)(job) };
}

/** Workers and the file server crash and recover (a minority at once), never for good; the coordinator never fails. */
export const MAPREDUCE_ASSUMPTIONS: Assumptions = {
  failureModel: 'crash-recovery',
  maxFaulty: 'minority',
  maxCrashStops: 0,
  network: { ...ASYNC_NETWORK, corrupt: true },
  timing: ASYNC_TIMING,
  storage: { unsyncedWritesLost: true, faults: [] },
  why: 'asynchronous, checksummed messages; idempotent requests and write-then-rename make re-runs harmless; the coordinator does not fail and storage is not lost for good',
};

export const mapReduce: Scenario = {
  name: 'mapreduce',
  description: 'MapReduce word count: timed-out tasks re-run on another worker, outputs committed by write-then-rename, so re-runs are harmless',
  defaultTimeMs: 10_000,
  faults: MAPREDUCE_FAULTS,
  assumptions: MAPREDUCE_ASSUMPTIONS,
  setup: (env) => mapReduceSetup(env),
};
