import chalk from 'chalk';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveTarget } from '../../scenarios/index.js';
import {
  checkDeterminism,
  type DeterminismReport,
  FAULTLINE_VERSION,
  foreignVersion,
  judgeTrace,
  readReproFile,
  readTraceFile,
  reproOfTraceHeader,
  runOptionsOf,
  TraceComparison,
  UsageError,
  type FuzzTarget,
  type RunOptions,
  type TraceCheck,
  type TraceFile,
} from '../../sim/index.js';
import { EXIT, exitCodeForResult, withOutputProblem, type ExitCode } from '../exit-codes.js';
import { prepareOutputFile } from '../output/paths.js';
import { printedRunRepro } from '../output/repro-line.js';
import { formatConfig, formatResult } from '../format.js';
import { formatNodeState } from '../replay/state.js';
import { replayRun, type ReplayRun } from '../replay/run.js';
import { eventNode, formatTimeline } from '../replay/timeline.js';
import { parseDurationOption } from '../options.js';
import { addRunOptions, runOptionsFrom, type RunFlags } from '../run-options.js';
import { resultJson } from './run.js';
import { determinismJson, formatDeterminism } from '../determinism.js';
import { writeRunHtml } from '../export/run-html.js';

/** Replay's own options, beside the run options a repro prints. */
interface ReplayFlags extends RunFlags {
  trace?: string;
  until?: number;
  inspect?: string;
  digest?: string;
  json?: boolean;
  html?: string;
  checkDeterminism?: boolean;
}

function parseEventIndex(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`--until expects an event index (0 or more), got "${value}"`);
  return n;
}

function parseDigest(value: string): string {
  const digest = value.trim().toLowerCase();
  if (!/^[0-9a-f]{16}$/.test(digest)) throw new InvalidArgumentError(`--digest expects the 16 hex digits a run prints, got "${value}"`);
  return digest;
}

const RUN_FLAGS = ['seed', 'time', 'faults', 'swarm', 'mask', 'onlyFaults', 'beyond', 'strategy', 'size', 'maxEvents'] as const;

export function registerReplay(program: Command, setExit: (code: ExitCode) => void): void {
  const command = program
    .command('replay')
    .description('re-run a seed exactly (or a recorded trace), verify its digest, show the violation, a timeline and node state')
    .argument('<scenario | trace.jsonl | file.repro.json>', 'a scenario name or module with --seed, a trace file written by --trace, or a repro file written by shrink');
  addRunOptions(command, false);
  // run defaults --seed to 1; replay needs it given (with a scenario) or absent (with a trace).
  const seedOption = command.options.find((option) => option.long === '--seed');
  if (seedOption) seedOption.defaultValue = undefined;
  // ---- replay options (exports such as --html are added here) ----
  command
    .option('--trace <file.jsonl>', 'also write this run\'s trace to a JSONL file')
    .option('--until <event>', 'centre the timeline on this event index and show node state after it', parseEventIndex)
    .option('--inspect <node>', "show this node's state (after --until's event, else after the violation)")
    .option('--digest <hex>', 'verify that the run reproduces this digest (exit 4 if not)', parseDigest)
    .option('--json', 'print one JSON object on stdout instead of text')
    .option('--html <file>', 'also write the run as a self-contained HTML space-time diagram (with node states)')
    .option('--seed-timeout <duration>', 'stop (exit 3) a run that takes longer than this wall time, as fuzz does (default: 1m)', parseDurationOption)
    .option('--check-determinism', 'also run it twice more and compare every event; report the first divergence (exit 4)')
    .action(async (argument: string, flags: ReplayFlags, self: Command) => {
      if (flags.trace) prepareOutputFile(flags.trace, '--trace');
      if (flags.html) prepareOutputFile(flags.html, '--html');
      const given = RUN_FLAGS.filter((flag) => self.getOptionValueSource(flag) === 'cli');
      if (argument.endsWith('.jsonl')) setExit(await replayTrace(argument, flags, given));
      else if (argument.endsWith('.json')) setExit(await replayReproFile(argument, flags, given));
      else setExit(await replayScenario(argument, flags, given.includes('seed')));
    });
}

async function replayScenario(argument: string, flags: ReplayFlags, seedGiven: boolean): Promise<ExitCode> {
  if (!seedGiven) throw new UsageError(`replay needs --seed <n> with a scenario (as a repro prints it), or a trace file: faultline replay ${argument} --seed 1`);
  return replayVerified(await resolveTarget(argument), runOptionsFrom(flags), flags);
}

/** A repro file (from shrink) or a fuzz corpus entry: its repro whole, and its digest verified unless --digest says otherwise. */
async function replayReproFile(path: string, flags: ReplayFlags, given: readonly string[]): Promise<ExitCode> {
  if (given.length > 0) throw new UsageError(`a repro file replays with the options it holds; drop --${given.join(', --')} (or replay the scenario with --seed instead)`);
  const { repro, digest } = readReproFile(path);
  const verified = flags.digest === undefined && digest !== undefined ? { ...flags, digest } : flags;
  return replayVerified(await resolveTarget(repro.scenario), runOptionsOf(repro), verified, path);
}

