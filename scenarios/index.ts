/**
 * The library entry point (`import { runScenario } from 'faultline'`): the named scenarios and a
 * run API on top of the engine. Engine types are re-exported for people writing their own scenarios.
 */
import {
  isScenario,
  runFuzz,
  runScenarioOnce,
  shrinkFailure,
  type FuzzOptions,
  type FuzzReport,
  type RunOptions,
  type RunResult,
  type RunSuccess,
  type Scenario,
  type ShrinkOptions,
  type ShrinkResult,
  UsageError,
} from '../sim/index.js';
import { FaultlineFailure, fuzzFailureMessage, runFailureMessage } from './api/assert.js';
import { isModuleInput, isReplayable, resolveTarget, type ModuleReference, type ScenarioInput } from './api/target.js';
import { findScenario, SCENARIOS } from './registry.js';

export * from '../sim/index.js';
export { findScenario, SCENARIOS } from './registry.js';
export { FaultlineFailure, fuzzFailureMessage, runFailureMessage } from './api/assert.js';
export { isReplayable, REGISTRY, resolveTarget, type ModuleReference, type ScenarioInput } from './api/target.js';

/** A registered name or a Scenario object, synchronously (module references load with resolveTarget). */
export function resolveScenario(scenario: string | Scenario): Scenario {
  if (typeof scenario !== 'string') return scenario;
  const found = findScenario(scenario);
  if (!found) throw new UsageError(`unknown scenario "${scenario}"; run 'faultline list' to see them, or load a module with resolveTarget('./path.js')`);
  return found;
}

/**
 * Runs a scenario on one seed and returns the result value. A registered name or a Scenario object
 * runs at once; a module reference (`./src/scenarios.ts#name`) is imported first, so it gives a Promise.
 */
export function runScenario(scenario: ModuleReference, options: RunOptions): Promise<RunResult>;
export function runScenario(scenario: string | Scenario, options: RunOptions): RunResult;
export function runScenario(scenario: string | Scenario, options: RunOptions): RunResult | Promise<RunResult> {
  if (isModuleInput(scenario)) return resolveTarget(scenario).then((target) => runScenarioOnce(target.scenario, options));
  return runScenarioOnce(resolveScenario(scenario), options);
}

export const scenarioNames = (): string[] => SCENARIOS.map((scenario) => scenario.name);

function successOrThrow(result: RunResult, scenario?: Scenario): RunSuccess {
  if (!result.ok) throw new FaultlineFailure(runFailureMessage(result) + unreplayableNote(scenario), result);
  return result;
}

/** A repro that names a scenario only this process knows cannot be replayed: say how to fix that. */
function unreplayableNote(scenario: string | Scenario | ScenarioInput | undefined): string {
  if (scenario === undefined || typeof scenario === 'string' || !isScenario(scenario) || isReplayable(scenario)) return '';
  return `\n  note: "${scenario.name}" is a Scenario object faultline cannot load by name; declare it with defineScenario(import.meta.url, { … }) and export it, so the repro names its module`;
}

/**
 * Runs one seed and returns the success; a failure throws a FaultlineFailure whose message is the
 * violation and the repro. A module reference gives a Promise (as runScenario does).
 */
export function assertScenario(scenario: ModuleReference, options: RunOptions): Promise<RunSuccess>;
export function assertScenario(scenario: string | Scenario, options: RunOptions): RunSuccess;
export function assertScenario(scenario: string | Scenario, options: RunOptions): RunSuccess | Promise<RunSuccess> {
  if (isModuleInput(scenario)) return runScenario(scenario as ModuleReference, options).then((result) => successOrThrow(result));
  return successOrThrow(runScenario(scenario, options), typeof scenario === 'string' ? undefined : scenario);
}

/**
 * Fuzzes a scenario over a seed range and returns the report. A registered name or a module
 * reference (`./src/scenarios.ts#name`) runs on worker processes; a Scenario object runs in the
 * calling process (its repros name its module when it was made with defineScenario).
 */
export async function fuzz(scenario: ScenarioInput, options: FuzzOptions): Promise<FuzzReport> {
  return runFuzz(await resolveTarget(scenario), options);
}

/** Like fuzz, but throws a FaultlineFailure listing each failure group's smallest seed and repro. */
export async function assertFuzz(scenario: ScenarioInput, options: FuzzOptions): Promise<FuzzReport> {
  const report = await fuzz(scenario, options);
  if (report.failed > 0) throw new FaultlineFailure(fuzzFailureMessage(report) + unreplayableNote(scenario), report);
  return report;
}

/**
 * Shrinks a failing seed to the fewest faults (and shortest run, smallest workload) that still fail
 * the same checker. A registered name or a module path shrinks on worker processes.
 */
export async function shrink(scenario: ScenarioInput, options: RunOptions, shrinkOptions: ShrinkOptions = {}): Promise<ShrinkResult> {
  const target = await resolveTarget(scenario);
  return shrinkFailure(target.scenario, options, { scenarioRef: target.ref, ...(target.source ? { source: target.source } : {}), ...shrinkOptions });
}
