import chalk from 'chalk';
import { mapSetReplacer } from '../../sim/index.js';

const MAX_STATE_LINES = 60;

/** A node's state as indented JSON (Maps and Sets tagged), cut to a screenful. */
export function formatNodeState(node: string, eventIndex: number, state: unknown, up: boolean): string {
  const title = chalk.bold(`state of ${node} after event #${eventIndex}`);
  if (state === undefined) return `${title}: ${chalk.dim(up ? '(no state)' : '(not running: not started yet, or crashed)')}`;
  const lines = (JSON.stringify(state, mapSetReplacer, 2) ?? String(state)).split('\n');
  const shown = lines.slice(0, MAX_STATE_LINES).map((line) => `  ${line}`);
  if (lines.length > MAX_STATE_LINES) shown.push(chalk.dim(`  … ${lines.length - MAX_STATE_LINES} more lines (use --json for all of it)`));
  return `${title}:\n${shown.join('\n')}`;
}
