import type { Command } from 'commander';
import type { RunOptions } from '../sim/index.js';
import { beyondFrom, parseBeyondOption, parseFailureModelOption } from './assumption-options.js';
import { parseDurationOption, parseMaskOption, parseOnlyFaultsOption, parsePositiveIntOption, parseSeedOption, parseSizeOption, parseStrategyOption, searchStrategiesText } from './options.js';

export interface RunFlags {
  seed: string;
  time?: number;
  faults?: string;
  swarm?: boolean;
  mask?: string[];
  onlyFaults?: string[];
  beyond?: string[];
  failureModel?: string[];
  strategy?: string;
  size?: Record<string, number>;
  maxEvents?: number;
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
    .option('--beyond <kinds>', "allow these fault kinds beyond the scenario's assumptions, e.g. corrupt,byzantine (a failure is then exit 6)", parseBeyondOption)
    .option('--failure-model <model>', 'let processes fail up to this model (crash-stop, omission, crash-recovery, byzantine), beyond the assumptions', parseFailureModelOption)
    .option('--strategy <name>', `search strategy of the run, as a fuzz repro names it: random (default), ${searchStrategiesText()}`, parseStrategyOption)
    .option('--size <name=n,...>', "the scenario's sizes, e.g. clients=1,ops=4 (as printed by shrink)", parseSizeOption)
    .option('--max-events <n>', "stop the run after this many events (default: the scenario's)", parsePositiveIntOption('--max-events'));
}

export function runOptionsFrom(flags: RunFlags): RunOptions {
  return {
    seed: flags.seed,
    ...(flags.time !== undefined ? { timeMs: flags.time } : {}),
    ...(flags.faults !== undefined ? { faults: flags.faults } : {}),
    ...(flags.swarm ? { swarm: true } : {}),
    ...(flags.mask ? { mask: flags.mask } : {}),
    ...(flags.onlyFaults ? { onlyFaults: flags.onlyFaults } : {}),
    ...(beyondFrom(flags) ? { beyond: beyondFrom(flags)! } : {}),
    ...(flags.strategy !== undefined ? { strategy: flags.strategy } : {}),
    ...(flags.size ? { size: flags.size } : {}),
    ...(flags.maxEvents !== undefined ? { maxEvents: flags.maxEvents } : {}),
  };
}
