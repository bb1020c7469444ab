/**
 * The planted-bug catalog: realistic one-line mistakes in the repo's protocols, each a runnable
 * scenario. Benchmarks (bench/shrink.ts) measure the tools on them; never used by product code.
 */
import { rpcAtMostOnceVolatile } from '../../scenarios/rpc-at-most-once-volatile.js';
import { chainBugs } from './chain.js';
import { raftBugs } from './raft.js';
import type { PlantedBug } from './types.js';

export type { PlantedBug } from './types.js';

export const plantedBugs: PlantedBug[] = [
  ...chainBugs,
  ...raftBugs,
  { id: 'rpc-volatile-dedup', protocol: 'rpc', description: 'the at-most-once dedup table lives in volatile memory', scenario: rpcAtMostOnceVolatile },
];

/** The scenarios alone, so a worker process can load one by name from this module. */
export const plantedScenarios = plantedBugs.map((bug) => bug.scenario);
