import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findScenario, fuzz } from '../../scenarios/index.js';
import { median } from '../measure.js';
import { peerRow, unavailableRow, type BenchRow } from '../rows.js';

export interface FuzzSizes {
  /** Seeds per run, per scenario. */
  seeds: Record<string, number>;
  /** Interleaved 1-worker / 2-worker rounds; the medians count. */
  rounds: number;
}

async function seedsPerSecond(scenario: string, seeds: number, workers: number): Promise<{ rate: number; failed: number }> {
  const report = await fuzz(scenario, { seeds, workers });
  // Wall time includes the pool's start-up, as a user's fuzz run does.
  return { rate: (report.seedsRun * 1000) / Math.max(1, report.wallMs), failed: report.failed };
}

const SEED_LOOP = fileURLToPath(new URL('../seed-loop.js', import.meta.url));

/** Runs seeds first..last in a fresh single-threaded-GC process (as a pool worker runs) and returns its wall ms. */
function seedLoop(scenario: string, first: number, last: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--single-threaded-gc', SEED_LOOP, scenario, String(first), String(last)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`seed-loop exited with ${code}`));
      else resolve((JSON.parse(out) as { wallMs: number }).wallMs);
    });
  });
}

/** The machine's own limit: one process doing every seed, against two processes doing half each at once. */
async function twoProcessSpeedup(scenario: string, seeds: number): Promise<number> {
  const half = Math.floor(seeds / 2);
  const oneMs = await seedLoop(scenario, 1, 2 * half);
  const twoMs = Math.max(...(await Promise.all([seedLoop(scenario, 1, half), seedLoop(scenario, half + 1, 2 * half)])));
  return oneMs / twoMs;
}

/**
 * Seeds per second on 1 and 2 worker processes, through the library's fuzz(), in interleaved rounds
 * (medians), beside what two independent processes gain over one on this machine in the same run:
 * the most any pool could.
 */
export async function fuzzRows(sizes: FuzzSizes): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [scenario, seeds] of Object.entries(sizes.seeds)) {
    const name = `fuzz ${scenario}: seeds/s, 2 workers vs 1`;
    if (!findScenario(scenario)) {
      rows.push(unavailableRow(name, '≥ 1.8×', `scenario ${scenario} is not registered`));
      continue;
    }
    // Warm the file cache once; every pool starts fresh processes anyway.
    await seedsPerSecond(scenario, Math.min(seeds, 4), 1);
    const one: number[] = [];
    const two: number[] = [];
    const machine: number[] = [];
    let failed = 0;
    for (let round = 0; round < sizes.rounds; round++) {
      const single = await seedsPerSecond(scenario, seeds, 1);
      one.push(single.rate);
      failed = single.failed;
      two.push((await seedsPerSecond(scenario, seeds, 2)).rate);
      // Compiled JavaScript only (run from TypeScript sources, the pool itself runs inline too).
      if (existsSync(SEED_LOOP)) machine.push(await twoProcessSpeedup(scenario, seeds));
    }
    const oneRate = median(one);
    const twoRate = median(two);
    const machineSpeedup = median(machine);
    const machineNote =
      machine.length > 0
        ? `two independent processes vs one on this machine, same seeds: ${machineSpeedup.toFixed(2)}× (the pool reaches ${((twoRate / oneRate / machineSpeedup) * 100).toFixed(0)}% of it)`
        : 'the two-process reference needs the compiled bench (npm run bench)';
    rows.push(
      peerRow(
        name,
        twoRate,
        'seeds/s',
        oneRate,
        `1 worker ${oneRate.toFixed(1)} seeds/s`,
        1.8,
        `seeds 1..${seeds} at the scenario's defaults, wall time including pool start-up, median of ${sizes.rounds} interleaved rounds ` +
          `(2 workers ${two.map((rate) => rate.toFixed(0)).join(', ')}; 1 worker ${one.map((rate) => rate.toFixed(0)).join(', ')}); ` +
          `${machineNote}; ${failed} failing seeds`,
      ),
    );
  }
  return rows;
}
