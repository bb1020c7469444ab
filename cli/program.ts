import { Command, CommanderError } from 'commander';
import { FAULTLINE_VERSION } from '../sim/index.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { registerCheck } from './commands/check.js';
import { registerList } from './commands/list.js';
import { registerRun } from './commands/run.js';
import { registerFuzz } from './commands/fuzz.js';
import { registerReplay } from './commands/replay.js';
import { registerShrink } from './commands/shrink.js';
import { registerExport } from './commands/export.js';
import { registerInit } from './commands/init.js';

/** Builds the commander program. Commands report their outcome through setExit; nothing exits here. */
export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('deterministic distributed-systems simulator: run scenarios, replay seeds, fuzz in CI')
    .version(FAULTLINE_VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  registerList(program);
  registerRun(program, setExit);
  registerFuzz(program, setExit);
  registerReplay(program, setExit);
  registerShrink(program, setExit);
  registerExport(program, setExit);
  registerCheck(program, setExit);
  registerInit(program, setExit);
  return program;
}

export { CommanderError, EXIT };
