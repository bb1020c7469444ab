/**
 * `npm run bench:bugs`: for every planted bug (bench/planted), does fuzzing find it within 1,000 seeds
 * and 60 s, and at which seed first? Default `fuzz` (the strategy mix) beside plain random search
 * (today's default: the scenario's profile as it is), so the table shows what search adds.
 *
 *   node dist/bench/bugs.js [--bug id,id] [--seeds 1000] [--budget-s 60] [--strategies mix,random] [--workers auto] [--json file]
 *
 * Seeds run on the fuzz worker pool; a bug is found at its smallest failing seed (seeds are started
 * in order, and the run stops starting new ones after the first failure).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFuzz, runOptionsOf, runScenarioOnce, type FuzzReport, type Scenario } from '../sim/index.js';
import { SCENARIOS } from '../scenarios/registry.js';
import { plantedBugs, type PlantedBug } from './planted/index.js';

interface Options {
  bugs: PlantedBug[];
  seeds: number;
  budgetS: number;
  strategies: string[];
  workers: number | 'auto';
  json?: string;
}

export interface BugResult {
  id: string;
  protocol: string;
  strategy: string;
  found: boolean;
  firstSeed: number | null;
  /** The strategy and fault kinds of the seed that found it. */
  foundBy: string | null;
  checker: string | null;
  seedsRun: number;
  seedsPerSecond: number;
  wallS: number;
  /** Failing seeds that fail the same way without the planted bug (the search went on past them). */
  falseAlarms: number[];
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const ids = value('--bug')?.split(',');
  const bugs = ids ? ids.map((id) => plantedBugs.find((bug) => bug.id === id) ?? fail(`no planted bug "${id}" (see bench/planted)`)) : plantedBugs;
  const workers = value('--workers');
  const json = value('--json');
  return {
    bugs,
    seeds: Number(value('--seeds') ?? 1000),
    budgetS: Number(value('--budget-s') ?? 60),
    strategies: (value('--strategies') ?? 'mix,random').split(','),
    workers: workers === undefined || workers === 'auto' ? 'auto' : Number(workers),
    ...(json ? { json } : {}),
  };
}

function fail(message: string): never {
  process.stderr.write(`bench:bugs: ${message}\n`);
  process.exit(2);
}

const PLANTED_MODULE = new URL('./planted/index.js', import.meta.url).href;

/** A planted bug is found by a failure of the protocol (safety, liveness, a handler that threw), not a limit. */
function firstFound(report: FuzzReport): FuzzReport['failures'][number] | undefined {
  return report.failures.find((failure) => isProtocolFailure(failure.violation.kind));
}

function isProtocolFailure(kind: string): boolean {
  return kind === 'safety' || kind === 'liveness' || kind === 'crash';
}

async function huntReport(bug: PlantedBug, strategy: string, options: Pick<Options, 'seeds' | 'budgetS' | 'workers'>, firstSeed = 1, budgetS = options.budgetS): Promise<FuzzReport> {
  return runFuzz(
    { scenario: bug.scenario, ref: bug.scenario.name, source: { module: PLANTED_MODULE, name: bug.scenario.name } },
    { seeds: `${firstSeed}..${options.seeds}`, strategy, workers: options.workers, stopOnFirst: true, timeBudgetMs: Math.max(0, budgetS) * 1000 },
  );
}

