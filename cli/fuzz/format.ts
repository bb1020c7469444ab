import chalk from 'chalk';
import { formatSeedRange, type FailureGroup, type FuzzFailure, type FuzzReport } from '../../sim/index.js';

/** How a failure's repro is printed (the fuzz command shortens a long one to a repro file). */
export type ReproPrinter = (failure: Pick<FuzzFailure, 'seed' | 'repro'>) => string;

const asRecorded: ReproPrinter = (failure) => failure.repro;

const number = (n: number): string => n.toLocaleString('en-US');

/** The line printed the moment a failing seed is found. */
export function failureLine(failure: FuzzFailure, printRepro: ReproPrinter = asRecorded): string {
  const v = failure.violation;
  const title = v.kind === 'nondeterminism' ? chalk.magenta.bold('nondeterministic') : v.kind === 'limit' ? chalk.yellow.bold('limit') : chalk.red.bold(`${v.kind}`);
  const outside = failure.outsideAssumptions ? chalk.magenta(' [outside the scenario\'s assumptions]') : '';
  return `${chalk.red('✘')} seed ${failure.seed}  ${title} ${v.checker}${outside}: ${v.message}\n    ${chalk.dim(`found by ${foundBy(failure)}`)}\n    ${chalk.dim(printRepro(failure))}`;
}

/** Which strategy and fault kinds were at work in a failing seed. */
export function foundBy(failure: FuzzFailure): string {
  const kinds = Object.entries(failure.faults)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`);
  return `strategy ${failure.strategy ?? 'random'} · faults ${kinds.length > 0 ? kinds.join(', ') : 'none'}`;
}

/**
 * Which failures get a line as they are found: every new signature in full, and the first few of
 * a known one in brief, so a scenario that fails on most seeds does not flood the log.
 */
export class FailureLines {
  private readonly signatures = new Map<string, string>();
  private brief = 0;

  constructor(
    private readonly maxBrief = 20,
    private readonly printRepro: ReproPrinter = asRecorded,
  ) {}

  line(failure: FuzzFailure): string | undefined {
    const first = this.signatures.get(failure.signature);
    if (first === undefined) {
      this.signatures.set(failure.signature, failure.seed);
      return failureLine(failure, this.printRepro);
    }
    if (++this.brief > this.maxBrief) return undefined;
    const more = this.brief === this.maxBrief ? chalk.dim(' (further failures of known kinds: see the summary and reports)') : '';
    return `${chalk.red('✘')} seed ${failure.seed}  ${chalk.dim(`same kind as seed ${first}: ${failure.violation.checker}`)}${more}`;
  }
}

const STOPS: Record<FuzzReport['stoppedBy'], string> = {
  complete: 'complete',
  running: 'running',
  interrupted: 'interrupted (Ctrl-C or SIGTERM): partial report',
  error: 'stopped by an error: partial report',
  'time-budget': 'stopped by the time budget',
  'first-failure': 'stopped at the first failure (--stop-on-first)',
};

export function fuzzSummary(report: FuzzReport, printRepro: ReproPrinter = asRecorded): string {
  const lines: string[] = [];
  const shard = report.shard.count > 1 ? ` (shard ${report.shard.index}/${report.shard.count})` : '';
  const seconds = (report.wallMs / 1000).toFixed(1);
  lines.push(
    chalk.bold(`${number(report.seedsRun)} of ${number(report.seedsPlanned)} seeds run${shard} in ${seconds} s · ${report.seedsPerSecond} seeds/s · ${report.workers} worker(s) · ${STOPS[report.stoppedBy]}`),
  );
  const notRun = report.seedsPlanned - report.seedsRun;
  if (report.failed === 0 && notRun > 0) {
    // Only the seeds that ran are vouched for: a budget or Ctrl-C left the rest untried.
    lines.push(chalk.yellow(`✔ no failures in the ${number(report.seedsRun)} seeds run; ${number(notRun)} of seeds ${formatSeedRange(report.range)}${shard} were not run (${STOPS[report.stoppedBy]})`));
  } else if (report.failed === 0) {
    lines.push(chalk.green(`✔ no failures in seeds ${formatSeedRange(report.range)}${shard}`));
  } else {
    lines.push(chalk.red.bold(`✘ ${number(report.failed)} failing seed(s) in ${report.groups.length} group(s):`));
    const outside = report.failures.filter((failure) => failure.outsideAssumptions).length;
    if (outside > 0) lines.push(chalk.magenta(`  ${number(outside)} of them outside the scenario's assumptions (--beyond ${report.options.beyond?.join(',') ?? ''}): not protocol bugs`));
    for (const group of report.groups) {
      lines.push(`  ${chalk.bold(group.signature)}`);
      lines.push(`    ${number(group.count)} seed(s), smallest ${group.smallestSeed}: ${group.message}`);
      lines.push(`    repro: ${chalk.bold(printRepro(groupFailure(group)))}`);
    }
  }
  lines.push(chalk.dim(`  combined digest ${report.combinedDigest} (faultline ${report.version})`));
  return lines.join('\n');
}

/** The failure a group is named by: its smallest seed. */
function groupFailure(group: FailureGroup): Pick<FuzzFailure, 'seed' | 'repro'> {
  return { seed: group.smallestSeed, repro: group.repro };
}
