import { writeFileSync } from 'node:fs';
import chalk from 'chalk';
import type { Command } from 'commander';
import { resolveTarget } from '../../scenarios/index.js';
import {
  DEFAULT_SHRINK_MAX_RUNS,
  DEFAULT_SHRINK_TIME_BUDGET_MS,
  formatDurationMs,
  runOptionsOf,
  shrinkFailure,
  UsageError,
  type FuzzTarget,
  type Repro,
  type ShrinkResult,
  type ShrinkRun,
  type TimelineEntry,
} from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { MERMAID_DEFAULT_MAX_STEPS, renderMermaid } from '../export/mermaid.js';
import { recordedRun, writeRunHtml } from '../export/run-html.js';
import { reproLine, type ReproLine } from '../output/repro-line.js';
import { parseDurationOption, parsePositiveIntOption } from '../options.js';
import { addRunOptions, runOptionsFrom, type RunFlags } from '../run-options.js';

interface ShrinkFlags extends RunFlags {
  maxRuns: number;
  timeBudget: number;
  workers: number | 'auto';
  shrinkTime: boolean;
  json?: boolean;
  reproDir: string;
  html?: string;
  mermaid?: string;
}

function parseWorkers(value: string): number | 'auto' {
  if (value.trim() === 'auto') return 'auto';
  return parsePositiveIntOption('--workers')(value);
}

export function registerShrink(program: Command, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('shrink')
    .description('minimise a failing seed: the fewest faults, the shortest run and the smallest workload that still fail the same checker')
    .argument('<scenario>', "a scenario name (see 'faultline list') or a module: ./path.js, ./path.ts, ./path.js#name");
  addRunOptions(command, true)
    .option('--max-runs <n>', 'simulation runs allowed in all', parsePositiveIntOption('--max-runs'), DEFAULT_SHRINK_MAX_RUNS)
    .option('--time-budget <duration>', 'wall time allowed in all, e.g. 60s', parseDurationOption, DEFAULT_SHRINK_TIME_BUDGET_MS)
    .option('--workers <n>', "worker processes for candidate runs, or 'auto' (one per core); the result is the same for any count", parseWorkers, 'auto')
    .option('--no-shrink-time', 'keep the run time and workload; shrink only the faults')
    .option('--repro-dir <dir>', 'where a repro too long for one command line is written', '.')
    .option('--html <file>', 'also write the minimal run as a self-contained HTML space-time diagram (with node states)')
    .option('--mermaid <file>', 'also write the minimal run as a Mermaid sequence diagram')
    .option('--seed-timeout <duration>', 'stop (exit 3) when one run takes longer than this wall time, as fuzz does (default: 1m)', parseDurationOption)
    .option('--json', 'print the shrink result as one JSON object on stdout (the library shrink() value)')
    .action(async (name: string, flags: ShrinkFlags) => {
      setExit(await shrinkCommand(name, flags));
    });
}

async function shrinkCommand(name: string, flags: ShrinkFlags): Promise<ExitCode> {
  const target = await resolveTarget(name);
  const options = runOptionsFrom(flags);
  const interactive = !flags.json && Boolean(process.stdout.isTTY) && !process.env.CI;
  if (!flags.json) process.stdout.write(chalk.bold(`faultline · shrink ${target.ref} · seed ${flags.seed}`) + '\n');
  const result = await shrinkFailure(target.scenario, options, {
    scenarioRef: target.ref,
    ...(target.source ? { source: target.source } : {}),
    ...(flags.workers !== 'auto' ? { workers: flags.workers } : {}),
    maxRuns: flags.maxRuns,
    timeBudgetMs: flags.timeBudget,
    shrinkTime: flags.shrinkTime,
    onProgress: (p) => {
      if (interactive) process.stdout.write(`\r  run ${p.runs} (${p.stage}): still failing with ${p.faults} fault(s), time ${formatDurationMs(p.timeMs)}      `);
    },
  });
  if (interactive) process.stdout.write('\n');
  if (!result.shrunk) throw new UsageError(`seed ${flags.seed} of ${target.ref}: ${result.reason}`);
  const notes = writeViews(target, result, flags);
  if (flags.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    process.stdout.write(formatShrink(result, printedRepro(result, target, flags.reproDir), flags) + '\n');
  }
  for (const note of notes) process.stderr.write(`${note}\n`);
  return EXIT.ok;
}

const describeRun = (run: ShrinkRun): string => `${run.violation.kind} ${run.violation.checker}: ${run.violation.message}`;

function printedRepro(result: ShrinkResult & { shrunk: true }, target: FuzzTarget, dir: string): ReproLine {
  const line = reproLine(result.repro, target.scenario.defaultTimeMs, {
    digest: result.minimal.digest,
    dir,
    extra: { faults: result.minimal.faults.length, violation: result.minimal.violation },
  });
  if (line.problem) throw new UsageError(line.problem);
  return line;
}

