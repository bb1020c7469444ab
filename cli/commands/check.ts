import { readFileSync } from 'node:fs';
import chalk from 'chalk';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  checkOperations,
  describeOperation,
  detectFormat,
  formatDurationMs,
  HISTORY_FORMATS,
  HistoryFormatError,
  kvModel,
  makeCasRegisterModel,
  makeMultiRegisterModel,
  makeRegisterModel,
  ModelInputError,
  parseHistory,
  type HistoryFormat,
  type LinearizabilityResult,
  type Model,
  type Operation,
  type OpInput,
} from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseDurationOption } from '../options.js';

/** Every command has a bound: a history the search cannot settle in this time is `unknown` (exit 3). */
export const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

const MODELS = ['register', 'cas-register', 'kv', 'multi-register'] as const;
type ModelName = (typeof MODELS)[number];

interface CheckFlags {
  model: ModelName;
  format?: HistoryFormat;
  initial?: { value: unknown };
  timeout?: number;
  json?: boolean;
}

interface LoadedHistory {
  file: string;
  format: HistoryFormat;
  ops: Operation<OpInput, unknown>[];
}

/** `nil` is nil; something numeric is a number; anything else a string (quotes optional). */
export function parseInitialOption(text: string): { value: unknown } {
  const trimmed = text.trim();
  if (trimmed === 'nil' || trimmed === 'null') return { value: null };
  if (/^[-+]?\d+(\.\d+)?$/.test(trimmed)) return { value: Number(trimmed) };
  if (trimmed === '') throw new InvalidArgumentError('expected a number, a string or nil, got ""');
  return { value: trimmed.replace(/^"(.*)"$/, '$1') };
}

/**
 * A model for one file: knossos EDN registers start at 0 unless told otherwise, everything else at
 * nil. Operations are described with the file line of their invocation (a parsed op's id).
 */
function modelFor(flags: CheckFlags, format: HistoryFormat): Model<unknown, OpInput, unknown> {
  const initial = flags.initial ? flags.initial.value : format === 'edn' ? 0 : null;
  const base = baseModel(flags.model, initial);
  const where = format === 'jsonl' ? 'op' : 'line';
  return { ...base, describe: (op) => `${describeOperation(op)} (${where} ${op.id})` };
}

function baseModel(name: ModelName, initial: unknown): Model<unknown, OpInput, unknown> {
  switch (name) {
    case 'register':
      return makeRegisterModel({ initial });
    case 'cas-register':
      return makeCasRegisterModel({ initial });
    case 'multi-register':
      return makeMultiRegisterModel({ initial }) as unknown as Model<unknown, OpInput, unknown>;
    case 'kv':
      return kvModel as unknown as Model<unknown, OpInput, unknown>;
  }
}

function load(file: string, format: HistoryFormat | undefined): LoadedHistory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HistoryFormatError(file, 0, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const chosen = format ?? detectFormat(text, file);
  const ops = parseHistory(text, file, chosen);
  // No operations is no evidence: "linearizable (0 ops)" would pass an empty or mis-typed file.
  if (ops.length === 0) throw new HistoryFormatError(file, 0, `no operations in this ${chosen} history: nothing to check (is it the right file, or a trace without history.* events?)`);
  return { file, format: chosen, ops };
}

function describeResult(history: LoadedHistory, result: LinearizabilityResult, timeoutMs: number | undefined): string {
  const facts = chalk.dim(`(${history.ops.length} ops, ${history.format}, ${Math.round(result.ms)} ms)`);
  if (result.verdict === 'linearizable') return `${chalk.green('✔ linearizable    ')} ${history.file} ${facts}`;
  if (result.verdict === 'unknown') {
    const budget = timeoutMs === undefined ? '' : ` after ${formatDurationMs(timeoutMs)}`;
    return `${chalk.yellow('? unknown         ')} ${history.file} ${facts} ${chalk.yellow(`timed out${budget}`)}`;
  }
  const lines = [`${chalk.red('✘ not linearizable')} ${history.file} ${facts}`];
  const failure = result.failure;
  if (failure) {
    if (failure.partition) lines.push(`    in ${failure.partition}`);
    lines.push(`    cannot linearize: ${failure.operation}`);
    const prefix = failure.longestPrefix;
    lines.push(`    longest linearizable prefix: ${prefix.length} operations${prefix.length > 0 ? ', ending' : ''}`);
    for (const op of prefix.slice(-5)) lines.push(chalk.dim(`      ${op}`));
  }
  return lines.join('\n');
}

export function registerCheck(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('check')
    .description('check recorded histories for linearizability against a sequential model')
    .argument('<history-file...>', 'history files (knossos EDN, Jepsen logs, Porcupine kv logs, or JSONL engine histories)')
    .addOption(new Option('--model <model>', 'the sequential model').choices(MODELS).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'the file format (default: detected from content, then extension)').choices(HISTORY_FORMATS))
    .option('--initial <value>', 'initial register value: a number, a string, or nil (default 0 for EDN, else nil)', parseInitialOption)
    .option('--timeout <duration>', 'wall-clock budget per history, e.g. 10s; when spent the verdict is unknown (default: 1m)', parseDurationOption, DEFAULT_CHECK_TIMEOUT_MS)
    .option('--json', 'print a JSON array of { file, verdict, ms } instead of text')
    .action((files: string[], flags: CheckFlags) => {
      if (flags.model === 'kv' && flags.initial) {
        process.stderr.write('faultline: --initial does not apply to the kv model (every key starts as "")\n');
        setExit(EXIT.usage);
        return;
      }
      const rows: { file: string; verdict: string; ms: number; operations: number; failure?: LinearizabilityResult['failure'] }[] = [];
      try {
        // Parse everything first: bad input is reported before any time is spent checking.
        const histories = files.map((file) => load(file, flags.format));
        for (const history of histories) {
          const result = checkHistory(history, flags);
          rows.push({ file: history.file, verdict: result.verdict, ms: Math.round(result.ms * 10) / 10, operations: history.ops.length, ...(result.failure ? { failure: result.failure } : {}) });
          if (!flags.json) process.stdout.write(describeResult(history, result, flags.timeout) + '\n');
        }
      } catch (error) {
        if (error instanceof HistoryFormatError) {
          process.stderr.write(`faultline: ${error.message}\n`);
          setExit(EXIT.usage);
          return;
        }
        throw error;
      }
      const count = (verdict: string) => rows.filter((row) => row.verdict === verdict).length;
      if (flags.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else if (rows.length > 1) {
        process.stdout.write(chalk.bold(`${rows.length} histories: ${count('linearizable')} linearizable, ${count('not-linearizable')} not linearizable, ${count('unknown')} unknown\n`));
      }
      setExit(count('not-linearizable') > 0 ? EXIT.violation : count('unknown') > 0 ? EXIT.inconclusive : EXIT.ok);
    });
}

function checkHistory(history: LoadedHistory, flags: CheckFlags): LinearizabilityResult {
  try {
    return checkOperations(modelFor(flags, history.format), history.ops, flags.timeout === undefined ? {} : { timeoutMs: flags.timeout });
  } catch (error) {
    if (error instanceof ModelInputError) throw new HistoryFormatError(history.file, 0, `${error.message}`);
    throw error;
  }
}
