/**
 * The digest matrix: one line per run of a fixed set of (scenario, seed, options), with the run's
 * digest, event count and, for fuzz-style seeds, the strategy and coverage slots the seed reported.
 * Performance work must leave every line unchanged; run it against a reference build and diff.
 *
 *   node dist/bench/digest-matrix.js [dist-root] > after.txt
 *   node dist/bench/digest-matrix.js /path/to/reference/dist > before.txt && diff before.txt after.txt
 *
 * dist-root defaults to this build's own dist (the directory above bench/).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface MatrixRun {
  scenario: string;
  seed: number;
  options: Record<string, unknown>;
}

const SEEDS = [1, 2, 3];
/** Scenarios that get the strategy and profile variants (the ones fuzzing and the benches use most). */
const DEEP = ['raft-kv', 'rpc-at-most-once', 'chain-kv', 'primary-backup-kv', 'broadcast-gossip'];
const VARIANTS: Record<string, unknown>[] = [
  { strategy: 'aimed' },
  { strategy: 'timescale' },
  { strategy: 'priority' },
  { strategy: 'focus' },
  { faults: 'chaos' },
  // Pause, omission, clock and long-delay paths (kinds the default profiles leave off).
  { faults: 'pauseWeight=1,omissionWeight=1,clockSkewMsMax=50,clockDriftPpmMax=200,clockJumpWeight=1,longDelayProbability=0.01' },
  { beyond: ['corrupt'], faults: 'corruptProbability=0.05' },
  { record: true, timeMs: 5_000 },
];

function matrix(names: readonly string[]): MatrixRun[] {
  const runs: MatrixRun[] = [];
  for (const scenario of names) {
    for (const seed of SEEDS) {
      runs.push({ scenario, seed, options: {} });
      runs.push({ scenario, seed, options: { swarm: true } });
    }
  }
  for (const scenario of DEEP.filter((name) => names.includes(name))) {
    for (const options of VARIANTS) for (const seed of SEEDS) runs.push({ scenario, seed, options });
  }
  return runs;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(process.argv[2] ?? resolve(here, '..'));
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const api = await load('scenarios/index.js');
  const seedRun = await load('sim/fuzz/seed-run.js');
  const strategies = await load('sim/search/strategies.js');
  const names: string[] = api.scenarioNames();

  for (const run of matrix(names)) {
    let line: string;
    try {
      const result = api.runScenario(run.scenario, { seed: run.seed, ...run.options });
      const verdict = result.ok ? 'ok' : `${result.violation.kind}:${result.violation.checker}@${result.violation.eventIndex}`;
      line = `${result.digest} events=${result.stats.events} ${verdict}`;
    } catch (error) {
      line = `threw ${error instanceof Error ? error.message : String(error)}`;
    }
    process.stdout.write(`run ${run.scenario} seed=${run.seed} ${JSON.stringify(run.options)}: ${line}\n`);
  }

  // Fuzz-style seeds, as a worker runs them with feedback on: digest, strategy and coverage slots.
  const mixShares = strategies.DEFAULT_MIX;
  for (const scenario of ['rpc-at-most-once', 'raft-kv', 'chain-kv', 'broadcast-gossip'].filter((name) => names.includes(name))) {
    const resolved = api.findScenario(scenario);
    const seeds = scenario === 'raft-kv' ? 12 : 30;
    for (let seed = 1; seed <= seeds; seed++) {
      const outcome = seedRun.runSeed(resolved, { strategy: 'mix', mixShares }, seed, scenario);
      const coverage = outcome.coverage ? `${outcome.coverage.strategy} edges=${outcome.coverage.edges.length}:${checksum(outcome.coverage.edges)}` : 'no-coverage';
      process.stdout.write(`fuzz ${scenario} seed=${seed}: ${outcome.digest} ok=${outcome.ok} ${coverage}\n`);
    }
  }
}

/** Order-sensitive checksum of the coverage slots (the order they were first hit matters too). */
function checksum(values: readonly number[]): string {
  let h = 0x811c9dc5;
  for (const value of values) h = Math.imul(h ^ value, 0x01000193);
  return (h >>> 0).toString(16);
}

await main();
