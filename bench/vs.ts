/**
 * `--vs <other build>`: the engine and raft-kv figures of this build and another, measured in the
 * same run. Each figure comes from a child process running that build's own bench code (its
 * `bench/run.js --only engine --json` and `bench/raft-child.js`), so neither build measures the
 * other with its own driver. The builds alternate within each round and swap who goes first from
 * one round to the next, so a burst of load elsewhere hits both alike; the medians are compared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { median } from './measure.js';
import type { BenchRow } from './rows.js';

/** The files of a build's dist/ that --vs runs. */
const NEEDED = ['bench/run.js', 'bench/raft-child.js'];

/** The largest ratio loss either figure may show against the other build (issue 12: 5%). */
export const VS_MIN_RATIO = 0.95;

export class VsUsageError extends Error {}
export class VsChildError extends Error {}

export interface Build {
  /** The dist/ directory whose bench code runs. */
  dist: string;
  /** package.json's version beside that dist/, or "?" when there is none. */
  version: string;
}

/** A checkout (holding dist/) or a dist/ itself, when it holds a built bench; else a VsUsageError. */
export function resolveBuild(path: string): Build {
  const root = resolve(path);
  const dist = [join(root, 'dist'), root].find((candidate) => NEEDED.every((file) => existsSync(join(candidate, file))));
  if (!dist) throw new VsUsageError(`--vs expects a faultline checkout or its dist/ with a built bench (dist/bench/run.js, dist/bench/raft-child.js); "${path}" has none (run npm run build there)`);
  return { dist, version: packageVersion(dist) };
}

