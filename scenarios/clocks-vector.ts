import { NAMED_PROFILES } from '../sim/faults/profile.js';
import type { Scenario } from '../sim/scenario.js';
import { CLOCKS_ASSUMPTIONS } from './clocks-lamport.js';
import { chatterNode } from '../protocols/clocks/chatter.js';
import { vectorRules } from '../protocols/clocks/vector.js';
import { vectorClockChecker } from '../protocols/clocks/vector-checker.js';
import { chatterOptions, CLOCKS_FAULTS, processIds } from './clocks-lamport.js';

function vectorSetup(count: number, actMsMean: number): Scenario['setup'] {
  return () => {
    const ids = processIds(count);
    const logic = chatterNode(vectorRules, { ...chatterOptions(ids), actMsMean });
    return {
      nodes: ids.map((id) => ({ id, logic })),
      checkers: [vectorClockChecker(ids, vectorRules)],
    };
  };
}

export const clocksVector: Scenario = {
  name: 'clocks-vector',
  description: 'vector clocks on 6 chattering processes: a→b ⇔ V(a) < V(b) against the engine\'s happens-before, under drops, duplicates, reordering, partitions, crash-recovery',
  defaultTimeMs: 3000,
  faults: CLOCKS_FAULTS,
  assumptions: CLOCKS_ASSUMPTIONS,
  setup: vectorSetup(6, 25),
};

export const clocksVector1000: Scenario = {
  name: 'clocks-vector-1000',
  description: 'vector clocks at scale: 1,000 chattering processes, every event checked exactly against the causal history, under drops and reordering',
  defaultTimeMs: 2000,
  // No duplicates: a duplicate can arrive any time later, so the checker would have to keep every
  // send's 1,000-entry history for the whole run.
  faults: { ...NAMED_PROFILES.lossy!, name: 'clocks-1000', duplicateProbability: 0, reorderProbability: 0.2 },
  // The protocol tolerates duplicates; this scenario's exact checker cannot afford them (see above).
  assumptions: { ...CLOCKS_ASSUMPTIONS, network: { ...CLOCKS_ASSUMPTIONS.network, duplicate: false }, why: `${CLOCKS_ASSUMPTIONS.why}; no duplicates here only to bound the checker's memory` },
  setup: vectorSetup(1000, 100),
};
