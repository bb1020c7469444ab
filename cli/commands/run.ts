import type { Command } from 'commander';
import {
  checkDeterminism,
  guarded,
  noteRunProgress,
  prepareRun,
  reproOf,
  summarize,
  traceHeader,
  type RunConfig,
  type RunOptions,
  type RunResult,
  type Scenario,
  type Simulation,
} from '../../scenarios/index.js';
import { resolveTarget, scenarioRef } from '../../scenarios/index.js';
import { determinismJson, formatDeterminism } from '../determinism.js';
import { EXIT, exitCodeForResult, withOutputProblem, type ExitCode } from '../exit-codes.js';
import { GuardedTraceWriter } from '../output/guarded-trace.js';
import { prepareOutputFile } from '../output/paths.js';
import { formatConfig, formatResult } from '../format.js';
import { parseDurationOption } from '../options.js';
import { printedRunRepro } from '../output/repro-line.js';
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
    const prepared = startTrace(scenario, options, writer, onConfig);
    prepared.sim.run();
    return finishTrace(prepared, writer);
  } finally {
    writer?.close();
    if (writer?.problem) problems.push(writer.problem);
  }
}

type Prepared = ReturnType<typeof prepareRun>;

function startTrace(scenario: Scenario, options: RunOptions, writer: GuardedTraceWriter | undefined, onConfig?: (config: RunConfig) => void): Prepared {
  const prepared = prepareRun(scenario, writer ? { ...options, trace: writer } : options);
  onConfig?.(prepared.config);
  writer?.writeHeader(traceHeader(scenario.name, reproOf(scenarioRef(scenario), options), prepared.config));
  return prepared;
}

function finishTrace(prepared: Prepared, writer: GuardedTraceWriter | undefined): RunResult {
  const result = summarize(prepared);
  writer?.writeFooter({ digest: result.digest, events: result.stats.events, ok: result.ok, ...(result.ok ? {} : { violation: result.violation }) });
  return result;
}

/** Events run between two looks at the event loop, where a Ctrl-C can be seen. */
const EVENTS_PER_SLICE = 8192;

/**
 * Runs in slices so that SIGINT or SIGTERM, which Node delivers only between tasks, can stop the
 * run between two events. The guard stays installed across a slice (each step() nests in it).
 */
async function runUntilSignal(sim: Simulation): Promise<NodeJS.Signals | undefined> {
  let signal: NodeJS.Signals | undefined;
  const stop = (received: NodeJS.Signals) => {
    signal = received;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!sim.done && signal === undefined) {
      guarded(() => {
        for (let n = 0; n < EVENTS_PER_SLICE && sim.step(); n++);
      });
      noteRunProgress();
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return signal;
}

/**
 * `run --trace`: like runWithTrace, but a Ctrl-C ends the trace with an interrupted footer (what
 * ran, up to which event) instead of leaving it cut off; replay then reports it incomplete.
 */
async function runTraceInterruptible(
  scenario: Scenario,
  options: RunOptions,
  tracePath: string,
  onConfig: ((config: RunConfig) => void) | undefined,
  problems: string[],
): Promise<RunResult | { interrupted: NodeJS.Signals; events: number; virtualMs: number }> {
  const writer = new GuardedTraceWriter(tracePath);
  try {
    const prepared = startTrace(scenario, options, writer, onConfig);
    const signal = await runUntilSignal(prepared.sim);
    if (signal === undefined) return finishTrace(prepared, writer);
    const events = prepared.sim.eventIndex;
    writer.writeFooter({ interrupted: true, signal, events, virtualTimeMs: prepared.sim.nowMs });
    return { interrupted: signal, events, virtualMs: prepared.sim.nowMs };
  } finally {
    writer.close();
    if (writer.problem) problems.push(writer.problem);
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
    .option('--stall-timeout <duration>', 'stop (exit 3) a module scenario\'s run that makes no progress for this wall time: a handler that never returns (default: 1m)', parseDurationOption)
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
        if (flags.trace) {
          const outcome = await runTraceInterruptible(scenario, options, flags.trace, printConfig, problems);
          if ('interrupted' in outcome) {
            process.stderr.write(`faultline: interrupted (${outcome.interrupted}) at event ${outcome.events}, virtual ${outcome.virtualMs} ms; ${flags.trace} ends with an interrupted footer (replay verifies its events and reports it incomplete)\n`);
            setExit(EXIT.interrupted);
            return;
          }
          result = outcome;
        } else {
          result = runWithTrace(scenario, options, undefined, printConfig, problems);
        }
      }
      if (flags.json) {
        const json = resultJson(result);
        if (determinism) json.determinism = determinismJson(determinism);
        process.stdout.write(JSON.stringify(json) + '\n');
      } else {
        if (determinism) process.stdout.write(formatConfig(result.config) + '\n');
        const repro = printedRunRepro(result, scenario.defaultTimeMs);
        if (repro.problem) problems.push(repro.problem);
        process.stdout.write(formatResult(result, repro.text) + '\n');
        // A divergence is a report that something did not verify: stderr, like replay's.
        if (determinism) (determinism.identical ? process.stdout : process.stderr).write(formatDeterminism(determinism) + '\n');
      }
      for (const problem of problems) process.stderr.write(`faultline: ${problem}\n`);
      const code = determinism && !determinism.identical ? EXIT.nondeterminism : exitCodeForResult(result);
      setExit(problems.length > 0 ? withOutputProblem(code) : code);
    });
}
