import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeSeed, UsageError, type RunOptions } from './scenario.js';
import { formatDurationMs } from './time.js';
import { FAULTLINE_VERSION } from './version.js';

/**
 * The repro of a run: one value that names the scenario and holds every option that decides the
 * run. Trace headers, fuzz reports, corpus files, export's re-run and the printed command all carry
 * it whole; this file is the only place that converts it to and from options, flags and files.
 */

/** RunOptions that change how a run is observed or bounded in wall time, never what happens in it. */
const OBSERVATION_KEYS = ['record', 'trace', 'wallBudgetMs', 'keepFingerprints'] as const;
type ObservationKey = (typeof OBSERVATION_KEYS)[number];

/**
 * Derived from RunOptions, so an option added there is a repro field at once (and carried by
 * `reproOf` and `runOptionsOf` without a line changed here).
 */
export type Repro = Omit<RunOptions, 'seed' | ObservationKey> & {
  /** A registered scenario name or a module reference (`path.js`, `path.js#export`). */
  scenario: string;
  seed: string;
};

/** The repro of a run of `scenario` (name or module reference) with these options. */
export function reproOf(scenario: string, options: RunOptions): Repro {
  const deciding: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || (OBSERVATION_KEYS as readonly string[]).includes(key)) continue;
    deciding[key] = Array.isArray(value) ? [...value] : value;
  }
  return { ...deciding, scenario, seed: normalizeSeed(options.seed) } as Repro;
}

/** The run options a repro stands for (every field but the scenario reference). */
export function runOptionsOf(repro: Repro): RunOptions {
  const { scenario: _scenario, ...options } = repro;
  return options as RunOptions;
}

