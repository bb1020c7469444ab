import { describe, expect, it } from 'vitest';
import { faultline, LOSSY, shellWords } from './workflow-cli.js';
import { FiredFaults, prepareRun, summarize } from '../../sim/index.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';

function noisyFailingSeed(): number {
  for (let seed = 1; seed <= 60; seed++) {
    const fired = new FiredFaults();
    const prepared = prepareRun(lossyTally, { seed, trace: fired });
    prepared.sim.run();
    if (!summarize(prepared).ok && fired.total >= 10) return seed;
  }
  throw new Error('no noisy failing seed in 1..60: the fixture changed');
}

interface ShrinkJson {
  original: { faultCount: number; violation: { checker: string } };
  minimal: { faultCount: number; violation: { checker: string }; digest: string };
  repro: string;
}

describe('faultline shrink', { timeout: 60_000 }, () => {
  const seed = noisyFailingSeed();

  it(`prints fewer faults and a minimal repro that replay accepts and verifies (lossy-tally, first noisy failing seed ${seed})`, () => {
    const shrunk = faultline(['shrink', LOSSY, '--seed', String(seed), '--json']);
    expect(shrunk.code).toBe(0);
    const json = JSON.parse(shrunk.stdout) as ShrinkJson;
    expect(json.minimal.faultCount).toBeLessThan(json.original.faultCount);
    expect(json.minimal.violation.checker).toBe(json.original.violation.checker);

    const words = shellWords(json.repro);
    expect(words.slice(0, 2)).toEqual(['faultline', 'replay']);
    const replay = faultline(words.slice(1));
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`✔ digest matches ${json.minimal.digest}`);
    expect(replay.stdout).toContain(json.original.violation.checker);
  });

  it('says how many faults it removed, in text', () => {
    const { code, stdout } = faultline(['shrink', LOSSY, '--seed', String(seed)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/faults fired: (\d+) → (\d+) \(\d+ removed\)/);
    expect(stdout).toMatch(/minimal repro: faultline replay \S+ --seed \d+/);
  });
});
