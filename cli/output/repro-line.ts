import { isAbsolute, relative } from 'node:path';
import { MAX_REPRO_COMMAND, reproArgs, reproFitsCommand, writeReproFile, type Repro, type RunResult } from '../../sim/index.js';

/** A path as short as it can be printed: relative to the working directory when it lies under it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export interface ReproLineOptions {
  /** The digest the run gave, when a re-run verified it (the command then checks it). */
  digest?: string;
  /** A file that already replays this repro (a fuzz corpus entry): printed instead of writing another. */
  file?: string;
  /** Where a repro file is written when the command is too long (default: the working directory). */
  dir?: string;
  /** More to keep in a repro file beside the repro (what failed, how many faults). */
  extra?: Record<string, unknown>;
}

/** What a person types to replay a run: `faultline replay …` arguments (without the digest) and the whole command. */
export interface ReproLine {
  replayArgs: string;
  command: string;
  /** Set when the repro went to a file because its command would pass MAX_REPRO_COMMAND characters. */
  file?: string;
}

/**
 * The repro as it is printed: one `faultline replay` command of at most MAX_REPRO_COMMAND (200)
 * characters, or, when that would be longer (a long kept-fault list, a module path, many fault
 * settings), a repro file and `faultline replay <file>`, which replays it and verifies its digest.
 * A file that cannot be written leaves the long command (it still replays) and says why in `problem`.
 */
export function reproLine(repro: Repro, defaultTimeMs: number | undefined, options: ReproLineOptions = {}): ReproLine & { problem?: string } {
  const digest = options.digest ? ` --digest ${options.digest}` : '';
  const args = reproArgs(repro, defaultTimeMs);
  if (args && reproFitsCommand(repro, defaultTimeMs, digest)) return { replayArgs: args.join(' '), command: `faultline replay ${args.join(' ')}${digest}` };
  if (options.file) return fileLine(shownPath(options.file));
  try {
    return fileLine(shownPath(writeReproFile(repro, options.dir ?? '.', { ...(options.digest ? { digest: options.digest } : {}), ...options.extra })));
  } catch (error) {
    const whole = args ? `faultline replay ${args.join(' ')}${digest}` : `faultline replay # ${JSON.stringify(repro)}`;
    return { replayArgs: args?.join(' ') ?? '', command: whole, problem: `${(error as Error).message}; printed the whole command instead` };
  }
}

function fileLine(file: string): ReproLine {
  return { replayArgs: file, command: `faultline replay ${file}`, file };
}

/**
 * A failing run's repro line for `run` and `replay`: the recorded command when it fits, else the
 * file the run was replayed from (it replays the same run), else a new repro file.
 */
export function printedRunRepro(result: RunResult, defaultTimeMs: number | undefined, fromFile?: string): { text?: string; problem?: string } {
  if (result.ok || result.repro.length <= MAX_REPRO_COMMAND) return {};
  if (fromFile) return { text: `faultline replay ${shownPath(fromFile)}` };
  const line = reproLine(result.reproValue, defaultTimeMs);
  return { text: line.command, ...(line.problem ? { problem: line.problem } : {}) };
}
