import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel, operationsFromHistory, prepareRun, type Scenario, type Simulation } from '../../../sim/index.js';
import { segmentedKvLinearizabilityChecker } from '../../../protocols/raft/index.js';
import { raftKv } from '../../../scenarios/raft-kv.js';
import { readsWithoutReadIndex } from '../../fixtures/raft/broken-raft.js';
import { brokenRaftKv } from '../../fixtures/raft/scenarios.js';

const CHURN = { nemesisIntervalMsMean: 150, episodeMsMin: 50, episodeMsMax: 400, delayMsMin: 10, delayMsSpread: 40, delayDistribution: 'uniform' as const, maxDownNodes: 1 };

/** Runs without any checker, so both linearizability checks see the whole history. */
function historyOf(scenario: Scenario, seed: number, timeMs: number): Simulation {
  const { sim } = prepareRun({ ...scenario, setup: (env) => ({ ...scenario.setup(env), checkers: [] }) }, { seed, timeMs });
  sim.run();
  return sim;
}

const verdicts = (sim: Simulation) => ({
  whole: checkOperations(kvModel, operationsFromHistory(sim.history)).verdict,
  segmented: segmentedKvLinearizabilityChecker().atEnd!(sim) === undefined ? 'linearizable' : 'not-linearizable',
});

describe('segmented kv linearizability (per key, cut at quiescent points)', () => {
  it('agrees with the whole-history search on raft-kv seeds 1..4 (linearizable)', () => {
    for (let seed = 1; seed <= 4; seed++) expect(verdicts(historyOf(raftKv, seed, 8000))).toEqual({ whole: 'linearizable', segmented: 'linearizable' });
  });

  it('agrees with the whole-history search on stale reads (reads without ReadIndex, seeds 1..3)', () => {
    const stale = brokenRaftKv({ name: 'stale-reads', server: readsWithoutReadIndex(), servers: 3, faults: CHURN, forceElectionMsMean: 50 });
    for (let seed = 1; seed <= 3; seed++) expect(verdicts(historyOf(stale, seed, 20_000))).toEqual({ whole: 'not-linearizable', segmented: 'not-linearizable' });
  });
});
