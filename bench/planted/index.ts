/**
 * The planted-bug catalog: realistic mistakes in every protocol, each a variant scenario that wraps
 * the product's logic (bench/planted/patch.ts). None duplicates a broken variant of test/fixtures.
 */
import { broadcastBugs, chainBugs, clockBugs, primaryBackupBugs, rpcBugs, snapshotBugs } from './others.js';
import { raftBugs } from './raft.js';
import type { PlantedBug } from './types.js';

export type { PlantedBug } from './types.js';

export const plantedBugs: PlantedBug[] = [...raftBugs, ...rpcBugs, ...chainBugs, ...primaryBackupBugs, ...broadcastBugs, ...clockBugs, ...snapshotBugs];

/** Every planted scenario, so a fuzz worker can load one by name from this module. */
export const plantedScenarios = plantedBugs.map((bug) => bug.scenario);

export function plantedBug(id: string): PlantedBug | undefined {
  return plantedBugs.find((bug) => bug.id === id);
}
