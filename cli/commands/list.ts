import chalk from 'chalk';
import type { Command } from 'commander';
import {
  assumptionsOf,
  describeFailureModel,
  moduleScenarios,
  RandomStreams,
  receivableKinds,
  scenarioRef,
  scenarioSourceFromPath,
  sizesOf,
  SCENARIOS,
  unreachableKinds,
  UsageError,
  type Scenario,
} from '../../scenarios/index.js';

/** How many of a scenario's nodes the nemesis may touch (its setup, built once on seed 0). */
function faultableCount(scenario: Scenario): number {
  const streams = new RandomStreams('0');
  const setup = scenario.setup({ seed: '0', runMs: scenario.defaultTimeMs, profile: scenario.faults, workload: streams.get('workload'), streams, size: sizesOf(scenario, undefined) });
  return setup.nodes.filter((node) => node.faultable ?? true).length;
}

/** A scenario's row: what to pass to run/fuzz/replay/shrink, its assumptions and the fault kinds it can actually receive. */
function rowOf(scenario: Scenario, ref: string) {
  const assumptions = assumptionsOf(scenario);
  const faultable = faultableCount(scenario);
  return {
    name: scenario.name,
    /** A registered name or a module reference. */
    ref,
    description: scenario.description,
    knownAnomaly: scenario.knownAnomaly ?? null,
    declared: scenario.assumptions !== undefined,
    assumptions,
    faultableNodes: faultable,
    receives: receivableKinds(assumptions, faultable),
    never: unreachableKinds(assumptions, faultable),
  };
}

export function scenarioRows(scenarios: readonly Scenario[]) {
  return scenarios.map((scenario) => rowOf(scenario, scenario.name));
}

/** The registered scenarios, or the scenarios a module exports (`faultline list ./src/scenarios.ts`). */
async function rowsFor(module: string | undefined) {
  if (module === undefined) return scenarioRows(SCENARIOS);
  const source = scenarioSourceFromPath(module, process.cwd());
  return (await moduleScenarios(source.module)).map(({ scenario }) => rowOf(scenario, scenarioRef(scenario)));
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description("list the named scenarios (or a module's: faultline list ./src/scenarios.ts), their failure model and the fault kinds each can receive")
    .argument('[module]', 'a scenario module (.js, .mjs, .ts): list the scenarios it exports')
    .option('--json', 'print the list as JSON')
    .action(async (module: string | undefined, flags: { json?: boolean }) => {
      const rows = await rowsFor(module);
      if (flags.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      if (rows.length === 0) throw new UsageError(`${module} exports no scenario (an object with name, defaultTimeMs and setup)`);
      const column = rows.map((row) => (module === undefined ? row.name : row.ref));
      const width = Math.max(...column.map((text) => text.length));
      const pad = ' '.repeat(width + 2);
      rows.forEach((row, index) => {
        const tag = row.knownAnomaly ? chalk.yellow(' [demonstrates a known anomaly]') : '';
        process.stdout.write(`${chalk.bold((column[index] as string).padEnd(width))}  ${row.description}${tag}\n`);
        const derived = row.declared ? '' : ' (derived from its fault profile)';
        process.stdout.write(chalk.dim(`${pad}failure model ${describeFailureModel(row.assumptions)}${derived} · receives ${row.receives.join(' ') || 'no faults'}\n`));
        for (const never of row.never) process.stdout.write(chalk.yellow(`${pad}never ${never.kind}: ${never.reason}\n`));
      });
    });
}
