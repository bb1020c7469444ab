import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The package's own entry (dist/), as a user's test imports it: worker processes need compiled JavaScript.
import { fuzz, type FuzzReport } from 'faultline';
import { displayModulePath, prepareRun } from '../../../sim/index.js';
import { lossyTally } from '../../fixtures/workflows/lossy-tally.mjs';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/workflows/${name}`, import.meta.url));
const LOSSY = fixture('lossy-tally.mjs');

function failingSeeds(report: FuzzReport): string[] {
  return report.failures.map((failure) => failure.seed);
}

describe('fuzz: results do not depend on workers or shards (lossy-tally fixture, seeds 1..48)', { timeout: 60_000 }, () => {
  it('1 worker, 2 workers, 3 shards and the calling thread give the same digests and failing seeds', async () => {
    const seeds = '1..48';
    const one = await fuzz(LOSSY, { seeds, workers: 1, keepDigests: true });
    const two = await fuzz(LOSSY, { seeds, workers: 2, keepDigests: true });
    const shards = await Promise.all([1, 2, 3].map((index) => fuzz(LOSSY, { seeds, workers: 2, shard: `${index}/3`, keepDigests: true })));
    const inline = await fuzz(lossyTally, { seeds, keepDigests: true });

    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(one.seedsRun).toBe(48);
    expect(one.failed).toBeGreaterThan(0);
    expect(one.passed).toBeGreaterThan(0);
    expect(Object.keys(one.digests!)).toHaveLength(48);

    expect(two.digests).toEqual(one.digests);
    expect(inline.digests).toEqual(one.digests);
    expect(Object.assign({}, ...shards.map((shard) => shard.digests))).toEqual(one.digests);

    expect(failingSeeds(two)).toEqual(failingSeeds(one));
    expect(failingSeeds(inline)).toEqual(failingSeeds(one));
    expect(shards.flatMap(failingSeeds).sort((a, b) => Number(a) - Number(b))).toEqual(failingSeeds(one));
    expect(two.combinedDigest).toBe(one.combinedDigest);
    expect(two.groups.map((g) => [g.signature, g.smallestSeed, g.count])).toEqual(one.groups.map((g) => [g.signature, g.smallestSeed, g.count]));

    // Each shard ran only its own interleaved seeds.
    shards.forEach((shard, i) => {
      for (const seed of Object.keys(shard.digests!)) expect((Number(seed) - 1) % 3).toBe(i);
    });
  });
});

describe('fuzz: safeguards', { timeout: 60_000 }, () => {
  it('re-runs every failure and reports nondeterminism with the first diverging event (leaky-counter fixture)', async () => {
    const report = await fuzz(`${fixture('misbehaving.mjs')}#leaky-counter`, { seeds: 3, workers: 1 });
    expect(report.failed).toBe(3);
    for (const failure of report.failures) {
      expect(failure.violation.kind).toBe('nondeterminism');
      expect(failure.original?.checker).toBe('always-fails');
      expect(failure.rerun.identical).toBe(false);
      expect(failure.rerun.firstDivergence?.index).toBeGreaterThan(0);
      expect(failure.violation.message).toMatch(/first diverging event #\d+/);
    }
    expect(report.groups).toHaveLength(1);
  });

  it('a seed that never ends becomes a limit result at its wall budget (spin-forever fixture)', async () => {
    const report = await fuzz(`${fixture('misbehaving.mjs')}#spin-forever`, { seeds: 1, workers: 1, wallBudgetMs: 100 });
    const failure = report.failures[0]!;
    expect(failure.violation.kind).toBe('limit');
    expect(failure.violation.checker).toBe('wall-budget');
    expect(failure.rerun.checked).toBe(false);
    expect(failure.repro).not.toContain('--digest');
  });

  it('a handler that never returns: its worker is stopped, the other seeds still run, and that seed alone is a limit result', async () => {
    const { loopOnSomeSeeds } = await import('../../fixtures/workflows/misbehaving.mjs');
    const hangs = (seed: number): boolean => {
      const { sim } = prepareRun(loopOnSomeSeeds, { seed });
      sim.start();
      return sim.nodeState<{ hang: boolean }>('a')!.hang;
    };
    const hanging = [1, 2, 3, 4, 5, 6, 7, 8].filter(hangs);
    // The fixture must hang on some seeds and not on others for this test to mean anything.
    expect(hanging.length).toBeGreaterThan(0);
    expect(hanging.length).toBeLessThan(8);
    // Plain random search: the other strategies learn the scenario's timescale from a probe run, and this fixture's probe may hang too.
    const report = await fuzz(`${fixture('misbehaving.mjs')}#loop-on-some-seeds`, { seeds: 8, workers: 2, wallBudgetMs: 300, strategy: 'random' });
    expect(report.seedsRun).toBe(8);
    expect(report.stoppedBy).toBe('complete');
    expect(report.failures.map((failure) => Number(failure.seed)).sort((a, b) => a - b)).toEqual(hanging);
    for (const failure of report.failures) {
      expect(failure.violation.kind).toBe('limit');
      expect(failure.violation.message).toMatch(/did not finish within \d+ ms: a handler or checker never returned/);
    }
  });

  it('a failure is re-run and, when identical, its repro verifies the digest', async () => {
    const report = await fuzz(LOSSY, { seeds: '1..10', workers: 1 });
    const failure = report.failures[0]!;
    expect(failure.rerun).toMatchObject({ checked: true, identical: true, digest: failure.digest });
    const strategy = failure.strategy === 'random' ? '' : ` --strategy ${failure.strategy}`;
    expect(failure.repro).toBe(`faultline replay ${displayModulePath(LOSSY, process.cwd())}#lossy-tally --seed ${failure.seed}${strategy} --digest ${failure.digest}`);
  });

  it('--stop-on-first stops starting seeds after a failure', async () => {
    const report = await fuzz(LOSSY, { seeds: 400, workers: 2, stopOnFirst: true });
    expect(report.stoppedBy).toBe('first-failure');
    expect(report.failed).toBeGreaterThan(0);
    expect(report.seedsRun).toBeLessThan(400);
  });

  it('aborting keeps the failures found so far and marks the report interrupted', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const report = await fuzz(LOSSY, {
      seeds: 100_000,
      workers: 2,
      signal: abort.signal,
      onFailure: (failure) => {
        seen.push(failure.seed);
        abort.abort();
      },
    });
    expect(report.stoppedBy).toBe('interrupted');
    expect(report.seedsRun).toBeLessThan(100_000);
    expect(seen.length).toBeGreaterThan(0);
    for (const seed of seen) expect(failingSeeds(report)).toContain(seed);
  });
});