async function replayVerified(target: FuzzTarget, options: RunOptions, flags: ReplayFlags, fromFile?: string): Promise<ExitCode> {
  const replay = { ...replayOnce(target, options, flags), defaultTimeMs: target.scenario.defaultTimeMs, ...(fromFile ? { fromFile } : {}) };
  const digestOk = flags.digest === undefined || flags.digest === replay.result.digest;
  return report(replay, flags, {
    verification:
      flags.digest === undefined
        ? chalk.dim(`digest ${replay.result.digest} (pass --digest to verify it against a recorded run)`)
        : digestOk
          ? chalk.green(`✔ digest matches ${flags.digest}: the recorded run is reproduced exactly`)
          : undefined,
    ...(digestOk ? {} : { problem: `✘ digest differs: expected ${flags.digest}, this run gave ${replay.result.digest} (a different build, different options, or nondeterminism)` }),
    code: digestOk ? undefined : EXIT.nondeterminism,
    json: { digest: { expected: flags.digest ?? null, actual: replay.result.digest, matches: flags.digest === undefined ? null : digestOk } },
  });
}

async function replayTrace(path: string, flags: ReplayFlags, given: readonly string[]): Promise<ExitCode> {
  if (given.length > 0) throw new UsageError(`a trace replays with the options in its header; drop --${given.join(', --')} (or replay the scenario with --seed instead)`);
  const trace = readTraceFile(path);
  const foreign = foreignVersion(trace);
  if (foreign !== undefined) {
    throw new UsageError(`${path} was written by faultline ${foreign}, this is faultline ${FAULTLINE_VERSION}: its events are not comparable; replay it with that version (npx faultline@${foreign} replay ${path})`);
  }
  const { target, options: recorded } = await traceRun(trace, path);
  // A trace cut short is verified as far as it goes: re-running past its last event (an
  // interrupted 100-hour run) would cost the whole run and verify nothing more.
  const complete = trace.footer !== undefined && trace.footer.interrupted !== true;
  const options = complete ? recorded : { ...recorded, maxEvents: Math.max(1, trace.events.length) };
  const comparison = new TraceComparison(trace.events);
  const replay = { ...replayOnce(target, options, flags, comparison), defaultTimeMs: target.scenario.defaultTimeMs, fromFile: path };
  const check = judgeTrace(trace, comparison, replay.result.digest);
  const verdict = verdictText(path, check);
  return report(replay, flags, { ...verdict, code: verdictCode(check), json: { trace: { path, ...check } } });
}

async function traceRun(trace: TraceFile, path: string): Promise<{ target: FuzzTarget; options: RunOptions }> {
  let repro: ReturnType<typeof reproOfTraceHeader>;
  try {
    repro = reproOfTraceHeader(trace.header);
  } catch (error) {
    throw error instanceof UsageError ? new UsageError(`${path}: ${error.message}`) : error;
  }
  if (repro === undefined) throw new UsageError(`${path}: the trace header has no scenario or seed (is this a faultline trace?)`);
  return { target: await resolveTarget(repro.scenario), options: runOptionsOf(repro) };
}

/**
 * A verified trace is a result line on stdout; anything else is a one-line report on stderr (what a
 * script or CI log shows), with the first differing event in full on stdout beside the timeline.
 */
function verdictText(path: string, check: TraceCheck): Pick<Verification, 'verification' | 'problem'> {
  const mismatch = check.mismatch;
  const at = mismatch ? ` at event #${mismatch.index} (event ${mismatch.position + 1} of the file)` : '';
  const detail = mismatch
    ? `first difference${at}:\n  file:   ${mismatch.recorded ?? '(no more events)'}\n  replay: ${mismatch.replayed ?? '(no more events)'}`
    : undefined;
  switch (check.verdict) {
    case 'identical':
      return { verification: chalk.green(`✔ trace verified: every event of ${path} and its digest ${check.replayedDigest} are reproduced exactly`) };
    case 'incomplete':
      return {
        problem:
          check.eventsInFile === 0
            ? `⚠ ${path} is incomplete: a header and no events (its run was cut short before the first), so there is nothing to verify`
            : `⚠ ${path} is incomplete (its run was cut short: no footer, or interrupted): all ${check.eventsInFile} events it has match, the rest cannot be verified`,
      };
    case 'edited':
      return check.edited === 'digest'
        ? { problem: `✘ ${path} was modified after it was written: every event matches, but its footer's digest ${check.recordedDigest ?? '(missing)'} is not the run's ${check.replayedDigest}` }
        : { problem: `✘ ${path} was modified after it was written: the run reproduces its recorded digest ${check.recordedDigest}, but the file's events differ${at}`, verification: detail };
    case 'diverged':
      return {
        problem: `✘ replay diverged from ${path}${at}: digest ${check.replayedDigest}, recorded ${check.recordedDigest ?? 'none'}; the file was edited, or this build runs the scenario differently`,
        verification: detail,
      };
  }
}

