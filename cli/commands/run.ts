import type { Command } from 'commander';
import {
  checkDeterminism,
  prepareRun,
  reproOf,
  summarize,
  traceHeader,
  type RunConfig,
  type RunOptions,
  type RunResult,
  type Scenario,
} from '../../scenarios/index.js';
import { resolveTarget, scenarioRef } from '../../scenarios/index.js';
import { determinismJson, formatDeterminism } from '../determinism.js';
import { EXIT, exitCodeForResult, withOutputProblem, type ExitCode } from '../exit-codes.js';
import { GuardedTraceWriter } from '../output/guarded-trace.js';
import { prepareOutputFile } from '../output/paths.js';
import { formatConfig, formatResult } from '../format.js';
import { addRunOptions, runOptionsFrom, type RunFlags } from '../run-options.js';

interface RunCommandFlags extends RunFlags {
  json?: boolean;
  trace?: string;
  checkDeterminism?: boolean;
}

/** The fields of a result that --json promises, beside the full config and stats. */
export function resultJson(result: RunResult): Record<string, unknown> {
  return {
    ok: result.ok,
    scenario: result.scenario,
    seed: result.seed,
    digest: result.digest,
    events: result.stats.events,
    virtualTimeMs: result.stats.virtualTimeMs,
    faults: result.stats.faults,
    wallMs: result.wallMs,
    ...(result.ok ? {} : { violation: result.violation, repro: result.repro }),
    ...(!result.ok && result.anomaly ? { anomaly: result.anomaly } : {}),
    ...(!result.ok && result.byzantine ? { byzantine: result.byzantine } : {}),
    ...(!result.ok && result.outsideAssumptions ? { outsideAssumptions: true } : {}),
    config: result.config,
    stats: result.stats,
  };
}

/**
 * Runs once, streaming the trace to a file when asked. The simulation is prepared once: onConfig
 * sees its derived configuration before the first event (to print it). A trace write that fails
 * mid-run (a full disk) does not stop the run: its line goes to `problems`.
 */
export function runWithTrace(
  scenario: Scenario,
  options: RunOptions,
  tracePath: string | undefined,
  onConfig?: (config: RunConfig) => void,
  problems: string[] = [],
): RunResult {
  const writer = tracePath ? new GuardedTraceWriter(tracePath) : undefined;
  try {
    const prepared = prepareRun(scenario, writer ? { ...options, trace: writer } : options);
    onConfig?.(prepared.config);
    writer?.writeHeader(traceHeader(scenario.name, reproOf(scenarioRef(scenario), options), prepared.config));
    prepared.sim.run();
    const result = summarize(prepared);
    writer?.writeFooter({ digest: result.digest, events: result.stats.events, ok: result.ok, ...(result.ok ? {} : { violation: result.violation }) });
    return result;
  } finally {
    writer?.close();
    if (writer?.problem) problems.push(writer.problem);
  }
}

export function registerRun(program: Command, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('run')
    .description('run a scenario on one seed and report whether every checker held')
    .argument('<scenario>', "a scenario name (see 'faultline list') or a module: ./path.js, ./path.ts, ./path.js#name");
  addRunOptions(command, false)
    .option('--json', 'print one JSON object on stdout instead of the summary')
    .option('--trace <file.jsonl>', 'stream the trace to a JSONL file')
    .option('--check-determinism', 'run twice and compare every event; report the first divergence')
    .action(async (name: string, flags: RunCommandFlags) => {
      const { scenario } = await resolveTarget(name);
      const options = runOptionsFrom(flags);
      if (flags.trace) prepareOutputFile(flags.trace, '--trace');
      const problems: string[] = [];
      let result: RunResult;
      let determinism: ReturnType<typeof checkDeterminism> | undefined;
      if (flags.checkDeterminism) {
        determinism = checkDeterminism(scenario, options);
        result = determinism.result;
        if (flags.trace) runWithTrace(scenario, options, flags.trace, undefined, problems);
      } else {
        const printConfig = flags.json ? undefined : (config: RunConfig) => process.stdout.write(formatConfig(config) + '\n');
        result = runWithTrace(scenario, options, flags.trace, printConfig, problems);
      }
      if (flags.json) {
        const json = resultJson(result);
        if (determinism) json.determinism = determinismJson(determinism);
        process.stdout.write(JSON.stringify(json) + '\n');
      } else {
        if (determinism) process.stdout.write(formatConfig(result.config) + '\n');
        process.stdout.write(formatResult(result) + '\n');
        if (determinism) process.stdout.write(formatDeterminism(determinism) + '\n');
      }
      for (const problem of problems) process.stderr.write(`faultline: ${problem}\n`);
      const code = determinism && !determinism.identical ? EXIT.nondeterminism : exitCodeForResult(result);
      setExit(problems.length > 0 ? withOutputProblem(code) : code);
    });
}
