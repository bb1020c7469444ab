import chalk from 'chalk';
import type { Command } from 'commander';
import { moduleScenarios, scenarioRef, scenarioSourceFromPath, SCENARIOS, UsageError, type Scenario } from '../../scenarios/index.js';

interface ListRow {
  name: string;
  /** What to pass to run, fuzz, replay, shrink: a registered name or a module reference. */
  ref: string;
  description: string;
  knownAnomaly: string | null;
}

function rowOf(scenario: Scenario, ref: string): ListRow {
  return { name: scenario.name, ref, description: scenario.description, knownAnomaly: scenario.knownAnomaly ?? null };
}

/** The registered scenarios, or the scenarios a module exports (`faultline list ./src/scenarios.ts`). */
async function rowsFor(module: string | undefined): Promise<ListRow[]> {
  if (module === undefined) return SCENARIOS.map((s) => rowOf(s, s.name));
  const source = scenarioSourceFromPath(module, process.cwd());
  return (await moduleScenarios(source.module)).map(({ scenario }) => rowOf(scenario, scenarioRef(scenario)));
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description("list the named scenarios, or a module's scenarios (faultline list ./src/scenarios.ts)")
    .argument('[module]', 'a scenario module (.js, .mjs, .ts): list the scenarios it exports')
    .option('--json', 'print the list as JSON')
    .action(async (module: string | undefined, flags: { json?: boolean }) => {
      const rows = await rowsFor(module);
      if (flags.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      if (rows.length === 0) throw new UsageError(`${module} exports no scenario (an object with name, defaultTimeMs and setup)`);
      const column = module === undefined ? rows.map((r) => r.name) : rows.map((r) => r.ref);
      const width = Math.max(...column.map((text) => text.length));
      rows.forEach((row, index) => {
        const tag = row.knownAnomaly ? chalk.yellow(' [demonstrates a known anomaly]') : '';
        process.stdout.write(`${chalk.bold((column[index] as string).padEnd(width))}  ${row.description}${tag}\n`);
      });
    });
}
