import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './scenario.js';

/**
 * Where a scenario was defined, so that every repro names something `faultline replay` can load.
 * The key is a registry symbol (Symbol.for): a scenario module that imports another copy of
 * faultline (the CLI's, a test runner's) still marks objects this copy can read.
 */
const ORIGIN = Symbol.for('faultline.scenarioOrigin');
// Frozen scenario objects cannot take a property; this copy remembers them here instead.
const frozenOrigins = new WeakMap<Scenario, string>();

/**
 * Declares a scenario and records the module it lives in: `defineScenario(import.meta.url, { … })`.
 * The module URL is passed rather than read from a stack trace, because a stack names whatever file
 * ran (a bundle, a test runner's transformed copy, a source-mapped path) and this does not.
 * Repros then read `faultline replay ./src/scenarios.ts#<name> --seed 4`.
 */
export function defineScenario<S extends Scenario>(moduleUrl: string, scenario: S): S {
  if (typeof moduleUrl !== 'string' || !/^(?:file:|\/)/.test(moduleUrl)) {
    throw new TypeError(`defineScenario(import.meta.url, scenario): the first argument must be the module's import.meta.url, got ${JSON.stringify(moduleUrl)}`);
  }
  recordOrigin(scenario, moduleUrl);
  return scenario;
}

/** Marks a scenario with the module it came from, unless it already knows (defineScenario wins). */
export function recordOrigin(scenario: Scenario, moduleUrl: string): void {
  if (scenarioOrigin(scenario) !== undefined) return;
  if (Object.isExtensible(scenario)) {
    // Not enumerable: a spread copy ({ ...base, name: 'other' }) is another scenario and must not inherit it.
    Object.defineProperty(scenario, ORIGIN, { value: moduleUrl, enumerable: false });
  } else {
    frozenOrigins.set(scenario, moduleUrl);
  }
}

/** The module URL a scenario was defined in or loaded from, if known. */
export function scenarioOrigin(scenario: Scenario): string | undefined {
  const own = (scenario as unknown as Record<symbol, unknown>)[ORIGIN];
  return typeof own === 'string' ? own : frozenOrigins.get(scenario);
}

/** A module path as a person types it: relative to `cwd` (`./src/x.ts`), absolute when outside it. */
export function displayModulePath(moduleUrl: string, cwd: string): string {
  const absolute = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  const path = relative(cwd, absolute);
  if (path === '' || isAbsolute(path) || path.startsWith('..')) return absolute.split(sep).join('/');
  const posix = path.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}

/**
 * What a repro calls a scenario: `./path/module.ts#name` when its module is known, else its name
 * (a registered scenario's name is loadable as it is).
 */
export function scenarioRef(scenario: Scenario, cwd = process.cwd()): string {
  const origin = scenarioOrigin(scenario);
  return origin === undefined ? scenario.name : `${displayModulePath(origin, cwd)}#${scenario.name}`;
}
