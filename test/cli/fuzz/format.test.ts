import { describe, expect, it } from 'vitest';
import { fuzzSummary } from '../../../cli/fuzz/format.js';
import { formatEtaSeconds } from '../../../cli/fuzz/progress.js';
import type { FuzzReport } from '../../../sim/index.js';

function report(fields: Partial<FuzzReport>): FuzzReport {
  return {
    version: '0.0.0',
    scenario: 'raft-kv',
    scenarioRef: 'raft-kv',
    range: { first: 1, last: 100_000 },
    shard: { index: 1, count: 1 },
    workers: 2,
    options: {},
    seedsPlanned: 100_000,
    seedsRun: 100_000,
    passed: 100_000,
    failed: 0,
    stoppedBy: 'complete',
    wallMs: 3000,
    seedsPerSecond: 38,
    combinedDigest: '0000000000000000',
    groups: [],
    failures: [],
    ...fields,
  } as FuzzReport;
}

describe('the fuzz summary vouches only for the seeds that ran', () => {
  it('a time budget that stops after 114 of 100,000 seeds says so, not "no failures in seeds 1..100000"', () => {
    const text = fuzzSummary(report({ seedsRun: 114, passed: 114, stoppedBy: 'time-budget' }));
    expect(text).not.toContain('no failures in seeds 1..100000');
    expect(text).toContain('✔ no failures in the 114 seeds run; 99,886 of seeds 1..100000 were not run (stopped by the time budget)');
  });

  it('a complete run covers the whole range', () => {
    expect(fuzzSummary(report({}))).toContain('✔ no failures in seeds 1..100000');
  });
});

describe('the ETA', () => {
  it.each([
    [42, '42s'],
    [185, '3m05s'],
    [7620, '2h07m'],
    [99 * 3600, '99h00m'],
    [99 * 3600 + 1, '>99h'],
    [44_891_816_154, '>99h'],
    [Infinity, '>99h'],
  ])('%s s reads %s', (seconds, text) => {
    expect(formatEtaSeconds(seconds)).toBe(text);
  });
});
