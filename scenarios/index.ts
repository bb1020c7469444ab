/**
 * The library entry point (`import { runScenario } from 'faultline'`): the named scenarios and a
 * run API on top of the engine. Engine types are re-exported for people writing their own scenarios.
 */
import {
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
import { resolveTarget, type ScenarioInput } from './api/target.js';
import { findScenario, SCENARIOS } from './registry.js';

export * from '../sim/index.js';
export { findScenario, SCENARIOS } from './registry.js';
export { FaultlineFailure, fuzzFailureMessage, runFailureMessage } from './api/assert.js';
export { resolveTarget, type ScenarioInput } from './api/target.js';

export function resolveScenario(scenario: string | Scenario): Scenario {
  if (typeof scenario !== 'string') return scenario;
  const found = findScenario(scenario);
  if (!found) throw new UsageError(`unknown scenario "${scenario}"; run 'faultline list' to see them`);
  return found;
}

/** Runs a scenario (by name or definition) on one seed and returns the result value. */
export function runScenario(scenario: string | Scenario, options: RunOptions): RunResult {
  return runScenarioOnce(resolveScenario(scenario), options);
}

export const scenarioNames = (): string[] => SCENARIOS.map((scenario) => scenario.name);

/** Runs one seed and returns the success; a failure throws a FaultlineFailure whose message is the violation and the repro. */
export function assertScenario(scenario: string | Scenario, options: RunOptions): RunSuccess {
  const result = runScenario(scenario, options);
  if (!result.ok) throw new FaultlineFailure(runFailureMessage(result), result);
  return result;
}

/**
 * Fuzzes a scenario over a seed range on worker processes and returns the report. A registered name
 * or a module path (`./my-scenario.mjs`) runs on workers; a Scenario object runs in the calling thread.
 */
export async function fuzz(scenario: ScenarioInput, options: FuzzOptions): Promise<FuzzReport> {
  return runFuzz(await resolveTarget(scenario), options);
}

/** Like fuzz, but throws a FaultlineFailure listing each failure group's smallest seed and repro. */
export async function assertFuzz(scenario: ScenarioInput, options: FuzzOptions): Promise<FuzzReport> {
  const report = await fuzz(scenario, options);
  if (report.failed > 0) throw new FaultlineFailure(fuzzFailureMessage(report), report);
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
