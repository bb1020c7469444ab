import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError, type Scenario } from '../scenario.js';
import { recordOrigin, scenarioRef } from '../scenario-origin.js';
import { importModule } from './module-loader.js';
import { staleBuildSource } from './stale-build.js';

/**
 * Where a worker process finds a scenario: an ES module (file URL) and, when the module holds
 * several, the scenario's name or export name. A Scenario object cannot cross a process boundary;
 * its module can.
 */
export interface ScenarioSource {
  /** A file: URL (or absolute path) of an ES module exporting scenarios. */
  module: string;
  name?: string;
}

/** A resolved scenario reference: the object, what repros call it, and where workers load it from. */
export interface ResolvedScenario {
  scenario: Scenario;
  /** A registered name, or a module reference relative to the cwd (`./src/scenarios.ts#name`). */
  ref: string;
  source?: ScenarioSource;
}

/** The named scenarios a program knows (faultline's registry); the engine itself knows none. */
export interface ScenarioCatalog {
  find(name: string): ResolvedScenario | undefined;
}

/** One scenario a module exports: the export's name and the scenario. */
export interface ModuleScenario {
  exportName: string;
  scenario: Scenario;
}

export function isScenario(value: unknown): value is Scenario {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Scenario>;
  return typeof candidate.name === 'string' && typeof candidate.setup === 'function' && typeof candidate.defaultTimeMs === 'number';
}

const MODULE_FILE = /\.(?:c|m)?[jt]sx?$/;

/** True when a reference names a module file (`./x.mjs`, `src/x.ts#name`) rather than a registered scenario. */
export function looksLikeModulePath(argument: string): boolean {
  const path = splitRef(argument).path;
  return MODULE_FILE.test(path) || path.includes('/') || path.includes('\\');
}

function splitRef(argument: string): { path: string; name: string | undefined } {
  const hash = argument.lastIndexOf('#');
  return hash > 0 ? { path: argument.slice(0, hash), name: argument.slice(hash + 1) || undefined } : { path: argument, name: undefined };
}

/** `path/to/file.ts#name` → a source; relative paths resolve against `cwd`. */
export function scenarioSourceFromPath(argument: string, cwd: string): ScenarioSource {
  const { path, name } = splitRef(argument);
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(absolute)) throw new UsageError(`scenario module ${path} does not exist (give a registered name, or a .js/.mjs/.ts file relative to ${cwd})`);
  if (!statSync(absolute).isFile()) throw new UsageError(`scenario module ${path} is not a file (give a .js/.mjs/.ts file, optionally with #name)`);
  return { module: pathToFileURL(absolute).href, ...(name ? { name } : {}) };
}

function moduleUrl(module: string): string {
  return module.startsWith('file:') ? module : pathToFileURL(module).href;
}

/** The module as a person would name it (a path, not a URL). */
function shown(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : module;
}

function candidatesOf(exports: Record<string, unknown>): ModuleScenario[] {
  const found: ModuleScenario[] = [];
  for (const [exportName, value] of Object.entries(exports)) {
    if (isScenario(value)) found.push({ exportName, scenario: value });
    else if (Array.isArray(value)) for (const item of value) if (isScenario(item)) found.push({ exportName, scenario: item });
  }
  return found;
}

async function importScenarioModule(module: string): Promise<Record<string, unknown>> {
  try {
    return await importModule(moduleUrl(module));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot load scenario module ${shown(module)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Every scenario a module exports, each once (the default export only when it is not also named). */
export async function moduleScenarios(module: string): Promise<ModuleScenario[]> {
  const url = moduleUrl(module);
  const seen = new Set<Scenario>();
  const unique: ModuleScenario[] = [];
  for (const candidate of candidatesOf(await importScenarioModule(url)).sort((a, b) => Number(a.exportName === 'default') - Number(b.exportName === 'default'))) {
    if (seen.has(candidate.scenario)) continue;
    seen.add(candidate.scenario);
    recordOrigin(candidate.scenario, url);
    unique.push(candidate);
  }
  return unique;
}

/** Imports a scenario module and picks the scenario (by scenario name, export name, the default export, or the only one). */
export async function loadScenario(source: ScenarioSource): Promise<Scenario> {
  const candidates = await moduleScenarios(source.module);
  const where = shown(source.module);
  if (source.name !== undefined) {
    const byName = candidates.filter((c) => c.scenario.name === source.name);
    if (byName.length === 1) return byName[0]!.scenario;
    const byExport = candidates.find((c) => c.exportName === source.name);
    if (byExport) return byExport.scenario;
    if (byName.length > 1) throw new UsageError(`scenario module ${where} has ${byName.length} scenarios named "${source.name}"; give each its own name, or pick one by export (${byName.map((c) => c.exportName).join(', ')})`);
    throw new UsageError(`scenario module ${where} has no scenario named "${source.name}" (it has: ${names(candidates)})`);
  }
  if (candidates.length === 1) return candidates[0]!.scenario;
  const byDefault = candidates.find((c) => c.exportName === 'default');
  if (byDefault) return byDefault.scenario;
  if (candidates.length === 0) throw new UsageError(`scenario module ${where} exports no scenario (an object with name, defaultTimeMs and setup)`);
  throw new UsageError(`scenario module ${where} exports several scenarios; pick one with #name (${names(candidates)})`);
}

function names(candidates: ModuleScenario[]): string {
  return candidates.length === 0 ? 'none' : candidates.map((c) => c.scenario.name).join(', ');
}

/**
 * The one scenario resolver: a registered name (from `catalog`), or a module reference
 * (`path.js`, `path.mjs`, `path.ts`, any of them with `#name` or `#exportName`), relative to `cwd`.
 * Every command and library entry point goes through it, so each accepts the same references, and
 * the returned `ref` is what repros print (relative to `cwd`, naming the scenario).
 */
export async function resolveScenario(ref: string, cwd: string, catalog?: ScenarioCatalog): Promise<ResolvedScenario> {
  const named = catalog?.find(ref);
  if (named) return named;
  if (!looksLikeModulePath(ref)) {
    throw new UsageError(`unknown scenario "${ref}": not a registered name (run 'faultline list') and not a module file (give ./path.js, ./path.ts or ./path.js#name)`);
  }
  const source = scenarioSourceFromPath(ref, cwd);
  const newer = staleBuildSource(fileURLToPath(source.module));
  // A Node warning (stderr, once per process; a program can listen for it): the run still goes ahead.
  if (newer !== undefined) process.emitWarning(`${splitRef(ref).path} is older than ${newer}: rebuild it, or pass the .ts file itself (faultline loads TypeScript directly)`, { code: 'FAULTLINE_STALE_BUILD' });
  const scenario = await loadScenario(source);
  return { scenario, ref: scenarioRef(scenario, cwd), source: { module: source.module, name: source.name ?? scenario.name } };
}

