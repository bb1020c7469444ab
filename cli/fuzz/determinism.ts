import chalk from 'chalk';
import { runFuzz, type FuzzOptions, type FuzzReport, type FuzzTarget } from '../../sim/index.js';

export interface FuzzDeterminism {
  seedsCompared: number;
  /** Seeds whose second run gave another digest, smallest first. */
  differing: { seed: string; first: string; second: string }[];
}

/**
 * `fuzz --check-determinism`: every seed the first pass ran is run again (on fresh worker processes,
 * batched afresh) and its digest compared, so nondeterminism that a passing seed hides is found too.
 */
export async function recheckFuzzDigests(target: FuzzTarget, options: FuzzOptions, first: FuzzReport): Promise<FuzzDeterminism> {
  const { onFailure: _onFailure, onProgress: _onProgress, timeBudgetMs: _budget, stopOnFirst: _stop, ...rest } = options;
  const second = await runFuzz(target, { ...rest, keepDigests: true });
  const before = first.digests ?? {};
  const after = second.digests ?? {};
  const differing: FuzzDeterminism['differing'] = [];
  let seedsCompared = 0;
  for (const [seed, digest] of Object.entries(before)) {
    const again = after[seed];
    if (again === undefined) continue;
    seedsCompared++;
    if (again !== digest) differing.push({ seed, first: digest, second: again });
  }
  differing.sort((a, b) => Number(a.seed) - Number(b.seed));
  return { seedsCompared, differing };
}

export function formatFuzzDeterminism(result: FuzzDeterminism, ref: string): string {
  if (result.differing.length === 0) return chalk.green(`✔ deterministic: ${result.seedsCompared} seed(s) gave the same digest when run again`);
  const lines = [chalk.red(`✘ nondeterministic: ${result.differing.length} of ${result.seedsCompared} seed(s) gave another digest when run again`)];
  for (const d of result.differing.slice(0, 5)) lines.push(`  seed ${d.seed}: ${d.first} then ${d.second} · faultline run ${ref} --seed ${d.seed} --check-determinism`);
  if (result.differing.length > 5) lines.push(`  … and ${result.differing.length - 5} more`);
  return lines.join('\n');
}
