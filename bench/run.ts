/**
 * `npm run bench`: every figure beside its reference measured in the same run, as a table
 * (Markdown, ready for the README) or, with --json, one JSON object. Benchmarks are not tests: they
 * assert nothing, and no test depends on their timings.
 *
 *   node dist/bench/run.js [--json] [--quick] [--only engine,simpy,memory,raft,fuzz,linearizability,recording]
 *   node dist/bench/run.js --vs <other checkout or its dist> [--only engine,raft] [--json] [--quick]
 *
 * Exit codes: 0 done (whether or not a goal is met), 1 a --vs child benchmark failed, 2 bad usage
 * (a --vs path that holds no built bench included).
 */
import { loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULTLINE_VERSION } from '../sim/index.js';
import { engineRow, measureEngine, type EngineSizes } from './groups/engine.js';
import { fuzzRows, type FuzzSizes } from './groups/fuzz.js';
import { linearizabilityRows } from './groups/linearizability.js';
import { memoryRow } from './groups/memory.js';
import { raftRows } from './groups/raft.js';
import { recordingRow } from './groups/recording.js';
import { measureSimpy, simpyRow } from './groups/simpy.js';
import type { BenchRow } from './rows.js';
import { formatTable } from './table.js';
import { compareBuilds, resolveBuild, VS_FULL_SIZES, VS_QUICK_SIZES, VsChildError, VsUsageError, type VsGroup, type VsReport } from './vs.js';

export const GROUPS = ['engine', 'simpy', 'memory', 'raft', 'fuzz', 'linearizability', 'recording'] as const;
export type Group = (typeof GROUPS)[number];

export interface BenchSizes {
  engine: EngineSizes;
  simpyEvents: number;
  raftVirtualMs: number;
  fuzz: FuzzSizes;
  /** Histories per linearizability group (Infinity: all). */
  historiesPerGroup: number;
  memoryEvents: number;
  recording: { scenario: string; timeMs: number; rounds: number }[];
}

export const FULL_SIZES: BenchSizes = {
  engine: { events: 2_000_000, rounds: 9, nodes: 100, timersPerNode: 10 },
  simpyEvents: 1_000_000,
  raftVirtualMs: 3_600_000,
  // Long enough that each worker process's JIT warm-up (~0.7 s of compiling for raft-kv) is a small share, as in a CI fuzz job.
  fuzz: { seeds: { 'rpc-at-most-once': 4000, 'raft-kv': 2500 }, rounds: 3 },
  historiesPerGroup: Infinity,
  memoryEvents: 10_000_000,
  recording: [
    { scenario: 'broadcast-gossip', timeMs: 120_000, rounds: 3 },
    { scenario: 'raft-kv', timeMs: 120_000, rounds: 3 },
  ],
};

/** Tiny sizes: every code path runs in a few seconds (the smoke test uses these). */
export const QUICK_SIZES: BenchSizes = {
  engine: { events: 20_000, rounds: 1, nodes: 10, timersPerNode: 2 },
  simpyEvents: 2_000,
  raftVirtualMs: 1_000,
  fuzz: { seeds: { 'rpc-at-most-once': 2 }, rounds: 1 },
  historiesPerGroup: 1,
  memoryEvents: 5_000,
  recording: [{ scenario: 'broadcast-gossip', timeMs: 500, rounds: 1 }],
};

export interface BenchReport {
  version: string;
  node: string;
  cpus: number;
  /** 1-minute load average when the run started and ended: this machine may be shared. */
  loadAverage: { start: number; end: number };
  rows: BenchRow[];
}

/** test/oracles in the repository (from dist/bench/ or bench/): the bench reads nothing outside it. */
export function defaultOraclesDir(): string {
  if (process.env.FAULTLINE_ORACLES) return process.env.FAULTLINE_ORACLES;
  let dir = dirname(fileURLToPath(import.meta.url));
  if (dir.endsWith(join('dist', 'bench'))) dir = resolve(dir, '..', '..');
  else dir = resolve(dir, '..');
  return resolve(dir, 'test', 'oracles');
}

