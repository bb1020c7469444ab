import type { RandomStream } from '../random.js';

/** Log-uniform in [min, max]: each factor of ten gets the same share (sub-round-trip to many timeouts). */
export function logUniform(rng: RandomStream, min: number, max: number): number {
  const lo = Math.max(1e-3, Math.min(min, max));
  const hi = Math.max(lo, max);
  return Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}

/** Rounds a duration to 1 µs (so that configs print short and plans compare exactly). */
export function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}
