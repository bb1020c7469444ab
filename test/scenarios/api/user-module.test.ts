import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The package's own entry (dist/), exactly as a user's test imports it.
import { assertFuzz, assertScenario, FaultlineFailure, fuzz, NO_FAULTS, runScenario, shrink, type FuzzReport, type RunFailure, type Scenario } from 'faultline';
import { naiveCounter } from '../../fixtures/userproto/counter.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const NAIVE = './test/fixtures/userproto/counter.ts#naive-counter';
const DEDUP = './test/fixtures/userproto/counter.ts#dedup-counter';

/** Runs a printed repro (`faultline replay …`) with the built CLI from the repository root. */
function replayPrinted(repro: string): { code: number | null; stdout: string } {
  const args = repro.replace(/^faultline /, '').split(' ');
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout };
}

async function failureOf(attempt: () => unknown): Promise<FaultlineFailure> {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof FaultlineFailure) return error;
    throw error;
  }
  throw new Error('expected a FaultlineFailure');
}

describe("library entry points on a user's own module and Scenario objects", { timeout: 120_000 }, () => {
  it('runScenario, assertScenario and shrink take a module reference (and return a Promise for it)', async () => {
    const result = await runScenario(NAIVE, { seed: 1 });
    expect(result.ok).toBe(false);
    expect((result as RunFailure).repro).toBe(`faultline replay ${NAIVE} --seed 1`);
    expect((await assertScenario(DEDUP, { seed: 1 })).ok).toBe(true);
    const shrunk = await shrink(NAIVE, { seed: 1 }, { maxRuns: 40 });
    expect(shrunk.shrunk && shrunk.command).toMatch(new RegExp(`^faultline replay ${NAIVE.replace(/[.#/]/g, '\\$&')} --seed 1 .*--time \\d+ms`));
  });

  it("assertScenario on a defineScenario object prints a repro that replays to the failure's digest", async () => {
    const failure = await failureOf(() => assertScenario(naiveCounter, { seed: 2 }));
    const repro = /repro: (faultline replay .*)$/m.exec(failure.message)![1]!;
    expect(repro).toBe(`faultline replay ${NAIVE} --seed 2`);
    const digest = (failure.detail as RunFailure).digest;
    const replay = replayPrinted(`${repro} --digest ${digest}`);
    expect(replay.stdout).toContain(`✔ digest matches ${digest}`);
    expect(replay.code).toBe(1);
  });

  it('assertFuzz on a defineScenario object: every group repro replays and verifies its digest', async () => {
    const failure = await failureOf(() => assertFuzz(naiveCounter, { seeds: 3 }));
    const report = failure.detail as FuzzReport;
    expect(report.scenarioRef).toBe(NAIVE);
    const repro = report.groups[0]!.repro;
    // The seed's search strategy is part of the run, so the repro names it (plain random names none).
    expect(repro).toMatch(/^faultline replay \.\/test\/fixtures\/userproto\/counter\.ts#naive-counter --seed 1( --strategy [a-z]+)? --digest [0-9a-f]{16}$/);
    const replay = replayPrinted(repro);
    expect(replay.stdout).toContain('✔ digest matches');
    expect(replay.code).toBe(1);
  });

  it('a module reference fuzzes on worker processes that load the TypeScript themselves', async () => {
    const report = await fuzz(DEDUP, { seeds: 8, workers: 2 });
    expect(report.workers).toBe(2);
    expect(report.failed).toBe(0);
    expect(report.seedsRun).toBe(8);
  });

  it('a Scenario object faultline cannot load says how to make its repro loadable', async () => {
    const anonymous: Scenario = { ...naiveCounter, name: 'anonymous-counter', faults: { ...NO_FAULTS, duplicateProbability: 0.2 } };
    const failure = await failureOf(() => assertScenario(anonymous, { seed: 1 }));
    expect(failure.message).toContain('repro: faultline replay anonymous-counter --seed 1');
    expect(failure.message).toContain('declare it with defineScenario(import.meta.url, { … })');
  });
});
