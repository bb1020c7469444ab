import chalk from 'chalk';
import type { Command } from 'commander';
import { resolveTarget } from '../../scenarios/index.js';
import { formatDurationMs, shrinkFailure, UsageError, type ShrinkRun } from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDurationOption, parsePositiveIntOption } from '../options.js';
import { addRunOptions, runOptionsFrom, type RunFlags } from '../run-options.js';

interface ShrinkFlags extends RunFlags {
  maxRuns: number;
  shrinkTime: boolean;
  json?: boolean;
}

function describeRun(run: ShrinkRun): string {
  const v = run.result.violation;
  return `${v.kind} ${v.checker}: ${v.message}`;
}

export function registerShrink(program: Command, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('shrink')
    .description('minimise a failing seed: the fewest faults and the shortest run that still fail the same checker')
    .argument('<scenario>', "a scenario name (see 'faultline list') or a module: ./path.js, ./path.ts, ./path.js#name");
  addRunOptions(command, true)
    .option('--max-runs <n>', 'simulation runs allowed in all', parsePositiveIntOption('--max-runs'), 500)
    .option('--no-shrink-time', 'keep the run time; shrink only the faults')
    .option('--json', 'print one JSON object on stdout instead of text')
    .option('--seed-timeout <duration>', 'stop (exit 3) when one run takes longer than this wall time, as fuzz does (default: 1m)', parseDurationOption)
    .action(async (name: string, flags: ShrinkFlags) => {
      setExit(await shrinkCommand(name, flags));
    });
}

async function shrinkCommand(name: string, flags: ShrinkFlags): Promise<ExitCode> {
  const target = await resolveTarget(name);
  const options = runOptionsFrom(flags);
  const interactive = !flags.json && Boolean(process.stdout.isTTY) && !process.env.CI;
  if (!flags.json) process.stdout.write(chalk.bold(`faultline · shrink ${target.ref} · seed ${flags.seed}`) + '\n');
  const result = shrinkFailure(target.scenario, options, {
    scenarioRef: target.ref,
    maxRuns: flags.maxRuns,
    shrinkTime: flags.shrinkTime,
    onProgress: (p) => {
      if (interactive) process.stdout.write(`\r  run ${p.runs}: still failing with ${p.faults} fault(s), time ${formatDurationMs(p.timeMs)}    `);
    },
  });
  if (interactive) process.stdout.write('\n');
  if (!result.shrunk) throw new UsageError(`seed ${flags.seed} of ${target.ref}: ${result.reason}`);
  const { original, minimal } = result;
  const repro = `${result.repro} --digest ${minimal.result.digest}`;
  if (flags.json) {
    const run = (r: ShrinkRun) => ({ faultCount: r.faultCount, faults: r.faults, timeMs: r.result.config.timeMs, mask: r.result.config.mask, violation: r.result.violation, digest: r.result.digest });
    process.stdout.write(JSON.stringify({ scenario: target.ref, seed: flags.seed, runs: result.runs, budgetExhausted: result.budgetExhausted, original: run(original), minimal: run(minimal), repro }) + '\n');
    return EXIT.ok;
  }
  const removed = original.faultCount - minimal.faultCount;
  const lines = [
    `  failure kept: ${chalk.red(describeRun(original))}`,
    chalk.bold(`faults fired: ${original.faultCount} → ${minimal.faultCount} (${removed} removed) · run time ${formatDurationMs(original.result.config.timeMs)} → ${formatDurationMs(minimal.result.config.timeMs)} · ${result.runs} runs`),
    `  faults left: ${minimal.faults.length > 0 ? minimal.faults.join(', ') : 'none (it fails without any maskable fault)'}${minimal.faultCount > minimal.faults.length ? ` + ${minimal.faultCount - minimal.faults.length} Byzantine action(s), which a mask cannot remove` : ''}`,
    `  minimal failure: ${describeRun(minimal)}`,
  ];
  if (result.budgetExhausted) lines.push(chalk.yellow(`  --max-runs ${flags.maxRuns} ran out: this still fails but may not be minimal`));
  lines.push(`  minimal repro: ${chalk.bold(repro)}`);
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT.ok;
}
