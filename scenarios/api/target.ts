import {
  isScenario,
  loadScenario,
  looksLikeModulePath,
  resolveScenarioReference,
  scenarioOrigin,
  scenarioRef,
  type FuzzTarget,
  type Scenario,
  type ScenarioCatalog,
  type ScenarioSource,
} from '../../sim/index.js';
import { findScenario, scenarioModuleOf, SCENARIOS } from '../registry.js';

/** A scenario as the library and CLI accept it: a registered name, a module reference, a source, or the object itself. */
export type ScenarioInput = string | Scenario | ScenarioSource;

/** A module reference as a string literal type, so `runScenario('./x.ts#name', …)` is typed as a Promise. */
export type ModuleReference = `${string}.${'js' | 'mjs' | 'cjs' | 'ts' | 'mts' | 'cts'}` | `${string}.${'js' | 'mjs' | 'cjs' | 'ts' | 'mts' | 'cts'}#${string}`;


/** faultline's named scenarios, as the resolver sees them. */
export const REGISTRY: ScenarioCatalog = {
  find(name) {
    const scenario = findScenario(name);
    // Worker processes load the scenario's own module by URL and pick the scenario by name.
    const module = scenario && scenarioModuleOf(scenario);
    return scenario && module ? { scenario, ref: scenario.name, source: { module, name: scenario.name } } : undefined;
  },
};

/**
 * Resolves what to run, what repros call it, and where worker processes load it from. A registered
 * name or a module reference goes through the one resolver (resolveScenarioReference). A Scenario
 * object runs in the calling process; its repros name its module when it has one (defineScenario).
 */
export async function resolveTarget(input: ScenarioInput, cwd = process.cwd()): Promise<FuzzTarget> {
  if (isScenario(input)) return { scenario: input, ref: objectRef(input, cwd) };
  if (typeof input === 'object') {
    const scenario = await loadScenario(input);
    return { scenario, ref: scenarioRef(scenario, cwd), source: input };
  }
  return resolveScenarioReference(input, cwd, REGISTRY);
}

/** A registered scenario's name, else its module reference (defineScenario), else its bare name. */
function objectRef(scenario: Scenario, cwd: string): string {
  return SCENARIOS.includes(scenario) ? scenario.name : scenarioRef(scenario, cwd);
}

/** True when a repro naming this scenario would load it: it is registered, or its module is known. */
export function isReplayable(scenario: Scenario): boolean {
  return SCENARIOS.includes(scenario) || scenarioOrigin(scenario) !== undefined;
}

/** A string that is not a registered name but a module file: the library loads it asynchronously. */
export function isModuleInput(input: string | Scenario): input is string {
  return typeof input === 'string' && findScenario(input) === undefined && looksLikeModulePath(input);
}

/** What repros call a scenario object (see resolveTarget). */
export function refOf(scenario: Scenario, cwd = process.cwd()): string {
  return objectRef(scenario, cwd);
}
