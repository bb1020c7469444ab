import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { DEFAULT_SEED_WALL_BUDGET_MS, formatDurationMs, parseDurationMs, setRunStartListener } from '../sim/index.js';
import { EXIT } from './exit-codes.js';

/** Commands that run user code with no seed timeout of their own; fuzz has one per seed. */
const SUPERVISED = new Set(['replay', 'shrink']);
/** Set in the child: the file descriptor on which it announces each run's start. */
const WATCH_FD_ENV = 'FAULTLINE_WATCH_FD';
/** Beyond the seed timeout, the time a run may take before it is taken to hang (as fuzz allows). */
const GRACE_MS = 1_000;

/** `--seed-timeout` as given on the command line (commander in the child parses and checks it again). */
function seedTimeoutMs(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg === '--seed-timeout' ? argv[i + 1] : arg.startsWith('--seed-timeout=') ? arg.slice('--seed-timeout='.length) : undefined;
    const ms = value === undefined ? undefined : parseDurationMs(value);
    if (ms !== undefined && ms > 0) return ms;
  }
  return DEFAULT_SEED_WALL_BUDGET_MS;
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
  if (!SUPERVISED.has(argv[2] ?? '') || process.env[WATCH_FD_ENV] !== undefined || argv.includes('--help') || argv.includes('-h')) return undefined;
  const limitMs = seedTimeoutMs(argv) + GRACE_MS;
  const child = spawn(process.execPath, [...process.execArgv, ...argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, [WATCH_FD_ENV]: '3' },
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
  const watch = child.stdio[3] as NodeJS.ReadableStream | null;
  watch?.on('data', arm);
  // Ctrl-C reaches the child through the process group; SIGTERM (a CI cancel) may come to us alone.
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', () => {});
  process.on('SIGTERM', forward);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  clearTimeout(timer);
  if (hung) {
    process.stderr.write(
      `faultline: ${argv[2]} stopped: one run did not finish within ${formatDurationMs(limitMs)} (the seed timeout, ${formatDurationMs(limitMs - GRACE_MS)}, plus ${formatDurationMs(GRACE_MS)}): a handler or checker never returned, or the run is slower than that (raise --seed-timeout)\n`,
    );
    return EXIT.inconclusive;
  }
  if (signal === 'SIGINT' || signal === 'SIGTERM') return EXIT.interrupted;
  return code ?? EXIT.crash;
}
