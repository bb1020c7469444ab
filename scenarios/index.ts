/**
 * The library entry point (`import { runScenario } from 'faultline'`): the named scenarios and a
 * run API on top of the engine. Engine types are re-exported for people writing their own scenarios.
 */
import { runScenarioOnce, type RunOptions, type RunResult, type Scenario, UsageError } from '../sim/index.js';
import { findScenario, SCENARIOS } from './registry.js';

export * from '../sim/index.js';
export { findScenario, SCENARIOS } from './registry.js';

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