/** The correct scenario a planted bug patches (its description is the base's plus a note). */
export function baseScenarioOf(bug: PlantedBug): Scenario | undefined {
  const matches = SCENARIOS.filter((scenario) => bug.scenario.description === `${scenario.description} (planted bug)`);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * A failure is the planted bug's only if the correct scenario passes the same seed and options: a
 * seed that fails there too shows a defect of the product or the engine (last round, one engine
 * defect made seed 5 of five Raft variants fail the same liveness check, and counted as five finds).
 */
function failsWithoutBug(bug: PlantedBug, failure: FuzzReport['failures'][number]): boolean {
  const base = baseScenarioOf(bug);
  if (!base) return false;
  const control = runScenarioOnce(base, runOptionsOf(failure.reproValue));
  return !control.ok && isProtocolFailure(control.violation.kind);
}

interface Hunt {
  first: FuzzReport['failures'][number] | undefined;
  seedsRun: number;
  wallMs: number;
  falseAlarms: number[];
}

/** Fuzzes until a failure of the protocol that the correct scenario does not share, or the seeds or budget run out. */
async function hunt(bug: PlantedBug, strategy: string, options: Pick<Options, 'seeds' | 'budgetS' | 'workers'>): Promise<Hunt> {
  const falseAlarms: number[] = [];
  let seedsRun = 0;
  let wallMs = 0;
  let from = 1;
  while (from <= options.seeds && wallMs < options.budgetS * 1000) {
    const report = await huntReport(bug, strategy, options, from, options.budgetS - wallMs / 1000);
    seedsRun += report.seedsRun;
    wallMs += report.wallMs;
    const first = firstFound(report);
    if (!first) break;
    if (!failsWithoutBug(bug, first)) return { first, seedsRun, wallMs, falseAlarms };
    falseAlarms.push(Number(first.seed));
    from = Number(first.seed) + 1;
  }
  return { first: undefined, seedsRun, wallMs, falseAlarms };
}

/** The first failure of the protocol fuzzing finds (for bench:shrink, which shrinks it). */
export async function huntFailure(bug: PlantedBug, strategy: string, options: Pick<Options, 'seeds' | 'budgetS' | 'workers'>): Promise<FuzzReport['failures'][number] | undefined> {
  return (await hunt(bug, strategy, options)).first;
}

export async function huntBug(bug: PlantedBug, strategy: string, options: Pick<Options, 'seeds' | 'budgetS' | 'workers'>): Promise<BugResult> {
  const { first, seedsRun, wallMs, falseAlarms } = await hunt(bug, strategy, options);
  const kinds = first ? Object.entries(first.faults).filter(([, n]) => n > 0).map(([kind]) => kind) : [];
  return {
    id: bug.id,
    protocol: bug.protocol,
    strategy,
    found: first !== undefined,
    firstSeed: first ? Number(first.seed) : null,
    foundBy: first ? `${first.strategy}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}` : null,
    checker: first ? first.violation.checker : null,
    seedsRun,
    seedsPerSecond: wallMs > 0 ? Math.round((seedsRun / (wallMs / 1000)) * 10) / 10 : 0,
    wallS: Math.round(wallMs / 100) / 10,
    falseAlarms,
  };
}

function cell(result: BugResult | undefined): string {
  if (!result) return '–';
  const alarms = result.falseAlarms.length > 0 ? ` · false alarm${result.falseAlarms.length > 1 ? 's' : ''} at ${result.falseAlarms.join(', ')}` : '';
  return (result.found ? `yes · seed ${result.firstSeed} · ${result.seedsPerSecond}/s` : `no (${result.seedsRun} seeds, ${result.wallS} s)`) + alarms;
}

export function bugTable(results: readonly BugResult[], strategies: readonly string[]): string {
  const ids = [...new Set(results.map((r) => r.id))];
  const header = `| bug | protocol | ${strategies.map((s) => (s === 'mix' ? 'default fuzz (mix)' : s === 'random' ? 'plain random' : s)).join(' | ')} | found by (mix) |`;
  const rule = `|---|---|${strategies.map(() => '---|').join('')}---|`;
  const rows = ids.map((id) => {
    const of = (strategy: string) => results.find((r) => r.id === id && r.strategy === strategy);
    const any = results.find((r) => r.id === id)!;
    const mix = of('mix');
    return `| ${id} | ${any.protocol} | ${strategies.map((s) => cell(of(s))).join(' | ')} | ${mix?.foundBy ?? ''}${mix?.checker ? ` → ${mix.checker}` : ''} |`;
  });
  const totals = strategies.map((s) => {
    const mine = results.filter((r) => r.strategy === s);
    return `${s}: ${mine.filter((r) => r.found).length}/${mine.length}`;
  });
  return [header, rule, ...rows, '', `found: ${totals.join(' · ')}`].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const results: BugResult[] = [];
  for (const bug of options.bugs) {
    for (const strategy of options.strategies) {
      const result = await huntBug(bug, strategy, options);
      results.push(result);
      process.stderr.write(`${bug.id} · ${strategy}: ${cell(result)}${result.foundBy ? ` · ${result.foundBy}` : ''}\n`);
      if (options.json) writeFileSync(options.json, JSON.stringify(results, null, 2) + '\n');
    }
  }
  process.stdout.write(bugTable(results, options.strategies) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