function packageVersion(dist: string): string {
  try {
    const version = (JSON.parse(readFileSync(join(dirname(dist), 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '?';
  } catch {
    return '?';
  }
}

export interface VsSizes {
  rounds: number;
  /** Passed to each build's engine bench: its own tiny sizes. */
  quickEngine: boolean;
  raftVirtualMs: number;
}

export const VS_FULL_SIZES: VsSizes = { rounds: 3, quickEngine: false, raftVirtualMs: 3_600_000 };
export const VS_QUICK_SIZES: VsSizes = { rounds: 2, quickEngine: true, raftVirtualMs: 1_000 };

/** One figure of one build per round. */
type Samples = Record<string, number[]>;

interface Figure {
  name: string;
  unit: string;
  /** Lower is better (a time): the ratio is then other / this, so that above 1 is always better. */
  lowerIsBetter: boolean;
  /** Whether the 5% limit applies (the bare heap loop is the same code in both: it measures the machine). */
  limited: boolean;
}

const ENGINE_FIGURES: Figure[] = [
  { name: 'engine no-op events (fast mode, no trace)', unit: 'events/s', lowerIsBetter: false, limited: true },
  { name: 'bare (time, seq) heap loop (same code in both builds: the machine)', unit: 'events/s', lowerIsBetter: false, limited: false },
];
const RAFT_FIGURES: Figure[] = [
  { name: 'raft-kv, 1 virtual hour, all checkers (wall)', unit: 's', lowerIsBetter: true, limited: true },
  { name: 'raft-kv, 1 virtual hour, no checkers (wall)', unit: 's', lowerIsBetter: true, limited: true },
  { name: 'raft-kv events/s (all checkers)', unit: 'events/s', lowerIsBetter: false, limited: true },
  { name: 'raft-kv events/s (no checkers)', unit: 'events/s', lowerIsBetter: false, limited: true },
];
/**
 * The same runs' CPU time (the child's note says it): on a loaded machine the wall time mostly
 * measures the load, the CPU time what the run itself cost.
 */
const RAFT_CPU_FIGURES: (Figure & { of: string })[] = [
  { name: 'raft-kv, 1 virtual hour, all checkers (CPU)', of: 'raft-kv, 1 virtual hour, all checkers (wall)', unit: 's', lowerIsBetter: true, limited: true },
  { name: 'raft-kv, 1 virtual hour, no checkers (CPU)', of: 'raft-kv, 1 virtual hour, no checkers (wall)', unit: 's', lowerIsBetter: true, limited: true },
];

function runChild(build: Build, script: string, args: string[]): string {
  const child = spawnSync(process.execPath, [join(build.dist, script), ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (child.status !== 0) {
    const why = (child.stderr || child.error?.message || `exit ${child.status ?? child.signal}`).trim().split('\n').pop();
    throw new VsChildError(`${join(build.dist, script)} failed: ${why}`);
  }
  return child.stdout;
}

function rowsOf(text: string, what: string): BenchRow[] {
  try {
    const parsed = JSON.parse(text) as BenchRow[] | { rows: BenchRow[] };
    return Array.isArray(parsed) ? parsed : parsed.rows;
  } catch {
    throw new VsChildError(`${what} printed no JSON`);
  }
}

function figureOf(rows: readonly BenchRow[], name: string, what: string, field: 'figure' | 'reference' = 'figure'): number {
  const value = rows.find((row) => row.name === name)?.[field];
  if (typeof value !== 'number') throw new VsChildError(`${what} reported no figure for "${name}"`);
  return value;
}

function sampleEngine(build: Build, sizes: VsSizes, into: Samples): void {
  const args = ['--only', 'engine', '--json', ...(sizes.quickEngine ? ['--quick'] : [])];
  const what = `${build.dist} engine bench`;
  const rows = rowsOf(runChild(build, 'bench/run.js', args), what);
  const [engine, heap] = ENGINE_FIGURES as [Figure, Figure];
  (into[engine.name] ??= []).push(figureOf(rows, engine.name, what));
  (into[heap.name] ??= []).push(figureOf(rows, engine.name, what, 'reference'));
}

function sampleRaft(build: Build, sizes: VsSizes, into: Samples): void {
  const what = `${build.dist} raft bench`;
  const rows = rowsOf(runChild(build, 'bench/raft-child.js', [String(sizes.raftVirtualMs)]), what);
  for (const figure of RAFT_FIGURES) (into[figure.name] ??= []).push(figureOf(rows, figure.name, what));
  for (const figure of RAFT_CPU_FIGURES) {
    const cpu = /CPU ([\d.]+) s$/.exec(rows.find((row) => row.name === figure.of)?.note ?? '')?.[1];
    if (cpu === undefined) throw new VsChildError(`${what} reported no CPU time for "${figure.of}"`);
    (into[figure.name] ??= []).push(Number(cpu));
  }
}

export type VsGroup = 'engine' | 'raft';

export interface VsReport {
  this: Build;
  other: Build;
  rounds: number;
  rows: BenchRow[];
}

/**
 * Runs the groups of both builds in `sizes.rounds` interleaved rounds: round r runs this build then
 * the other when r is even, the other first when it is odd. Throws VsChildError when a child fails.
 */
export function compareBuilds(self: Build, other: Build, groups: readonly VsGroup[], sizes: VsSizes, log: (line: string) => void = () => {}): VsReport {
  const samples = { self: {} as Samples, other: {} as Samples };
  for (let round = 0; round < sizes.rounds; round++) {
    const order = round % 2 === 0 ? (['self', 'other'] as const) : (['other', 'self'] as const);
    for (const group of groups) {
      for (const side of order) {
        const build = side === 'self' ? self : other;
        log(`round ${round + 1}/${sizes.rounds}: ${group}, ${side === 'self' ? 'this build' : 'other build'} (${build.version})`);
        if (group === 'engine') sampleEngine(build, sizes, samples[side]);
        else sampleRaft(build, sizes, samples[side]);
      }
    }
  }
  const figures = groups.flatMap((group) => (group === 'engine' ? ENGINE_FIGURES : [...RAFT_FIGURES, ...RAFT_CPU_FIGURES]));
  return { this: self, other, rounds: sizes.rounds, rows: figures.map((figure) => vsRow(figure, samples.self[figure.name] ?? [], samples.other[figure.name] ?? [], other)) };
}

function vsRow(figure: Figure, mine: number[], theirs: number[], other: Build): BenchRow {
  const value = median(mine);
  const reference = median(theirs);
  const ratio = figure.lowerIsBetter ? reference / value : value / reference;
  const rounds = (list: number[]) => list.map((v) => (figure.unit === 's' ? v.toFixed(2) : (v / 1e6).toFixed(2))).join(', ');
  const unitWord = figure.unit === 's' ? 's' : 'M';
  return {
    name: figure.name,
    figure: value,
    unit: figure.unit,
    reference,
    referenceLabel: `${other.version} ${formatFigure(reference, figure.unit)}`,
    ratio,
    goal: figure.limited ? `≥ ${VS_MIN_RATIO}×` : '',
    met: figure.limited ? ratio >= VS_MIN_RATIO : null,
    note: `median of ${mine.length} rounds: this build ${rounds(mine)} ${unitWord}; ${other.version} ${rounds(theirs)} ${unitWord}${figure.lowerIsBetter ? ' (ratio = other / this: above 1 is faster)' : ''}`,
  };
}

function formatFigure(value: number, unit: string): string {
  return unit === 's' ? `${value.toFixed(2)} s` : `${(value / 1e6).toFixed(2)} M ${unit}`;
}