/** Quoted for a POSIX shell unless every character is inert there (`>` redirects, so a link id is quoted; a leading `#` starts a comment). */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-][\w@%+=:,./#-]*$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const list = (ids: readonly string[]): string => (ids.length > 0 ? shellQuote(ids.join(',')) : 'none');

/** Each field's flag. A field without one (a newer option) makes `reproArgs` return undefined. */
const FLAGS: Record<string, (value: never, defaultTimeMs: number | undefined) => string[]> = {
  scenario: () => [],
  seed: (seed: string) => ['--seed', seed],
  timeMs: (timeMs: number, defaultTimeMs) => (timeMs === defaultTimeMs ? [] : ['--time', formatDurationMs(timeMs)]),
  faults: (spec: string) => ['--faults', shellQuote(spec)],
  swarm: (swarm: boolean) => (swarm ? ['--swarm'] : []),
  beyond: (kinds: string[]) => (kinds.length > 0 ? ['--beyond', shellQuote(kinds.join(','))] : []),
  // `random` is what a run without a strategy does.
  strategy: (strategy: string) => (strategy === 'random' ? [] : ['--strategy', shellQuote(strategy)]),
  mask: (ids: string[]) => (ids.length > 0 ? ['--mask', list(ids)] : []),
  onlyFaults: (ids: string[]) => ['--only-faults', list(ids)],
  size: (size: Record<string, number>) => (Object.keys(size).length > 0 ? ['--size', Object.entries(size).map(([k, v]) => `${k}=${v}`).join(',')] : []),
  maxEvents: (maxEvents: number) => ['--max-events', String(maxEvents)],
};

/** The repro as `faultline replay` arguments (after `replay`), or undefined when a field has no flag. */
export function reproArgs(repro: Repro, defaultTimeMs?: number): string[] | undefined {
  const args = [shellQuote(repro.scenario)];
  for (const [key, value] of Object.entries(repro)) {
    if (value === undefined) continue;
    const flag = FLAGS[key];
    if (!flag) return undefined;
    args.push(...flag(value as never, defaultTimeMs));
  }
  return args;
}

/** The longest repro command printed; a longer repro goes to a repro file. */
export const MAX_REPRO_COMMAND = 200;

/**
 * The whole repro as one `faultline replay` command, however long (for reports and library results).
 * A repro with a field that has no flag is named by its JSON, which `replay` also accepts in a file.
 */
export function reproCommand(repro: Repro, defaultTimeMs?: number): string {
  const args = reproArgs(repro, defaultTimeMs);
  return args ? `faultline replay ${args.join(' ')}` : `faultline replay ${shellQuote(reproFileName(repro))} # ${JSON.stringify(repro)}`;
}

/** True when the command is short enough to print and carries every field. */
export function reproFitsCommand(repro: Repro, defaultTimeMs?: number, extra = ''): boolean {
  const args = reproArgs(repro, defaultTimeMs);
  return args !== undefined && `faultline replay ${args.join(' ')}${extra}`.length <= MAX_REPRO_COMMAND;
}

/** `<scenario>-seed<N>.repro.json`, the scenario's module path reduced to its file name. */
export function reproFileName(repro: Repro): string {
  const base = repro.scenario.replace(/#.*$/, '').replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '');
  const exported = repro.scenario.includes('#') ? repro.scenario.slice(repro.scenario.indexOf('#') + 1) : base;
  const name = exported === base ? base : `${base}-${exported}`;
  return `${name.replace(/[^\w.-]/g, '_')}-seed${repro.seed}.repro.json`;
}

export const REPRO_FILE_SUFFIX = '.repro.json';

/** Writes the repro to `<dir>/<scenario>-seed<N>.repro.json` and returns the path. */
export function writeReproFile(repro: Repro, dir: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, reproFileName(repro));
  try {
    writeFileSync(path, JSON.stringify({ faultlineRepro: 1, repro, ...extra }, null, 2) + '\n');
  } catch (error) {
    throw new UsageError(`cannot write repro file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return path;
}

/** A repro file's repro and (when it was written with one) the digest its run gave. */
export function readReproFile(path: string): { repro: Repro; digest?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read repro file ${path}: ${code ?? (error as Error).message}`);
  }
  // A repro file holds `repro`; a fuzz corpus entry holds the same value as `reproValue`.
  const holder = parsed as { repro?: unknown; reproValue?: unknown } | null;
  const repro = isRepro(holder?.repro) ? holder?.repro : holder?.reproValue;
  if (!isRepro(repro)) throw new UsageError(`${path} is not a faultline repro file (it needs a "repro" object with "scenario" and "seed")`);
  const digest = (parsed as { digest?: unknown }).digest;
  return { repro: { ...repro, seed: normalizeSeed(repro.seed) }, ...(typeof digest === 'string' ? { digest } : {}) };
}

export function isRepro(value: unknown): value is Repro {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { scenario?: unknown; seed?: unknown };
  return typeof candidate.scenario === 'string' && (typeof candidate.seed === 'string' || typeof candidate.seed === 'number');
}

/**
 * The repro a trace was recorded from: the header's `repro`, or for traces written before it
 * existed, the scenario, seed and `options` fields (and the kept faults its config names).
 */
export function reproOfTraceHeader(header: Record<string, unknown>): Repro | undefined {
  if (isRepro(header.repro)) {
    // The header names the run twice (for readers of older traces); a header whose two halves differ was edited.
    if (typeof header.seed !== 'string' && typeof header.seed !== 'number') return undefined;
    const named = typeof header.scenarioRef === 'string' ? header.scenarioRef : header.scenario;
    if (named !== header.repro.scenario || String(header.seed) !== String(header.repro.seed)) {
      throw new UsageError(`the trace header was edited: it names scenario "${String(named)}" seed ${String(header.seed)}, but its repro names "${header.repro.scenario}" seed ${String(header.repro.seed)}`);
    }
    return { ...header.repro, seed: String(header.repro.seed) };
  }
  const ref = typeof header.scenarioRef === 'string' ? header.scenarioRef : header.scenario;
  if (typeof ref !== 'string' || (typeof header.seed !== 'string' && typeof header.seed !== 'number')) return undefined;
  const recorded = (header.options ?? {}) as Record<string, unknown>;
  const onlyFaults = recorded.onlyFaults ?? (header.config as { onlyFaults?: unknown } | undefined)?.onlyFaults;
  return {
    scenario: ref,
    seed: String(header.seed),
    ...(typeof recorded.timeMs === 'number' ? { timeMs: recorded.timeMs } : {}),
    ...(typeof recorded.faults === 'string' ? { faults: recorded.faults } : {}),
    ...(recorded.swarm === true ? { swarm: true } : {}),
    ...(Array.isArray(recorded.mask) ? { mask: recorded.mask.map(String) } : {}),
    ...(Array.isArray(onlyFaults) ? { onlyFaults: onlyFaults.map(String) } : {}),
    ...(typeof recorded.strategy === 'string' ? { strategy: recorded.strategy } : {}),
  };
}

/**
 * A trace file's header: the repro whole (what a re-run needs), the scenario's own name, and the
 * derived config. `options` repeats the repro's run options for readers of older traces.
 */
export function traceHeader(scenarioName: string, repro: Repro, config: unknown): Record<string, unknown> {
  const { seed: _seed, ...options } = runOptionsOf(repro);
  return {
    version: FAULTLINE_VERSION,
    scenario: scenarioName,
    ...(repro.scenario !== scenarioName ? { scenarioRef: repro.scenario } : {}),
    seed: repro.seed,
    repro,
    options,
    config,
  };
}
