#!/usr/bin/env node
import chalk from 'chalk';
import { CommanderError } from 'commander';
import { FaultSpecError, TraceFileError, UsageError } from '../sim/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Errors that mean the user's input was wrong: one line, exit 2. */
const USAGE_ERRORS = [UsageError, FaultSpecError, TraceFileError];

// chalk follows FORCE_COLOR and the terminal; NO_COLOR (no-color.org) is ours to honour.
if (process.env.NO_COLOR) chalk.level = 0;

// A closed pipe (`faultline run x --json | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
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
    if (USAGE_ERRORS.some((type) => error instanceof type)) {
      process.stderr.write(`faultline: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`faultline: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.FAULTLINE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = EXIT.crash;
    return;
  }
  process.exitCode = exitCode;
}

await main(process.argv);