export async function runBench(groups: readonly Group[], sizes: BenchSizes, log: (line: string) => void = () => {}, oracles = defaultOraclesDir()): Promise<BenchReport> {
  const loadStart = loadavg()[0] as number;
  const rows: BenchRow[] = [];
  const want = new Set(groups);
  let engineRate: number | undefined;
  if (want.has('engine') || want.has('simpy')) {
    log('engine: no-op loop vs bare heap loop');
    const figures = measureEngine(sizes.engine);
    engineRate = figures.engineEventsPerSecond;
    if (want.has('engine')) rows.push(engineRow(figures, sizes.engine));
  }
  if (want.has('simpy')) {
    log('simpy: the same loop in SimPy 2');
    const pending = sizes.engine.nodes * sizes.engine.timersPerNode;
    rows.push(simpyRow(engineRate as number, measureSimpy(pending, sizes.simpyEvents, Math.max(1, Math.min(3, sizes.engine.rounds)))));
  }
  // Before the big runs: the child's figure should not sit on top of a large parent.
  if (want.has('memory')) {
    log('memory: long run with a streamed trace, in a child process');
    rows.push(memoryRow(sizes.memoryEvents));
  }
  if (want.has('raft')) {
    log('raft: raft-kv for one virtual hour');
    rows.push(...raftRows(sizes.raftVirtualMs));
  }
  if (want.has('fuzz')) {
    log('fuzz: 1 and 2 workers');
    rows.push(...(await fuzzRows(sizes.fuzz)));
  }
  if (want.has('linearizability')) {
    log(`linearizability: histories in ${oracles}`);
    rows.push(...linearizabilityRows(oracles, sizes.historiesPerGroup));
  }
  if (want.has('recording')) {
    log('recording: immer state history vs fast mode');
    for (const { scenario, timeMs, rounds } of sizes.recording) rows.push(recordingRow(scenario, timeMs, rounds));
  }
  return {
    version: FAULTLINE_VERSION,
    node: process.version,
    cpus: cpus().length,
    loadAverage: { start: loadStart, end: loadavg()[0] as number },
    rows,
  };
}

class BenchUsageError extends Error {}

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  groups: Group[];
  /** --vs: the other build's path (only the engine and raft groups are compared). */
  vs?: string;
}

const VS_GROUPS: readonly Group[] = ['engine', 'raft'];

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let json = false;
  let quick = false;
  let only: Group[] | undefined;
  let vs: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--quick') quick = true;
    else if (arg === '--only') {
      const list = (args[++i] ?? '').split(',').filter(Boolean);
      const unknown = list.filter((group) => !(GROUPS as readonly string[]).includes(group));
      if (list.length === 0 || unknown.length > 0) throw new BenchUsageError(`--only expects a comma-separated list of ${GROUPS.join(', ')}; got "${args[i] ?? ''}"`);
      only = list as Group[];
    } else if (arg === '--vs') {
      vs = args[++i];
      if (!vs) throw new BenchUsageError('--vs expects the path of another faultline checkout or its dist/');
    } else throw new BenchUsageError(`unknown option "${arg}"; usage: run.js [--json] [--quick] [--only ${GROUPS.join(',')}] [--vs <other checkout>]`);
  }
  if (vs === undefined) return { json, quick, groups: only ?? [...GROUPS] };
  const notCompared = (only ?? []).filter((group) => !VS_GROUPS.includes(group));
  if (notCompared.length > 0) throw new BenchUsageError(`--vs compares the ${VS_GROUPS.join(' and ')} groups only; got --only ${(only ?? []).join(',')}`);
  return { json, quick, groups: only ?? [...VS_GROUPS], vs };
}

/** This build: the dist/ this module runs from (or, from the TypeScript sources, the repository's dist/). */
export function thisBuildPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** --vs: both builds' engine and raft figures side by side. Returns the exit code. */
function mainVs(options: BenchOptions & { vs: string }, log: (line: string) => void): number {
  let report: VsReport;
  try {
    const other = resolveBuild(options.vs);
    const self = resolveBuild(thisBuildPath());
    const loadStart = loadavg()[0] as number;
    report = compareBuilds(self, other, options.groups as VsGroup[], options.quick ? VS_QUICK_SIZES : VS_FULL_SIZES, log);
    const loadEnd = loadavg()[0] as number;
    if (options.json) {
      process.stdout.write(JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: { start: loadStart, end: loadEnd }, ...report }, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(
      `faultline ${report.this.version} (${report.this.dist}) vs ${report.other.version} (${report.other.dist}), ${report.rounds} interleaved rounds, ` +
        `Node ${process.version}, ${cpus().length} CPUs, load average ${loadStart.toFixed(1)} → ${loadEnd.toFixed(1)}\n\n`,
    );
    process.stdout.write(formatTable(report.rows) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof VsUsageError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    if (error instanceof VsChildError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const log = options.json ? () => {} : (line: string) => process.stderr.write(`… ${line}\n`);
  if (options.vs !== undefined) {
    process.exitCode = mainVs({ ...options, vs: options.vs }, log);
    return;
  }
  const report = await runBench(options.groups, options.quick ? QUICK_SIZES : FULL_SIZES, log);
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  process.stdout.write(`faultline ${report.version}, Node ${report.node}, ${report.cpus} CPUs, load average ${report.loadAverage.start.toFixed(1)} → ${report.loadAverage.end.toFixed(1)}\n\n`);
  process.stdout.write(formatTable(report.rows) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
