import chalk from 'chalk';
import type { Command } from 'commander';
import { SCENARIOS } from '../../scenarios/index.js';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the named scenarios')
    .option('--json', 'print the list as JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        const rows = SCENARIOS.map((s) => ({ name: s.name, description: s.description, knownAnomaly: s.knownAnomaly ?? null }));
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const width = Math.max(...SCENARIOS.map((s) => s.name.length));
      for (const s of SCENARIOS) {
        const tag = s.knownAnomaly ? chalk.yellow(' [demonstrates a known anomaly]') : '';
        process.stdout.write(`${chalk.bold(s.name.padEnd(width))}  ${s.description}${tag}\n`);
      }
    });
}
