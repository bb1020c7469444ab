import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { DEFAULT_SEED_WALL_BUDGET_MS, formatDurationMs, looksLikeModulePath, parseDurationMs, setRunProgressListener, setRunStartListener } from '../sim/index.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Commands that run user code with no seed timeout of their own; fuzz has one per seed. */
const SUPERVISED = new Set(['replay', 'shrink']);
/** After Ctrl-C, how long a child stuck in a handler (it cannot see the signal) gets before it is killed. */
const INTERRUPT_GRACE_MS = 2_000;
/** Set in the child: the file descriptor on which it announces each run's start. */
const WATCH_FD_ENV = 'FAULTLINE_WATCH_FD';
/** Set in the child when it should also announce progress within a run (`run`), not only each start. */
const WATCH_PROGRESS_ENV = 'FAULTLINE_WATCH_PROGRESS';
/** Beyond the seed timeout, the time a run may take before it is taken to hang (as fuzz allows). */
const GRACE_MS = 1_000;

/** A duration flag as given on the command line (commander in the child parses and checks it again). */
function durationFlagMs(argv: readonly string[], flag: string): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg === flag ? argv[i + 1] : arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined;
    const ms = value === undefined ? undefined : parseDurationMs(value);
    if (ms !== undefined && ms > 0) return ms;
  }
  return DEFAULT_SEED_WALL_BUDGET_MS;
}

/** The scenario argument of `run` (the first word that is neither a flag nor a flag's value). */
function runScenarioArgument(argv: readonly string[]): string | undefined {
  // The flags that take no value, as the run command declares them: the word after one may be the scenario.
  const run = buildProgram(() => {}).commands.find((command) => command.name() === 'run');
  const booleanFlags = new Set((run?.options ?? []).filter((option) => !option.required && !option.optional).map((option) => option.long));
  for (let i = 3; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return arg;
    if (!arg.includes('=') && !booleanFlags.has(arg)) i++;
  }
  return undefined;
}

/**
 * How the supervisor watches a command, or undefined for none. `replay` and `shrink` are bounded per
 * run (as fuzz bounds a seed); `run` of a module scenario (user code; the built-in scenarios need no
 * watch and pay no second process) is stopped only when it makes no progress, since a long run is
 * legitimate: the engine says so every 1,024 events.
 */
function watchFor(argv: readonly string[]): { limitMs: number; progress: boolean; what: string } | undefined {
  const command = argv[2] ?? '';
  if (SUPERVISED.has(command)) {
    const timeoutMs = durationFlagMs(argv, '--seed-timeout');
    return { limitMs: timeoutMs + GRACE_MS, progress: false, what: `one run did not finish within ${formatDurationMs(timeoutMs + GRACE_MS)} (the seed timeout, ${formatDurationMs(timeoutMs)}, plus ${formatDurationMs(GRACE_MS)}): a handler or checker never returned, or the run is slower than that (raise --seed-timeout)` };
  }
  const scenario = command === 'run' ? runScenarioArgument(argv) : undefined;
  if (scenario === undefined || !looksLikeModulePath(scenario)) return undefined;
  const stallMs = durationFlagMs(argv, '--stall-timeout');
  return { limitMs: stallMs, progress: true, what: `the run made no progress for ${formatDurationMs(stallMs)}: a handler or checker of the scenario never returned (raise --stall-timeout if one step is really that slow)` };
}

/**
 * In the supervised child: announce each run on the watch descriptor (a synchronous write, made by
 * the run itself), and each second while the event loop is free.
 */
export function watchRunsIfSupervised(): void {
  const fd = Number(process.env[WATCH_FD_ENV]);
  if (!Number.isInteger(fd) || fd < 3) return;
  const beat = (): void => {
    try {
      writeSync(fd, 'r');
    } catch {
      // The supervisor is gone; nothing to tell.
    }
  };
  setRunStartListener(beat);
  if (process.env[WATCH_PROGRESS_ENV] === '1') setRunProgressListener(beat);
  // While this process waits (on worker processes, say) its event loop turns and says so; a run
  // that blocks it for longer than the limit is what the supervisor stops.
  setInterval(beat, 1_000).unref();
}

/**
 * Runs this command again in a child process and stops it when the child goes silent for longer than
 * the seed timeout plus a grace: one simulation run blocking it that long (a handler that never
 * returns) is then a `limit` (exit 3), as in fuzz, not a hang. Returns undefined when the command
 * needs no supervisor (or this is the child).
 */
export async function superviseIfNeeded(argv: readonly string[]): Promise<number | undefined> {
  if (process.env[WATCH_FD_ENV] !== undefined || argv.includes('--help') || argv.includes('-h')) return undefined;
  const watch = watchFor(argv);
  if (watch === undefined) return undefined;
  const { limitMs } = watch;
  const child = spawn(process.execPath, [...process.execArgv, ...argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, [WATCH_FD_ENV]: '3', ...(watch.progress ? { [WATCH_PROGRESS_ENV]: '1' } : {}) },
  });
  let hung = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
  };
  const beats = child.stdio[3] as NodeJS.ReadableStream | null;
  beats?.on('data', arm);
  // Ctrl-C reaches the child through the process group; SIGTERM (a CI cancel) may come to us alone.
  // A child inside a handler that never returns cannot see either, so it is killed after a grace.
  let interrupted: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals, forward: boolean): void => {
    interrupted = signal;
    if (forward) child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), INTERRUPT_GRACE_MS).unref();
  };
  process.on('SIGINT', () => stop('SIGINT', false));
  process.on('SIGTERM', () => stop('SIGTERM', true));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  clearTimeout(timer);
  if (hung) {
    process.stderr.write(`faultline: ${argv[2]} stopped: ${watch.what}\n`);
    return EXIT.inconclusive;
  }
  if (signal === 'SIGKILL' && interrupted !== undefined) {
    process.stderr.write(`faultline: interrupted (${interrupted}) inside a handler that did not return; nothing more was written\n`);
    return EXIT.interrupted;
  }
  if (signal === 'SIGINT' || signal === 'SIGTERM') return EXIT.interrupted;
  return code ?? EXIT.crash;
}
