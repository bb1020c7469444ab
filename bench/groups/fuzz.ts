import { findScenario, fuzz } from '../../scenarios/index.js';
import { peerRow, unavailableRow, type BenchRow } from '../rows.js';

export interface FuzzSizes {
  /** Seeds per run, per scenario. */
  seeds: Record<string, number>;
}

async function seedsPerSecond(scenario: string, seeds: number, workers: number): Promise<{ rate: number; failed: number }> {
  const report = await fuzz(scenario, { seeds, workers });
  // Wall time includes the pool's start-up, as a user's fuzz run does.
  return { rate: (report.seedsRun * 1000) / Math.max(1, report.wallMs), failed: report.failed };
}

/** Seeds per second on 1 and 2 worker threads, through the library's fuzz() (tinypool). */
export async function fuzzRows(sizes: FuzzSizes): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [scenario, seeds] of Object.entries(sizes.seeds)) {
    const name = `fuzz ${scenario}: seeds/s, 2 workers vs 1`;
    if (!findScenario(scenario)) {
      rows.push(unavailableRow(name, '≥ 1.8×', `scenario ${scenario} is not registered`));
      continue;
    }
    // Warm the file cache and the JIT of the main thread once; workers start fresh each run anyway.
    await seedsPerSecond(scenario, Math.min(seeds, 4), 1);
    const one = await seedsPerSecond(scenario, seeds, 1);
    const two = await seedsPerSecond(scenario, seeds, 2);
    rows.push(
      peerRow(
        name,
        two.rate,
        'seeds/s',
        one.rate,
        `1 worker ${one.rate.toFixed(1)} seeds/s`,
        1.8,
        `seeds 1..${seeds} at the scenario's defaults, wall time including pool start-up; ${one.failed} failing seeds`,
      ),
    );
  }
  return rows;
}
