import { describe, expect, it } from 'vitest';
import { runScenario, type FaultProfile } from '../../../scenarios/index.js';
import { raftNode } from '../../../protocols/raft/index.js';
import * as broken from '../../fixtures/raft/broken-raft.js';
import { brokenRaftKv, type BrokenScenarioOptions } from '../../fixtures/raft/scenarios.js';

/** Leader churn on 3 servers: frequent crashes and partitions on 10-50 ms links, plus forced elections every ~50 ms. */
const CHURN: Partial<FaultProfile> = { nemesisIntervalMsMean: 150, episodeMsMin: 50, episodeMsMax: 400, delayMsMin: 10, delayMsSpread: 40, delayDistribution: 'uniform', maxDownNodes: 1 };
/** Slow links (30-110 ms) and very short, very frequent crashes: a voter can crash between two candidates' requests. */
const FLICKER: Partial<FaultProfile> = {
  nemesisIntervalMsMean: 60,
  episodeMsMin: 5,
  episodeMsMax: 30,
  partitionWeight: 0,
  delayMsMin: 30,
  delayMsSpread: 80,
  delayDistribution: 'uniform',
  dropProbability: 0,
  duplicateProbability: 0,
  reorderProbability: 0,
  maxDownNodes: 1,
};
/** Many duplicates and reorderings, delivered up to 300 ms late. */
const STALE: Partial<FaultProfile> = { duplicateProbability: 0.1, reorderProbability: 0.2, duplicateDelayMsMax: 300 };

interface Case {
  variant: keyof typeof broken;
  options: Omit<BrokenScenarioOptions, 'name' | 'server'>;
  config?: Parameters<typeof raftNode>[0];
  checker: string;
  /** The bug must show within this many seeds (1..withinSeeds). */
  withinSeeds: number;
}

const CASES: Case[] = [
  { variant: 'commitByCountingEarlierTerms', options: { servers: 3, timeMs: 20_000, faults: CHURN, forceElectionMsMean: 50 }, config: { maxEntriesPerAppend: 1 }, checker: 'raft-leader-completeness', withinSeeds: 10 },
  { variant: 'voteWithoutUpToDateCheck', options: { servers: 3, timeMs: 20_000, faults: CHURN, forceElectionMsMean: 50 }, checker: 'raft-leader-completeness', withinSeeds: 5 },
  { variant: 'votedForNotPersisted', options: { servers: 3, timeMs: 10_000, faults: FLICKER }, config: { electionMinMs: 150, electionMaxMs: 250 }, checker: 'raft-election-safety', withinSeeds: 25 },
  { variant: 'truncateOnAnyAppend', options: { servers: 5, timeMs: 20_000, faults: STALE }, checker: 'raft-log-matching', withinSeeds: 3 },
  { variant: 'applyBeforeCommit', options: { servers: 3, timeMs: 20_000, faults: CHURN, forceElectionMsMean: 50 }, checker: 'raft-state-machine-safety', withinSeeds: 3 },
  { variant: 'readsWithoutReadIndex', options: { servers: 3, timeMs: 20_000, faults: CHURN, forceElectionMsMean: 50 }, checker: 'raft-linearizability', withinSeeds: 3 },
  { variant: 'proposalsKeptAcrossTerms', options: { servers: 3, timeMs: 20_000, faults: CHURN, forceElectionMsMean: 50 }, checker: 'raft-liveness', withinSeeds: 10 },
];

/**
 * The first seed in 1..limit whose run fails, with its result. When a safety checker is expected,
 * liveness failures are passed over: under these configs the honest server misses the liveness
 * bound on some seeds too (see the last test), so they say nothing about the bug.
 */
function firstFailure(options: BrokenScenarioOptions, limit: number, checker: string) {
  for (let seed = 1; seed <= limit; seed++) {
    const result = runScenario(brokenRaftKv(options), { seed, maxEvents: 3_000_000 });
    if (result.ok || (checker !== 'raft-liveness' && result.violation.checker === 'raft-liveness')) continue;
    return { seed, result };
  }
  return undefined;
}

describe('broken Raft variants are caught by the checkers', () => {
  for (const c of CASES) {
    it(`${c.variant}: ${c.checker} fails within seeds 1..${c.withinSeeds}`, () => {
      const found = firstFailure({ name: `broken-${c.variant}`, server: broken[c.variant](c.config), ...c.options }, c.withinSeeds, c.checker);

      expect(found, `no failing seed in 1..${c.withinSeeds}`).toBeDefined();
      expect(found!.result.ok).toBe(false);
      if (!found!.result.ok) expect(found!.result.violation.checker).toBe(c.checker);
    });
  }

  it.each(CASES)('the honest server under $variant\'s scenario and config passes $checker on the same seeds', (c) => {
    for (let seed = 1; seed <= c.withinSeeds; seed++) {
      const result = runScenario(brokenRaftKv({ name: `honest-${c.variant}`, server: raftNode(c.config), ...c.options }), { seed, maxEvents: 3_000_000 });
      // One entry per message can make catching up slower than the liveness bound; never unsafe.
      if (result.ok) continue;
      expect(`seed ${seed}: ${result.violation.kind} (${result.violation.message})`).not.toMatch(/^seed \d+: safety/);
      expect(result.violation.checker).not.toBe(c.checker);
    }
  });
});
