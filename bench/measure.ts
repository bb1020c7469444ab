/**
 * Timing helpers for benchmarks (never used by tests or by the engine). Clocks are read only
 * outside simulation runs: the determinism guard forbids them inside.
 *
 * Single-threaded figures use the process's CPU time, not wall time: this machine is shared, and
 * CPU time is what the loop itself cost, whatever else was running. Wall time is kept beside it.
 */

export interface Sample {
  /** Work units done (events, seeds, operations). */
  units: number;
  cpuMs: number;
  wallMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function cpuNowMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Times one call; the callback returns how many units of work it did. */
export function timeOnce(fn: () => number): Sample {
  const wallStart = performance.now();
  const cpuStart = cpuNowMs();
  const units = fn();
  return { units, cpuMs: cpuNowMs() - cpuStart, wallMs: performance.now() - wallStart };
}

export const ratePerSecond = (sample: Sample): number => (sample.units * 1000) / sample.cpuMs;

/**
 * Measures several subjects in interleaved rounds (A B C, A B C, ...) after one warm-up round, so
 * that a burst of load elsewhere hits them all alike. Returns each subject's median rate per CPU second.
 */
export function interleavedRates(subjects: readonly (() => number)[], rounds: number): number[] {
  for (const subject of subjects) subject();
  const rates: number[][] = subjects.map(() => []);
  for (let round = 0; round < rounds; round++) {
    subjects.forEach((subject, i) => rates[i]!.push(ratePerSecond(timeOnce(subject))));
  }
  return rates.map((list) => median(list));
}
