import chalk from 'chalk';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveTarget } from '../../scenarios/index.js';
import {
  DEFAULT_SEED_WALL_BUDGET_MS,
  DEFAULT_WORKER_HEAP_MB,
  exitProcess,
  formatDurationMs,
  formatSeedRange,
  parseSeedRange,
  parseShard,
  prepareRun,
  runFuzz,
  ShardSeeds,
  FuzzRunError,
  MAX_REPRO_COMMAND,
  type FuzzFailure,
  type FuzzOptions,
  type FuzzReport,
  type SeedRange,
  type Shard,
} from '../../sim/index.js';
import { EXIT, withOutputProblem, type ExitCode } from '../exit-codes.js';
import { describeAssumptions, describeProfile } from '../format.js';
import { FailureLines, fuzzSummary, type ReproPrinter } from '../fuzz/format.js';
import { prepareOutputDirectory } from '../output/paths.js';
import { reproLine } from '../output/repro-line.js';
import { FuzzProgressView } from '../fuzz/progress.js';
import { FuzzReportFiles } from '../fuzz/report-files.js';
import { formatFuzzDeterminism, recheckFuzzDigests } from '../fuzz/determinism.js';
import { parseDurationOption, parseStrategyOption, searchStrategiesText } from '../options.js';
import { beyondFrom, parseBeyondOption, parseFailureModelOption } from '../assumption-options.js';

interface FuzzFlags {
  seeds: SeedRange;
  workers: number | 'auto';
  shard?: Shard;
  timeBudget?: number;
  seedTimeout?: number;
  time?: number;
  faults?: string;
  swarm?: boolean;
  beyond?: string[];
  failureModel?: string[];
  strategy?: string;
  json?: string;
  junit?: string;
  corpus?: string;
  stopOnFirst?: boolean;
  workerHeapMb?: number;
  checkDeterminism?: boolean;
  reproDir: string;
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

function parseHeapMb(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 64) {
    throw new InvalidArgumentError(`--worker-heap-mb expects a whole number of MB, at least 64, got "${value}"`);
  }
  return n;
}

export function registerFuzz(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('fuzz')
    .description('run a scenario over many seeds on worker processes; report and group every failure')
    .argument('<scenario>', "a scenario name (see 'faultline list') or a module: ./path.js, ./path.ts, ./path.js#name")
    .requiredOption('--seeds <n | a..b>', 'how many seeds (1..n) or an inclusive range a..b', asOption(parseSeedRange))
    .option('--workers <k | auto>', 'worker processes (auto: one per core)', parseWorkers, 'auto')
    .option('--shard <k/n>', 'run only shard k of n (seeds interleaved: offset mod n = k-1), for CI matrices', asOption(parseShard))
    .option('--time-budget <duration>', 'stop starting new seeds after this much wall time, e.g. 10m', parseDurationOption)
    .option('--seed-timeout <duration>', 'wall-clock limit per seed; a seed past it is a limit result (default: 1m)', parseDurationOption)
    .option('--time <duration>', "virtual run time of each seed (default: the scenario's)", parseDurationOption)
    .option('--faults <spec>', 'fault profile name and/or key=value overrides, e.g. chaos or drop=0.1')
    .option('--swarm', "let each seed draw its own fault profile (within the scenario's assumptions)")
    .option('--beyond <kinds>', "allow these fault kinds beyond the scenario's assumptions, e.g. corrupt,byzantine (failures then exit 6)", parseBeyondOption)
    .option('--failure-model <model>', 'let processes fail up to this model (crash-stop, omission, crash-recovery, byzantine), beyond the assumptions', parseFailureModelOption)
    .option('--strategy <name>', `search strategy: mix (default: each seed one strategy of the mix), random (plain profile), ${searchStrategiesText()}`, parseStrategyOption)
    .option('--json <file>', 'write the JSON report (rewritten as failures are found)')
    .option('--junit <file>', 'write a JUnit XML report (one test case per failure group, one for the run)')
    .option('--corpus <dir>', 'write one JSON file per failing seed, as soon as it is found')
    .option('--stop-on-first', 'stop starting seeds after the first failure')
    .option('--worker-heap-mb <mb>', `heap limit of each worker process; a seed that needs more is a crash result (default: ${DEFAULT_WORKER_HEAP_MB})`, parseHeapMb)
    .option('--check-determinism', 'run every seed a second time and compare digests (exit 4 on a difference)')
    .option('--repro-dir <dir>', 'where a repro too long for one command line is written (without --corpus)', '.')
    .action(async (name: string, flags: FuzzFlags) => {
      setExit(await fuzzCommand(name, flags));
    });
}