function verdictCode(check: TraceCheck): ExitCode | undefined {
  if (check.verdict === 'edited') return EXIT.usage;
  if (check.verdict === 'diverged') return EXIT.nondeterminism;
  if (check.verdict === 'incomplete') return EXIT.inconclusive;
  return undefined;
}

function replayOnce(target: FuzzTarget, options: RunOptions, flags: ReplayFlags, comparison?: TraceComparison): ReplayRun & { determinism?: DeterminismReport } {
  if (flags.html) process.stderr.write(`${writeRunHtml(flags.html, target.scenario, options, undefined, target.ref)}\n`);
  const determinism = flags.checkDeterminism ? { determinism: checkDeterminism(target.scenario, options) } : {};
  return { ...determinism, ...replayRun(target, options, {
    ...(flags.until !== undefined ? { until: flags.until } : {}),
    record: flags.until !== undefined || flags.inspect !== undefined,
    ...(flags.trace ? { tracePath: flags.trace } : {}),
    ...(comparison ? { extra: comparison } : {}),
  }) };
}

interface Verification {
  /** The verification result for stdout (with the text report). */
  verification?: string | undefined;
  /** A one-line report of what does not verify, for stderr (in text and --json mode alike). */
  problem?: string;
  code: ExitCode | undefined;
  json: Record<string, unknown>;
}

/** A replay and where it came from: a long repro is printed as the file it was replayed from. */
type Replayed = ReplayRun & { determinism?: DeterminismReport; defaultTimeMs: number | undefined; fromFile?: string };

function report(replay: Replayed, flags: ReplayFlags, verified: Verification): ExitCode {
  const code = reportRun(replay, flags, verified);
  if (!replay.traceProblem) return code;
  process.stderr.write(`faultline: ${replay.traceProblem}\n`);
  return withOutputProblem(code);
}

function reportRun(replay: Replayed, flags: ReplayFlags, verified: Verification): ExitCode {
  const { result, prepared, window, determinism } = replay;
  const lastEvent = result.stats.events - 1;
  if (flags.until !== undefined && flags.until > lastEvent) throw new UsageError(`--until ${flags.until} is past the run's last event (#${lastEvent})`);
  const nodeIds = result.config.nodes.map((node) => node.id);
  if (flags.inspect !== undefined && !nodeIds.includes(flags.inspect)) throw new UsageError(`--inspect: no node "${flags.inspect}" in this run (nodes: ${nodeIds.join(' ')})`);
  const centre = flags.until ?? (result.ok ? lastEvent : Math.min(result.violation.eventIndex, lastEvent));
  const events = window.around(centre);
  const stateNode = flags.inspect ?? (flags.until !== undefined ? eventNodeAt(replay, centre) : undefined);
  const state = stateNode !== undefined ? prepared.sim.stateAt(stateNode, centre) : undefined;

  if (verified.problem) process.stderr.write(`faultline: ${verified.problem}\n`);
  if (flags.json) {
    const json = { ...resultJson(result), ...verified.json, ...(determinism ? { determinism: determinismJson(determinism) } : {}), timeline: events, ...(stateNode !== undefined ? { state: { node: stateNode, eventIndex: centre, value: state ?? null } } : {}) };
    process.stdout.write(JSON.stringify(json) + '\n');
  } else {
    const repro = printedRunRepro(result, replay.defaultTimeMs, replay.fromFile);
    if (repro.problem) process.stderr.write(`faultline: ${repro.problem}\n`);
    const out = [formatConfig(result.config), formatResult(result, repro.text), ...(verified.verification ? [verified.verification] : []), ...(determinism ? [formatDeterminism(determinism)] : [])];
    const reason = flags.until !== undefined ? `event #${centre}` : result.ok ? 'the end of the run' : `the violation (event #${centre})`;
    out.push(chalk.bold(`timeline around ${reason}:`), formatTimeline(events, centre));
    if (stateNode !== undefined) out.push(formatNodeState(stateNode, centre, state, prepared.sim.isUp(stateNode) || state !== undefined));
    process.stdout.write(out.join('\n') + '\n');
  }
  if (determinism && !determinism.identical) return EXIT.nondeterminism;
  return verified.code ?? exitCodeForResult(result);
}

function eventNodeAt(replay: ReplayRun, index: number): string | undefined {
  const event = replay.window.find(index);
  return event ? eventNode(event) : replay.result.config.nodes[0]?.id;
}