function writeViews(target: FuzzTarget, result: ShrinkResult & { shrunk: true }, flags: ShrinkFlags): string[] {
  const notes: string[] = [];
  const options = runOptionsOf(result.repro);
  if (flags.html) notes.push(writeRunHtml(flags.html, target.scenario, options, result.minimal.digest, target.ref));
  if (flags.mermaid) {
    const { trace } = recordedRun(target.scenario, options, target.ref);
    const diagram = renderMermaid(trace, MERMAID_DEFAULT_MAX_STEPS);
    try {
      writeFileSync(flags.mermaid, diagram.text);
    } catch (error) {
      throw new UsageError(`cannot write ${flags.mermaid}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    notes.push(`wrote ${flags.mermaid}: a Mermaid sequence diagram of the minimal run (${diagram.steps - diagram.omitted} steps)`);
  }
  return notes;
}

function formatTimeline(entries: readonly TimelineEntry[]): string[] {
  return entries.map((entry) => {
    const time = `${entry.timeMs.toFixed(3).padStart(11)} ms`;
    const fault = entry.fault ? chalk.yellow(entry.fault.padEnd(18)) : ''.padEnd(18);
    const text = entry.text.startsWith('✘') ? chalk.red(entry.text) : entry.text;
    return `  ${chalk.dim(time)}  ${fault} ${text}`;
  });
}

export function formatShrink(result: ShrinkResult & { shrunk: true }, repro: ReproLine, flags: Pick<ShrinkFlags, 'maxRuns' | 'timeBudget' | 'html' | 'mermaid'>): string {
  const { original, minimal } = result;
  const byzantine = minimal.byzantineActions > 0 ? ` + ${minimal.byzantineActions} Byzantine action(s), which a mask cannot remove` : '';
  const lines = [
    `  failure kept: ${chalk.red(describeRun(original))}`,
    chalk.bold(
      `faults fired: ${original.faultCount} → ${minimal.faultCount} · run time ${formatDurationMs(original.timeMs)} → ${formatDurationMs(minimal.timeMs)} · ${result.runs} runs · ${formatDurationMs(result.wallMs)} on ${result.workers} worker(s)`,
    ),
    chalk.dim(`  stages: ${result.stages.map((s) => `${s.stage} → ${s.faults} (${s.runs} runs)`).join(' · ')}`),
    `  faults left (${minimal.faults.length}): ${minimal.faults.length > 0 ? minimal.faults.join(', ') : 'none (it fails without any maskable fault)'}${byzantine}`,
  ];
  const simpler = simplerRunText(original.repro, minimal.repro);
  if (simpler) lines.push(`  ${simpler}`);
  if (minimal.repro.size) lines.push(`  workload: ${Object.entries(minimal.repro.size).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(chalk.bold('timeline of the minimal run (faults, and the messages in the causal past of the violation between the nodes they touch):'));
  lines.push(...formatTimeline(result.timeline));
  if (result.budgetExhausted === 'runs') lines.push(chalk.yellow(`  --max-runs ${flags.maxRuns} ran out: this still fails but may not be minimal`));
  if (result.budgetExhausted === 'time') lines.push(chalk.yellow(`  --time-budget ${formatDurationMs(flags.timeBudget)} ran out: this still fails but may not be minimal`));
  if (repro.file) lines.push(`  the repro is too long for one command line: wrote ${repro.file}`);
  lines.push(`minimal repro: ${chalk.bold(repro.command)}`);
  const stem = `${result.scenario.replace(/#.*$/, '').replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '')}-seed${result.minimal.repro.seed}`;
  if (!flags.html) lines.push(chalk.dim(`  HTML view:    faultline replay ${repro.replayArgs} --html ${stem}.html`));
  if (!flags.mermaid) lines.push(chalk.dim(`  Mermaid view: faultline replay ${repro.replayArgs} --trace ${stem}.jsonl && faultline export ${stem}.jsonl --format mermaid`));
  return lines.join('\n');
}

/** When the minimal run is a simpler fresh run (another seed, other fault settings), what changed. */
function simplerRunText(original: Repro, minimal: Repro): string | undefined {
  const changes: string[] = [];
  if (minimal.seed !== original.seed) changes.push(`seed ${original.seed} → ${minimal.seed}`);
  if (minimal.faults !== original.faults) changes.push(`--faults ${minimal.faults ?? '(the scenario\'s)'}`);
  if (changes.length === 0) return undefined;
  return `simpler run: ${changes.join(', ')} (a fresh run that fails the same checker with fewer faults, then shrunk)`;
}
