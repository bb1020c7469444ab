import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { checkOperations, kvModel, operationsFromHistory, prepareRun, type HistoryEvent, type Scenario, type Simulation } from '../../../sim/index.js';
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

/** Operations given as [f, value written or read, call µs, return µs] on key x, made into a history. */
type TimedOp = [f: 'put' | 'get', value: string, callUs: number, returnUs: number];

function historyFrom(ops: readonly TimedOp[]): { history: HistoryEvent[] } {
  const events: HistoryEvent[] = [];
  ops.forEach(([f, value, callUs, returnUs], i) => {
    const base = { op: i + 1, process: `c${i}`, node: `c${i}`, f, key: 'x', eventIndex: 0 };
    events.push({ ...base, type: 'invoke', value: f === 'put' ? value : undefined, timeUs: callUs });
    events.push({ ...base, type: 'ok', value: f === 'get' ? value : undefined, timeUs: returnUs });
  });
  events.sort((a, b) => a.timeUs - b.timeUs || (a.type === 'invoke' ? 0 : 1) - (b.type === 'invoke' ? 0 : 1) || a.op - b.op);
  return { history: events };
}

const segmentedVerdict = (history: { history: HistoryEvent[] }, minSegmentOps: number) =>
  segmentedKvLinearizabilityChecker({ minSegmentOps }).atEnd!(history as unknown as Simulation) === undefined ? 'linearizable' : 'not-linearizable';

describe('segmented kv linearizability: carrying end values between segments', () => {
  // Two concurrent puts end the first segment, so it can leave "a" or "b"; the second segment reads one.
  const concurrentPuts: TimedOp[] = [
    ['put', 'a', 0, 10],
    ['put', 'b', 1, 11],
  ];

  it('finds the end value a later segment needs, whichever the first search picked', () => {
    for (const read of ['a', 'b']) {
      expect(segmentedVerdict(historyFrom([...concurrentPuts, ['get', read, 20, 30]]), 1)).toBe('linearizable');
    }
  });

  it('reports a read of a value no segment can leave, naming the key', () => {
    const message = segmentedKvLinearizabilityChecker({ minSegmentOps: 1 }).atEnd!(historyFrom([...concurrentPuts, ['get', 'c', 20, 30]]) as unknown as Simulation);
    expect(message).toMatch(/not linearizable/i);
    expect(message).toContain('(key "x")');
  });

  it('agrees with the whole-history search on 400 random small histories (few values, much overlap)', () => {
    const rng = seedrandom('segments');
    let violations = 0;
    for (let trial = 0; trial < 400; trial++) {
      const ops: TimedOp[] = [];
      let timeUs = 0;
      for (let i = 0; i < 12; i++) {
        timeUs += Math.floor(rng() * 6);
        const value = 'abc'[Math.floor(rng() * 3)]!;
        ops.push([rng() < 0.5 ? 'put' : 'get', value, timeUs, timeUs + 1 + Math.floor(rng() * 8)]);
      }
      const history = historyFrom(ops);
      const whole = checkOperations(kvModel, operationsFromHistory(history.history)).verdict;
      if (whole === 'not-linearizable') violations++;
      for (const minSegmentOps of [1, 2, 4]) expect([trial, minSegmentOps, segmentedVerdict(history, minSegmentOps)]).toEqual([trial, minSegmentOps, whole]);
    }
    // Both verdicts occur, so the agreement means something.
    expect(violations).toBeGreaterThan(20);
    expect(violations).toBeLessThan(380);
  });
});
