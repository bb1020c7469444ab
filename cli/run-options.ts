import type { Command } from 'commander';
import type { RunOptions } from '../sim/index.js';
import { parseDurationOption, parseMaskOption, parseOnlyFaultsOption, parseSeedOption, parseStrategyOption } from './options.js';

export interface RunFlags {
  seed: string;
  time?: number;
  faults?: string;
  swarm?: boolean;
  mask?: string[];
  onlyFaults?: string[];
  strategy?: string;
}

/** The options that identify a run; `run` and `replay` share them, and a repro prints them. */
export function addRunOptions(command: Command, seedRequired: boolean): Command {
  if (seedRequired) command.requiredOption('--seed <n>', 'the seed (a non-negative integer)', parseSeedOption);
  else command.option('--seed <n>', 'the seed (a non-negative integer)', parseSeedOption, '1');
  return command
    .option('--time <duration>', "virtual run time, e.g. 30s, 5m, 1h (default: the scenario's)", parseDurationOption)
    .option('--faults <spec>', 'fault profile name and/or key=value overrides, e.g. chaos or drop=0.1,partition=0')
    .option('--swarm', 'let the seed draw the fault profile itself')
    .option('--mask <ids>', 'comma-separated fault ids to suppress (as printed by shrink)', parseMaskOption)
    .option('--only-faults <ids>', "suppress every fault except these ids (as printed by shrink); 'none' for no faults", parseOnlyFaultsOption)
    .option('--strategy <name>', 'search strategy of the run, as a fuzz repro names it: random (default), timescale, aimed, focus, priority', parseStrategyOption);
}

export function runOptionsFrom(flags: RunFlags): RunOptions {
  return {
    seed: flags.seed,
    ...(flags.time !== undefined ? { timeMs: flags.time } : {}),
    ...(flags.faults !== undefined ? { faults: flags.faults } : {}),
    ...(flags.swarm ? { swarm: true } : {}),
    ...(flags.mask ? { mask: flags.mask } : {}),
    ...(flags.onlyFaults ? { onlyFaults: flags.onlyFaults } : {}),
    ...(flags.strategy ? { strategy: flags.strategy } : {}),
  };
}
