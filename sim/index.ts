export type { NodeContext, NodeLogic, NodeObserver, NodeSpec, TimerInfo } from './actor.js';
export type { AdversaryAction, AdversaryInput, AdversaryKind, ProtocolAdversary } from './byzantine.js';
export { genericAdversary } from './byzantine.js';
export { alterOneField } from './alter.js';
export { copyPlain, deepFreeze } from './copy.js';
export { DeterminismError, guarded } from './determinism-guard.js';
export { Digest, hashValue } from './digest.js';
export { drawFaultPlan, type FaultPlan, type PlanAction, type PlanStep } from './faults/plan.js';
export { applyFaultSpec, FaultSpecError, NAMED_PROFILES, NO_FAULTS, type FaultProfile } from './faults/profile.js';
export { drawSwarmProfile } from './faults/swarm.js';
export { openOperations, type HistoryEvent, type HistoryRecorder, type HistoryType } from './history.js';
export { DEFAULT_LINK, PartitionTable, type LinkConfig } from './network.js';
export { EventQueue } from './queue.js';
export { RandomStream, RandomStreams } from './random.js';
export { StateRecorder } from './recorder.js';
export {
  normalizeSeed,
  prepareRun,
  reproCommand,
  runScenarioOnce,
  sizesOf,
  summarize,
  UsageError,
  type PreparedRun,
  type RunConfig,
  type RunFailure,
  type RunOptions,
  type RunResult,
  type RunSuccess,
  type Scenario,
  type ScenarioEnv,
  type ScenarioSetup,
} from './scenario.js';
export { Simulation, type Checker, type FailureDetectorConfig, type NodeOutput, type RunStats, type SimulationConfig, type StepInfo, type Violation } from './simulation.js';
export { DurableStorage } from './storage.js';
export { formatDurationMs, msFromUs, parseDurationMs, usFromMs } from './time.js';
export { FAULT_KINDS, type DropReason, type FaultKind, type TraceEvent, type TraceEventBody, type TraceEventType, type TraceSink } from './trace.js';
export { JsonlTraceWriter, mapSetReplacer, readTraceFile, TraceFileError, type TraceFile } from './trace-file.js';
export { FAULTLINE_VERSION } from './version.js';
export { checkDeterminism, type DeterminismReport, type EventSummary } from './determinism-check.js';
export * from './linearizability/index.js';
export { ddmin, DEFAULT_SHRINK_MAX_RUNS, DEFAULT_SHRINK_TIME_BUDGET_MS, FiredFaults, shrinkFailure, type FiredFault, type ShrinkOptions, type ShrinkResult, type ShrinkRun, type ShrinkStageReport, type TimelineEntry } from './shrink.js';
export { DEFAULT_SEED_WALL_BUDGET_MS, DEFAULT_WORKER_HEAP_MB, FuzzRunError, runFuzz, workerAvailable, type FuzzOptions, type FuzzProgress, type FuzzTarget } from './fuzz/runner.js';
export { groupFailures, type FailureGroup, type FuzzReport, type FuzzStop } from './fuzz/report.js';
export {
  isScenario,
  loadScenario,
  looksLikeModulePath,
  moduleScenarios,
  resolveScenario as resolveScenarioReference,
  scenarioSourceFromPath,
  type ModuleScenario,
  type ResolvedScenario,
  type ScenarioCatalog,
  type ScenarioSource,
} from './fuzz/scenario-source.js';
export { importModule, isTypeScriptModule, TSX_VERSION } from './fuzz/module-loader.js';
export { defineScenario, displayModulePath, scenarioOrigin, scenarioRef } from './scenario-origin.js';
export { formatSeedRange, parseSeedRange, parseShard, ShardSeeds, type SeedRange, type Shard } from './fuzz/seeds.js';
export { failureSignature, messageShape } from './fuzz/signature.js';
export type { FuzzFailure, FuzzRunOptions, RerunCheck, SeedOutcome } from './fuzz/seed-run.js';
export { foreignVersion, judgeTrace, TraceComparison, type TraceCheck, type TraceVerdict } from './trace-verify.js';
export { exitProcess, guardProcessExit, ScenarioError, thrownText, type ExitGuard } from './fuzz/module-guard.js';
export { MAX_PLAN_EPISODES, MAX_RUN_TIME_MS } from './run-bounds.js';
export { noteRunProgress, noteRunStart, setRunProgressListener, setRunStartListener } from './run-watch.js';
export * from './assumptions.js';
export { assumptionsFromProfile, assumptionsOf, describeFailureModel, profileWarnings, receivableKinds, unreachableKinds, type UnreachableKind } from './assumptions-scenario.js';
export { drawSwarmTargets, withSwarmLinks, type SwarmTargets } from './faults/swarm.js';
export { isRepro, MAX_REPRO_COMMAND, readReproFile, REPRO_FILE_SUFFIX, reproArgs, reproFileName, reproFitsCommand, reproOf, reproOfTraceHeader, runOptionsOf, traceHeader, writeReproFile, type Repro } from './repro.js';
export type { ScenarioSize } from './scenario.js';
export { MIX, DEFAULT_MIX, STRATEGIES, strategyError, strategyForSeed, strategyNames, type SearchStrategy, type Timescale } from './search/index.js';
