import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, type Scenario } from '../scenario.js';

/**
 * Where a worker process finds a scenario: a JavaScript module (file URL) and, when the module holds
 * several, the scenario's name. A Scenario object cannot cross a thread boundary; its module can.
 */
export interface ScenarioSource {
  /** A file: URL (or absolute path) of an ES module exporting scenarios. */
  module: string;
  name?: string;
}

export function isScenario(value: unknown): value is Scenario {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Scenario>;
  return typeof candidate.name === 'string' && typeof candidate.setup === 'function' && typeof candidate.defaultTimeMs === 'number';
}

/** True when a CLI argument names a module file (`./my-scenario.mjs`, `dist/x.js#name`) rather than a registered scenario. */
export function looksLikeModulePath(argument: string): boolean {
  return /\.(?:m?js|cjs)(?:#[\w.-]+)?$/.test(argument) || argument.includes('/');
}

/** `path/to/file.mjs#name` → a source; relative paths resolve against `cwd`. */
export function scenarioSourceFromPath(argument: string, cwd: string): ScenarioSource {
  const hash = argument.lastIndexOf('#');
  const path = hash > 0 ? argument.slice(0, hash) : argument;
  const name = hash > 0 ? argument.slice(hash + 1) : undefined;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(absolute)) throw new UsageError(`scenario module ${path} does not exist (give a registered name or a .js/.mjs file)`);
  if (/\.(?:c|m)?ts$/.test(absolute)) throw new UsageError(`scenario module ${path} is TypeScript: fuzz workers load JavaScript, so build it first (tsc) and pass the .js file`);
  return { module: pathToFileURL(absolute).href, ...(name ? { name } : {}) };
}

function moduleUrl(module: string): string {
  return module.startsWith('file:') ? module : pathToFileURL(module).href;
}

/** The module as a person would name it (a path, not a URL). */
function shown(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : module;
}

function candidatesOf(exports: Record<string, unknown>): { key: string; scenario: Scenario }[] {
  const found: { key: string; scenario: Scenario }[] = [];
  for (const [key, value] of Object.entries(exports)) {
    if (isScenario(value)) found.push({ key, scenario: value });
    else if (Array.isArray(value)) for (const item of value) if (isScenario(item)) found.push({ key, scenario: item });
  }
  return found;
}

/** Imports a scenario module and picks the scenario (by name, the default export, or the only one). */
export async function loadScenario(source: ScenarioSource): Promise<Scenario> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(moduleUrl(source.module))) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`cannot load scenario module ${shown(source.module)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const candidates = candidatesOf(exports);
  if (source.name !== undefined) {
    const match = candidates.find((c) => c.scenario.name === source.name) ?? candidates.find((c) => c.key === source.name);
    if (match) return match.scenario;
    throw new UsageError(`scenario module ${shown(source.module)} has no scenario named "${source.name}" (it has: ${names(candidates)})`);
  }
  if (isScenario(exports.default)) return exports.default;
  const unique = [...new Set(candidates.map((c) => c.scenario))];
  if (unique.length === 1) return unique[0] as Scenario;
  if (unique.length === 0) throw new UsageError(`scenario module ${shown(source.module)} exports no scenario (an object with name, defaultTimeMs and setup)`);
  throw new UsageError(`scenario module ${shown(source.module)} exports several scenarios; pick one with #name (${names(candidates)})`);
}

function names(candidates: { scenario: Scenario }[]): string {
  return candidates.length === 0 ? 'none' : [...new Set(candidates.map((c) => c.scenario.name))].join(', ');
}
