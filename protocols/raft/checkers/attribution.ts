import type { Simulation } from '../../../sim/simulation.js';

/**
 * Raft tolerates crashes, not lies. When a run has Byzantine nodes, a violation message says which of
 * the nodes involved is Byzantine (or that the run had one), so the report attributes it.
 */
export function byzantineNote(sim: Simulation, involved: readonly string[]): string {
  if (sim.byzantineNodes.length === 0) return '';
  const guilty = involved.filter((id, i) => involved.indexOf(id) === i && sim.isByzantine(id));
  if (guilty.length > 0) return ` [Byzantine node ${guilty.join(', ')} involved: Raft does not tolerate forged messages]`;
  return ` [this run has Byzantine node ${sim.byzantineNodes.join(', ')}, whose forged messages Raft does not tolerate]`;
}
