#!/usr/bin/env node
import chalk from 'chalk';
import { CommanderError } from 'commander';
import { exitProcess, FaultSpecError, guardProcessExit, ScenarioError, TraceFileError, UsageError } from '../sim/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { ioReason, OutputWriteError } from './output/paths.js';
import { buildProgram } from './program.js';
import { superviseIfNeeded, watchRunsIfSupervised } from './supervise.js';

/** Errors that mean the user's input was wrong: one line, exit 2. */
const USAGE_ERRORS = [UsageError, FaultSpecError, TraceFileError];

// chalk follows FORCE_COLOR and the terminal; NO_COLOR (no-color.org) is ours to honour.
if (process.env.NO_COLOR) chalk.level = 0;

// A closed pipe (`faultline run x --json | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exitProcess(Number(process.exitCode ?? 0));
    throw error;
  });
}

// Scenario modules run in this process: one that calls process.exit must not end it (see module-guard).
const exitGuard = guardProcessExit();

// The event loop emptied while the command was still waiting: only a scenario module's top-level
// await (or a promise its code never settles) leaves faultline waiting on nothing; Node would exit 13.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  const argument = process.argv[3];
  const named = argument && /\.(?:m?js|cjs)(?:#[\w.-]+)?$/.test(argument) ? ` ${argument}` : '';
  process.stderr.write(`faultline: the scenario module${named} never finished loading: a top-level await (or a promise it waits on) never settles\n`);
  exitProcess(EXIT.crash);
});

/** Exit code and line for an error that reached the top. */
function reportError(error: unknown): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  // The guard's throw may come back wrapped (a module that exits while loading is a load failure).
  if (error instanceof ScenarioError || exitGuard.tripped !== undefined) {
    process.stderr.write(`faultline: ${message}\n`);
    return EXIT.crash;
  }
  if (USAGE_ERRORS.some((type) => error instanceof type)) {
    process.stderr.write(`faultline: ${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof OutputWriteError) {
    process.stderr.write(`faultline: ${message}\n`);
    return EXIT.inconclusive;
  }
  // A file that failed mid-command (a full disk): the system's words, not a stack trace.
  const errno = error as NodeJS.ErrnoException;
  if (typeof errno?.syscall === 'string' && typeof errno.code === 'string') {
    process.stderr.write(`faultline: ${errno.syscall} ${errno.path ?? ''} failed: ${ioReason(errno)}\n`);
    return EXIT.inconclusive;
  }
  process.stderr.write(`faultline: internal error: ${message}\n`);
  if (process.env.FAULTLINE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.crash;
}

async function main(argv: string[]): Promise<void> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  // Commander prints its own one-line "error: ..." before throwing; we only choose the exit code.
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const clean = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = clean ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = reportError(error);
    return;
  }
  process.exitCode = exitCode;
}

try {
  const supervised = await superviseIfNeeded(process.argv);
  if (supervised === undefined) {
    watchRunsIfSupervised();
    await main(process.argv);
  } else {
    process.exitCode = supervised;
  }
} finally {
  finished = true;
}