async function fuzzCommand(name: string, flags: FuzzFlags): Promise<ExitCode> {
  const target = await resolveTarget(name);
  const seeds = new ShardSeeds(flags.seeds, flags.shard);
  const files = new FuzzReportFiles(
    {
      ...(flags.json ? { json: flags.json } : {}),
      ...(flags.junit ? { junit: flags.junit } : {}),
      ...(flags.corpus ? { corpus: flags.corpus } : {}),
    },
    (line) => process.stderr.write(`faultline: ${line}\n`),
  );
  // A repro directory that cannot be written is bad input before any seed runs.
  if (flags.reproDir !== '.') prepareOutputDirectory(flags.reproDir, '--repro-dir');
  const beyond = beyondFrom(flags);
  const first = prepareRun(target.scenario, { seed: flags.seeds.first, ...(flags.time ? { timeMs: flags.time } : {}), ...(flags.faults ? { faults: flags.faults } : {}), ...(beyond ? { beyond } : {}) });
  const shardText = flags.shard ? ` · shard ${flags.shard.index}/${flags.shard.count}` : '';
  process.stdout.write(
    [
      chalk.bold(`faultline ${first.config.version} · fuzz ${target.ref} · seeds ${formatSeedRange(flags.seeds)}${shardText} (${seeds.total.toLocaleString('en-US')} to run)`),
      `  time ${formatDurationMs(first.config.timeMs)} per seed · faults ${chalk.cyan(first.config.profile.name)}${flags.swarm ? ' (swarm: each seed draws its own profile)' : ''} · seed timeout ${formatDurationMs(flags.seedTimeout ?? DEFAULT_SEED_WALL_BUDGET_MS)}`,
      `  ${chalk.dim(describeProfile(first.config.profile))}`,
      `  ${describeAssumptions(first.config)}`,
    ].join('\n') + '\n',
  );

  const printRepro = shortRepros(target.scenario.defaultTimeMs, flags, (line) => process.stderr.write(`faultline: ${line}\n`));
  const printed = new FailureLines(undefined, printRepro.print);
  const interactive = Boolean(process.stdout.isTTY) && !process.env.CI;
  const view = new FuzzProgressView(seeds.total, interactive);
  const abort = new AbortController();
  // SIGTERM is what CI sends on cancel or timeout: it keeps the partial report as Ctrl-C does.
  const onSigint = (signal: NodeJS.Signals): void => {
    if (abort.signal.aborted) exitProcess(EXIT.interrupted);
    view.log(chalk.yellow(`interrupted (${signal}): stopping workers and writing the partial report (a second signal quits at once)`));
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const options: FuzzOptions = {
    seeds: flags.seeds,
    workers: flags.workers,
    ...(flags.shard ? { shard: flags.shard } : {}),
    ...(flags.timeBudget !== undefined ? { timeBudgetMs: flags.timeBudget } : {}),
    ...(flags.stopOnFirst ? { stopOnFirst: true } : {}),
    ...(flags.time !== undefined ? { timeMs: flags.time } : {}),
    ...(flags.faults !== undefined ? { faults: flags.faults } : {}),
    ...(flags.swarm ? { swarm: true } : {}),
    ...(beyond ? { beyond } : {}),
    ...(flags.strategy ? { strategy: flags.strategy } : {}),
    wallBudgetMs: flags.seedTimeout ?? DEFAULT_SEED_WALL_BUDGET_MS,
    ...(flags.workerHeapMb !== undefined ? { workerHeapMb: flags.workerHeapMb } : {}),
    ...(flags.checkDeterminism ? { keepDigests: true } : {}),
    signal: abort.signal,
    onProgress: (progress) => view.update(progress),
    onFailure: (failure, _progress, partial) => {
      printRepro.found(failure, files.failure(failure, target.scenario.name, target.ref));
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
    process.stdout.write(fuzzSummary(report, printRepro.print) + '\n');
    if (report.stoppedBy === 'interrupted') return EXIT.interrupted;
    if (flags.checkDeterminism) {
      const determinism = await recheckFuzzDigests(target, options, report);
      process.stdout.write(formatFuzzDeterminism(determinism, target.ref) + '\n');
      if (determinism.differing.length > 0) return EXIT.nondeterminism;
    }
    const code = report.failed === 0 ? EXIT.ok : report.failures.every((failure) => failure.outsideAssumptions) ? EXIT.outsideAssumptions : EXIT.violation;
    if (files.problems.size === 0) return code;
    process.stderr.write(`faultline: ${[...files.problems.keys()].join(', ')} could not be written (${[...new Set(files.problems.values())].join('; ')}): the summary above is the run's only complete record\n`);
    return withOutputProblem(code);
  } finally {
    view.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/**
 * Printed repros of at most 200 characters: a failure whose command is longer is printed as
 * `faultline replay <file>`, its corpus entry when --corpus wrote one, else a repro file in
 * --repro-dir. Each failure is shortened once, so its line and the summary name the same file.
 */
function shortRepros(defaultTimeMs: number | undefined, flags: Pick<FuzzFlags, 'reproDir'>, onProblem: (line: string) => void) {
  const failures = new Map<string, { failure: FuzzFailure; corpusFile?: string }>();
  const lines = new Map<string, string>();
  const print: ReproPrinter = (failure) => {
    if (failure.repro.length <= MAX_REPRO_COMMAND) return failure.repro;
    const known = failures.get(failure.seed);
    if (!known) return failure.repro;
    let line = lines.get(failure.seed);
    if (line === undefined) {
      // The command verifies the digest only when a re-run reproduced it; so does the file.
      const verified = known.failure.rerun.checked && known.failure.rerun.identical;
      const printed = reproLine(known.failure.reproValue, defaultTimeMs, {
        ...(verified ? { digest: known.failure.digest } : {}),
        ...(known.corpusFile ? { file: known.corpusFile } : {}),
        dir: flags.reproDir,
        extra: { violation: known.failure.violation },
      });
      if (printed.problem) onProblem(printed.problem);
      line = printed.command;
      lines.set(failure.seed, line);
    }
    return line;
  };
  return {
    found: (failure: FuzzFailure, corpusFile: string | undefined): void => {
      failures.set(failure.seed, { failure, ...(corpusFile ? { corpusFile } : {}) });
    },
    print,
  };
}
