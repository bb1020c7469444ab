import chalk from 'chalk';
import type { Command } from 'commander';
import { assumptionsOf, describeFailureModel, RandomStreams, receivableKinds, unreachableKinds, type Scenario } from '../../scenarios/index.js';
import { SCENARIOS } from '../../scenarios/index.js';

/** How many of a scenario's nodes the nemesis may touch (its setup, built once on seed 0). */
function faultableCount(scenario: Scenario): number {
  const streams = new RandomStreams('0');
  const setup = scenario.setup({ seed: '0', runMs: scenario.defaultTimeMs, profile: scenario.faults, workload: streams.get('workload'), streams });
  return setup.nodes.filter((node) => node.faultable ?? true).length;
}

/** Each scenario's assumptions and the fault kinds it can actually receive (a bound or its topology may rule some out). */
export function scenarioRows(scenarios: readonly Scenario[]) {
  return scenarios.map((s) => {
    const assumptions = assumptionsOf(s);
    const faultable = faultableCount(s);
    return {
      name: s.name,
      description: s.description,
      knownAnomaly: s.knownAnomaly ?? null,
      declared: s.assumptions !== undefined,
      assumptions,
      faultableNodes: faultable,
      receives: receivableKinds(assumptions, faultable),
      never: unreachableKinds(assumptions, faultable),
    };
  });
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the named scenarios, their failure model and the fault kinds each can receive')
    .option('--json', 'print the list as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = scenarioRows(SCENARIOS);
      if (flags.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const width = Math.max(...rows.map((row) => row.name.length));
      for (const row of rows) {
        const tag = row.knownAnomaly ? chalk.yellow(' [demonstrates a known anomaly]') : '';
        process.stdout.write(`${chalk.bold(row.name.padEnd(width))}  ${row.description}${tag}\n`);
        const pad = ' '.repeat(width + 2);
        const derived = row.declared ? '' : ' (derived from its fault profile)';
        process.stdout.write(chalk.dim(`${pad}failure model ${describeFailureModel(row.assumptions)}${derived} · receives ${row.receives.join(' ') || 'no faults'}\n`));
        for (const never of row.never) process.stdout.write(chalk.yellow(`${pad}never ${never.kind}: ${never.reason}\n`));
      }
    });
}
