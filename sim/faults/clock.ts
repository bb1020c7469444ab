import type { RandomStream } from '../random.js';
import type { FaultProfile } from './profile.js';

/**
 * One node's clock fault: its local (realtime) clock reads offset + (1 + ρ)·true time, plus any
 * jumps. Its id (`clock:<node>`) masks the whole setting: the node then has a perfect clock.
 */
export interface ClockSetting {
  node: string;
  fault: string;
  offsetMs: number;
  driftPpm: number;
}

/**
 * Draws every node's clock offset and drift from the `clock` stream, in node order; nothing when the
 * profile asks for neither (so profiles without clock faults draw nothing). Offsets are whole
 * microseconds and drifts hundredths of a ppm, so the printed settings are the ones that run.
 */
export function drawClockSettings(profile: FaultProfile, nodes: readonly string[], rng: RandomStream): ClockSetting[] {
  if (!(profile.clockSkewMsMax > 0) && !(profile.clockDriftPpmMax > 0)) return [];
  return nodes.map((node) => {
    const offsetMs = Math.round(rng.uniform(-profile.clockSkewMsMax, profile.clockSkewMsMax) * 1000) / 1000;
    const driftPpm = Math.round(rng.uniform(-profile.clockDriftPpmMax, profile.clockDriftPpmMax) * 100) / 100;
    return { node, fault: `clock:${node}`, offsetMs, driftPpm };
  });
}
