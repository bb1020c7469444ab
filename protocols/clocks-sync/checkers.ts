import type { Checker, Simulation } from '../../sim/simulation.js';
import { UNSYNCHRONISED } from './messages.js';
import { currentRootDistanceMs, nodeTimeMs, type ClockSyncState } from './node.js';

export interface ClockSyncTopology {
  reference: string;
  /** Every node that synchronises (servers and clients). */
  followers: readonly string[];
  driftPpmMax: number;
  /**
   * After a clock jump anywhere, how long the bound is not checked: the jumped node learns of its
   * error only at its next good sample, and nodes that sampled it meanwhile at theirs.
   */
  jumpGraceMs: number;
}

/** Rounding of the engine's µs clocks and float sums: well below any bound that matters. */
const SLACK_MS = 0.01;

interface Reading {
  node: string;
  timeMs: number;
  boundMs: number;
  stratum: number;
}

/**
 * Safety, after every step: every two synchronised nodes (stratum < 16, the reference included)
 * read times within δ = λi + λj of each other, where λ is each node's root distance (the sum over
 * its path to the reference of RTT/2 + drift allowance, plus drift since its last sample). Each
 * node's error against true time is checked against its own λ, which implies the pair bound.
 * Clock jumps are faults the nodes cannot see: the check pauses for jumpGraceMs after one.
 */
export function syncBoundChecker(topology: ClockSyncTopology): Checker {
  let clockFaults = -1;
  let graceUntilMs = -1;
  const readings = (sim: Simulation): Reading[] => {
    const out: Reading[] = [];
    for (const node of [topology.reference, ...topology.followers]) {
      const state = sim.isUp(node) ? sim.nodeState<ClockSyncState>(node) : undefined;
      if (!state || state.stratum >= UNSYNCHRONISED) continue;
      const hardwareMs = node === topology.reference ? sim.nowMs : sim.clockOf(node);
      out.push({ node, timeMs: nodeTimeMs(state, hardwareMs), boundMs: node === topology.reference ? 0 : currentRootDistanceMs(state, hardwareMs, topology.driftPpmMax), stratum: state.stratum });
    }
    return out;
  };
  return {
    name: 'clock-sync-bound',
    kind: 'safety',
    afterStep: (_step, sim) => {
      // Clock faults after the first step are jumps (the initial skew and drift are set before it).
      const faults = sim.stats.faults.clock;
      if (clockFaults >= 0 && faults > clockFaults) graceUntilMs = sim.nowMs + topology.jumpGraceMs;
      clockFaults = faults;
      if (sim.nowMs < graceUntilMs) return undefined;
      const all = readings(sim);
      for (const reading of all) {
        const errorMs = reading.timeMs - sim.nowMs;
        if (Math.abs(errorMs) <= reading.boundMs + SLACK_MS) continue;
        const worst = all.reduce((best, other) => (Math.abs(other.timeMs - reading.timeMs) > Math.abs(best.timeMs - reading.timeMs) ? other : best), all[0]!);
        return (
          `${reading.node} (stratum ${reading.stratum}) is ${errorMs.toFixed(3)} ms off true time, beyond its bound λ = ${reading.boundMs.toFixed(3)} ms; ` +
          `|C(${reading.node}) − C(${worst.node})| = ${Math.abs(reading.timeMs - worst.timeMs).toFixed(3)} ms > δ = λ + λ' = ${(reading.boundMs + worst.boundMs).toFixed(3)} ms`
        );
      }
      return undefined;
    },
  };
}

/** Safety, at every accepted sample: no node takes its time from an unsynchronised source (stratum 16). */
export function syncSourceChecker(): Checker {
  let cursor = 0;
  return {
    name: 'clock-sync-source',
    kind: 'safety',
    afterStep: (_step, sim) => {
      for (; cursor < sim.outputs.length; cursor++) {
        const output = sim.outputs[cursor]!;
        if (output.name !== 'sync') continue;
        const { source, sourceStratum, stratum } = output.value as { source: string; sourceStratum: number; stratum: number };
        if (sourceStratum >= UNSYNCHRONISED) return `${output.node} synchronised from ${source}, which was unsynchronised (stratum ${sourceStratum})`;
        if (stratum !== sourceStratum + 1) return `${output.node} took stratum ${stratum} from a stratum ${sourceStratum} source`;
      }
      return undefined;
    },
  };
}

/** Liveness, at the end: after the quiet period every node that is up is synchronised. */
export function syncLivenessChecker(topology: ClockSyncTopology): Checker {
  return {
    name: 'clock-sync-liveness',
    kind: 'liveness',
    atEnd: (sim) => {
      for (const node of topology.followers) {
        const state = sim.isUp(node) ? sim.nodeState<ClockSyncState>(node) : undefined;
        if (state && state.stratum >= UNSYNCHRONISED) return `${node} is unsynchronised at the end, ${Math.round(sim.nowMs - sim.faultPlanEndUs / 1000)} ms after the faults stopped`;
      }
      return undefined;
    },
  };
}
