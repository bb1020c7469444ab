import type { Scenario } from '../../sim/index.js';

/** One planted bug: a realistic mistake in one protocol, as a runnable scenario. */
export interface PlantedBug {
  id: string;
  protocol: 'raft' | 'chain' | 'primary-backup' | 'rpc' | 'broadcast' | 'clocks' | 'snapshot';
  description: string;
  scenario: Scenario;
}
