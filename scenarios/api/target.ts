import { fileURLToPath } from 'node:url';
import { isScenario, loadScenario, looksLikeModulePath, scenarioSourceFromPath, UsageError, type FuzzTarget, type Scenario, type ScenarioSource } from '../../sim/index.js';
import { findScenario } from '../registry.js';

/** A scenario as the library and CLI accept it: a registered name, a module path, a source, or the object itself. */
export type ScenarioInput = string | Scenario | ScenarioSource;

// Worker processes load the registry module by URL and pick the scenario by name.
const REGISTRY_MODULE = new URL('../registry.js', import.meta.url).href;

/**
 * Resolves what to run and what repros should call it. A named scenario or a module can run on
 * worker processes; a Scenario object can only run in the calling thread.
 */
export async function resolveTarget(input: ScenarioInput, cwd = process.cwd()): Promise<FuzzTarget> {
  if (isScenario(input)) return { scenario: input, ref: input.name };
  if (typeof input === 'object') {
    const scenario = await loadScenario(input);
    const path = input.module.startsWith('file:') ? fileURLToPath(input.module) : input.module;
    return { scenario, ref: input.name ? `${path}#${input.name}` : path, source: input };
  }
  const named = findScenario(input);
  if (named) return { scenario: named, ref: named.name, source: { module: REGISTRY_MODULE, name: named.name } };
  if (looksLikeModulePath(input)) {
    const source = scenarioSourceFromPath(input, cwd);
    return { scenario: await loadScenario(source), ref: input, source };
  }
  throw new UsageError(`unknown scenario "${input}"; run 'faultline list' to see them, or give a .js/.mjs module path`);
}
