import chalk from 'chalk';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveTarget } from '../../scenarios/index.js';
import {
  DEFAULT_SEED_WALL_BUDGET_MS,
  formatDurationMs,
  formatSeedRange,
  parseSeedRange,
  parseShard,
  prepareRun,
  runFuzz,
  ShardSeeds,
  FuzzRunError,
  type FuzzOptions,
  type FuzzReport,
  type SeedRange,
  type Shard,
} from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { describeProfile } from '../format.js';
import { FailureLines, fuzzSummary } from '../fuzz/format.js';
import { FuzzProgressView } from '../fuzz/progress.js';
import { FuzzReportFiles } from '../fuzz/report-files.js';
import { parseDurationOption, parseStrategyOption } from '../options.js';

interface FuzzFlags {
  seeds: SeedRange;
  workers: number | 'auto';
  shard?: Shard;
  timeBudget?: number;
  seedTimeout?: number;
  time?: number;
  faults?: string;
  swarm?: boolean;
  strategy?: string;
  json?: string;
  junit?: string;
  corpus?: string;
  stopOnFirst?: boolean;
}

/** Commander parsers that turn a UsageError into commander's one-line "error: option ..." + exit 2. */
function asOption<T>(parse: (value: string) => T) {
  return (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 256) {
    throw new InvalidArgumentError(`--workers expects a worker count from 1 to 256 or "auto", got "${value}"`);
  }
  return n;
}

export function registerFuzz(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('fuzz')
    .description('run a scenario over many seeds on worker processes; report and group every failure')
    .argument('<scenario>', "a scenario name (see 'faultline list') or a scenario module (.js/.mjs)")
    .requiredOption('--seeds <n | a..b>', 'how many seeds (1..n) or an inclusive range a..b', asOption(parseSeedRange))
    .option('--workers <k | auto>', 'worker processes (auto: one per core)', parseWorkers, 'auto')
    .option('--shard <k/n>', 'run only shard k of n (seeds interleaved: offset mod n = k-1), for CI matrices', asOption(parseShard))
    .option('--time-budget <duration>', 'stop starting new seeds after this much wall time, e.g. 10m', parseDurationOption)
    .option('--seed-timeout <duration>', 'wall-clock limit per seed; a seed past it is a limit result (default: 1m)', parseDurationOption)
    .option('--time <duration>', "virtual run time of each seed (default: the scenario's)", parseDurationOption)
    .option('--faults <spec>', 'fault profile name and/or key=value overrides, e.g. chaos or drop=0.1')
    .option('--swarm', 'let each seed draw its own fault profile')
    .option('--strategy <name>', 'search strategy: mix (default: each seed one strategy of the mix), random (plain profile), timescale, aimed, focus, priority', parseStrategyOption)
    .option('--json <file>', 'write the JSON report (rewritten as failures are found)')
    .option('--junit <file>', 'write a JUnit XML report (one test case per failure group, one for the run)')
    .option('--corpus <dir>', 'write one JSON file per failing seed, as soon as it is found')
    .option('--stop-on-first', 'stop starting seeds after the first failure')
    .action(async (name: string, flags: FuzzFlags) => {
      setExit(await fuzzCommand(name, flags));
    });
}

async function fuzzCommand(name: string, flags: FuzzFlags): Promise<ExitCode> {
  const target = await resolveTarget(name);
  const seeds = new ShardSeeds(flags.seeds, flags.shard);
  const files = new FuzzReportFiles({
    ...(flags.json ? { json: flags.json } : {}),
    ...(flags.junit ? { junit: flags.junit } : {}),
    ...(flags.corpus ? { corpus: flags.corpus } : {}),
  });
  const first = prepareRun(target.scenario, { seed: flags.seeds.first, ...(flags.time ? { timeMs: flags.time } : {}), ...(flags.faults ? { faults: flags.faults } : {}) });
  const shardText = flags.shard ? ` · shard ${flags.shard.index}/${flags.shard.count}` : '';
  process.stdout.write(
    [
      chalk.bold(`faultline ${first.config.version} · fuzz ${target.ref} · seeds ${formatSeedRange(flags.seeds)}${shardText} (${seeds.total.toLocaleString('en-US')} to run)`),
      `  time ${formatDurationMs(first.config.timeMs)} per seed · faults ${chalk.cyan(first.config.profile.name)}${flags.swarm ? ' (swarm: each seed draws its own profile)' : ''} · seed timeout ${formatDurationMs(flags.seedTimeout ?? DEFAULT_SEED_WALL_BUDGET_MS)}`,
      `  ${chalk.dim(describeProfile(first.config.profile))}`,
    ].join('\n') + '\n',
  );

  const printed = new FailureLines();
  const interactive = Boolean(process.stdout.isTTY) && !process.env.CI;
  const view = new FuzzProgressView(seeds.total, interactive);
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    view.log(chalk.yellow('interrupted: stopping workers and writing the partial report (Ctrl-C again to quit at once)'));
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const options: FuzzOptions = {
    seeds: flags.seeds,
    workers: flags.workers,
    ...(flags.shard ? { shard: flags.shard } : {}),
    ...(flags.timeBudget !== undefined ? { timeBudgetMs: flags.timeBudget } : {}),
    ...(flags.stopOnFirst ? { stopOnFirst: true } : {}),
    ...(flags.time !== undefined ? { timeMs: flags.time } : {}),
    ...(flags.faults !== undefined ? { faults: flags.faults } : {}),
    ...(flags.swarm ? { swarm: true } : {}),
    ...(flags.strategy ? { strategy: flags.strategy } : {}),
    wallBudgetMs: flags.seedTimeout ?? DEFAULT_SEED_WALL_BUDGET_MS,
    signal: abort.signal,
    onProgress: (progress) => view.update(progress),
    onFailure: (failure, _progress, partial) => {
      files.failure(failure, target.scenario.name, target.ref);
      files.partial(partial);
      const line = printed.line(failure);
      if (line) view.log(line);
    },
  };
  try {
    let report: FuzzReport;
    try {
      report = await runFuzz(target, options);
    } catch (error) {
      // Keep what was found before the run broke, then let main report the error itself.
      if (error instanceof FuzzRunError) files.report(error.partial);
      throw error instanceof FuzzRunError ? error.cause : error;
    }
    view.stop();
    files.report(report);
    process.stdout.write(fuzzSummary(report) + '\n');
    if (report.stoppedBy === 'interrupted') return EXIT.interrupted;
    return report.failed > 0 ? EXIT.violation : EXIT.ok;
  } finally {
    view.stop();
    process.off('SIGINT', onSigint);
  }
}
