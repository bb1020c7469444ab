import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type Scenario } from '../../../scenarios/index.js';
import { atomicOutputChecker, completionChecker, expectedFiles, finalOutputChecker, generateJob, mapSplit, reduceInputs, sequentialWordCount, type JobSpec } from '../../../protocols/mapreduce/index.js';
import { MR_COORDINATOR, MR_FILE_SERVER } from '../../../scenarios/mapreduce.js';
import { RandomStream } from '../../../sim/index.js';
import { appendCommit, brokenMapReduce, inPlaceCommit, stickyCoordinator, withCommit } from '../../fixtures/mapreduce/broken-variants.js';

const TOPOLOGY = { coordinator: MR_COORDINATOR, fileServer: MR_FILE_SERVER };
const TIMEOUT_MS = 120_000;

function firstFailure(scenario: string | Scenario, seeds: number, swarm = false): RunResult | undefined {
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(scenario, { seed, swarm });
    if (!result.ok) return result;
  }
  return undefined;
}

const describeFailure = (result: RunResult | undefined): string => (result && !result.ok ? `seed ${result.seed}: ${result.violation.checker}: ${result.violation.message}` : 'none');

describe('mapreduce: word count', () => {
  it('map then reduce gives the sequential word count', () => {
    const job: JobSpec = { splits: ['a b a', 'b c a'], reducers: 2 };
    const merged = new Map<string, number>();
    for (let r = 0; r < 2; r++) {
      const output = reduceInputs(job.splits.map((split) => mapSplit(split, 2)[r]!));
      for (const line of output.split('\n').filter(Boolean)) merged.set(line.split(' ')[0]!, Number(line.split(' ')[1]));
    }
    expect(merged).toEqual(new Map([['a', 3], ['b', 2], ['c', 1]]));
    expect(sequentialWordCount(job)).toEqual(new Map([['a', 3], ['b', 2], ['c', 1]]));
  });

  it('the generated corpus depends on the workload seed only', () => {
    const a = generateJob(new RandomStream('7', 'workload'), 4, 3);
    const b = generateJob(new RandomStream('7', 'workload'), 4, 3);
    expect(a).toEqual(b);
    expect(expectedFiles(a).size).toBe(4 * 3 + 3);
  });
});

describe('mapreduce: the correct protocol holds', () => {
  it('mapreduce holds on seeds 1..60', () => {
    expect(describeFailure(firstFailure('mapreduce', 60))).toBe('none');
  }, TIMEOUT_MS);

  it('mapreduce --swarm holds on seeds 1..60', () => {
    expect(describeFailure(firstFailure('mapreduce', 60, true))).toBe('none');
  }, TIMEOUT_MS);

  it('mapreduce seed 3 gives the same digest in recording mode', () => {
    const fast = runScenario('mapreduce', { seed: 3 });
    const recorded = runScenario('mapreduce', { seed: 3, record: true });
    expect(recorded.digest).toBe(fast.digest);
  });
});

describe('mapreduce: each checker catches a broken variant', () => {
  it('an appending worker counts a re-run task twice: mapreduce-output catches it (seeds 1..30)', () => {
    const onlyOutput = brokenMapReduce('mr-append', withCommit(appendCommit, (job) => [finalOutputChecker(job, TOPOLOGY)]));
    const failure = firstFailure(onlyOutput, 30);
    expect(failure?.ok).toBe(false);
    if (!failure || failure.ok) return;
    expect(failure.violation.checker).toBe('mapreduce-output');
    expect(failure.violation.message).toMatch(/differs from the sequential word count/);
    // The same seed with the atomic commit holds: the appending is what breaks it.
    expect(runScenario('mapreduce', { seed: failure.seed }).ok).toBe(true);
  }, TIMEOUT_MS);

  it('an appending worker leaves a repeated output visible: mapreduce-atomic-output catches it (seeds 1..30)', () => {
    const onlyAtomic = brokenMapReduce('mr-append-visible', withCommit(appendCommit, (job) => [atomicOutputChecker(job, TOPOLOGY)]));
    const failure = firstFailure(onlyAtomic, 30);
    expect(failure?.ok).toBe(false);
    if (!failure || failure.ok) return;
    expect(failure.violation.checker).toBe('mapreduce-atomic-output');
    expect(failure.violation.message).toMatch(/partial or repeated write/);
  }, TIMEOUT_MS);

  it('a worker writing in place shows half a file: mapreduce-atomic-output catches it (seed 1)', () => {
    const atomicOnly = runScenario(brokenMapReduce('mr-in-place', withCommit(inPlaceCommit, (job) => [atomicOutputChecker(job, TOPOLOGY)])), { seed: 1 });
    expect(atomicOnly.ok).toBe(false);
    if (atomicOnly.ok) return;
    expect(atomicOnly.violation.checker).toBe('mapreduce-atomic-output');
    expect(atomicOnly.violation.message).toMatch(/is visible with \d+ bytes, not its complete output/);
    expect(runScenario('mapreduce', { seed: 1 }).ok).toBe(true);
  }, TIMEOUT_MS);

  it('a coordinator that never re-assigns leaves a crashed worker\'s task undone: mapreduce-completion catches it (seeds 1..30)', () => {
    const sticky = brokenMapReduce('mr-sticky', { coordinator: stickyCoordinator, checkers: () => [completionChecker(TOPOLOGY)] });
    const failure = firstFailure(sticky, 30);
    expect(failure?.ok).toBe(false);
    if (!failure || failure.ok) return;
    expect(failure.violation.checker).toBe('mapreduce-completion');
    expect(failure.violation.kind).toBe('liveness');
    expect(failure.violation.message).toMatch(/job not done .* after the faults stopped/);
  }, TIMEOUT_MS);
});
