import { describe, expect, it } from 'vitest';
import { NAMED_PROFILES, type RunOptions, type Scenario } from '../../sim/index.js';
import type { ProbeRunner } from '../../sim/shrink/pool.js';
import type { FiredFault, Probe } from '../../sim/shrink/probe.js';
import { ShrinkSearch, type Holding } from '../../sim/shrink/search.js';
import { simplerCandidates, simplerRuns, withSettings } from '../../sim/shrink/simpler.js';

/** A scenario whose profile has drops, reorders and a nemesis with partitions and crashes. */
const scenario = {
  name: 'synthetic',
  faults: { ...NAMED_PROFILES.default!, name: 'synthetic', dropProbability: 0.02, duplicateProbability: 0, reorderProbability: 0.04, nemesisIntervalMsMean: 1000, partitionWeight: 1, crashRecoveryWeight: 1 },
} as unknown as Scenario;

const drop = (n: number): FiredFault => ({ id: `drop:n1>n2@${n}.1`, kind: 'drop', scope: 'message', nodes: ['n1', 'n2'], link: 'n1>n2', atUs: n });
const reorder = (n: number): FiredFault => ({ id: `reorder:n2>n1@${n}.1`, kind: 'reorder', scope: 'message', nodes: ['n2', 'n1'], link: 'n2>n1', atUs: n });
const crash = (n: number): FiredFault => ({ id: `crash#${n}`, kind: 'crash', scope: 'nemesis', nodes: ['n1'], atUs: n });

const VIOLATION = { kind: 'safety' as const, checker: 'c', message: 'm', eventIndex: 1, timeUs: 1 };

/**
 * Fresh runs answered from a table keyed by seed and --faults spec: the faults that fire and
 * whether the run fails. A run with a kept set fails when it keeps the table's cause for its run.
 */
function tableRunner(table: Record<string, { faults: FiredFault[]; fails: boolean; cause?: string }>): ProbeRunner & { asked: string[] } {
  const runner = {
    workers: 1,
    asked: [] as string[],
    run: async (candidates: readonly RunOptions[]): Promise<Probe[]> =>
      candidates.map((options) => {
        const key = `${String(options.seed)} ${options.faults ?? ''}`;
        runner.asked.push(options.onlyFaults ? `${key} only:${options.onlyFaults.join('+')}` : key);
        const row = table[key] ?? { faults: [drop(1), drop(2), drop(3), reorder(4), reorder(5), crash(6), drop(7), drop(8), drop(9), drop(10)], fails: false };
        const faults = options.onlyFaults ? row.faults.filter((f) => options.onlyFaults!.includes(f.id)) : row.faults;
        const fails = options.onlyFaults ? row.cause !== undefined && options.onlyFaults.includes(row.cause) : row.fails;
        return { failing: fails, ...(fails ? { violation: VIOLATION } : {}), digest: key, faults, byzantine: 0, timeMs: 10_000, events: 1 };
      }),
    close: async () => {},
  };
  return runner;
}

function holdingOf(options: RunOptions, faults: FiredFault[]): Holding {
  return { options, probe: { failing: true, violation: VIOLATION, digest: 'original', faults, byzantine: 0, timeMs: 10_000, events: 1 } };
}

const ORIGINAL = [drop(1), drop(2), reorder(3), reorder(4), reorder(5), crash(6), drop(7), reorder(8)];

describe('simpler runs (fresh runs of the same failure, answered from a table)', { timeout: 60_000 }, () => {
  it('a --faults spec keeps one value per setting, the new one last', () => {
    expect(withSettings(undefined, { reorderProbability: 0 })).toBe('reorder=0');
    expect(withSettings('chaos,reorder=0,drop=0.1', { dropProbability: 0.05, reorderProbability: 0 })).toBe('chaos,drop=0.05,reorder=0');
    expect(withSettings('drop=0.02', { dropProbability: 0.02 / 3 })).toBe('drop=0.006667');
  });

  it('candidates: each fired kind switched off (likeliest noise first), the nemesis off and halved, message rates scaled, then neighbouring seeds', () => {
    const candidates = simplerCandidates(scenario, holdingOf({ seed: 22 }, ORIGINAL)).map((options) => `${String(options.seed)} ${options.faults ?? ''}`);
    expect(candidates).toEqual([
      '22 reorder=0',
      '22 drop=0',
      '22 crash=0',
      '22 nemesis=0',
      '22 nemesis=2000',
      '22 drop=0.01,reorder=0.02',
      '22 drop=0.005,reorder=0.01',
      '23 ',
      '20 ',
      '21 ',
      '18 ',
    ]);
  });

  it('the same fresh runs and result however long a pool takes to answer; of equal counts the first candidate wins', async () => {
    const table = {
      '22 reorder=0': { faults: [drop(1), drop(2), crash(6), drop(7), drop(9)], fails: true },
      '22 crash=0': { faults: [drop(1), reorder(3), reorder(4)], fails: true },
      '23 ': { faults: [drop(1), reorder(3), crash(4)], fails: true },
    };
    const slow = tableRunner(table);
    const answer = slow.run;
    slow.run = async (candidates) => {
      const answers = await answer(candidates);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return answers;
    };
    const one = new ShrinkSearch(tableRunner(table), VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, holdingOf({ seed: 22 }, ORIGINAL), () => {});
    const many = new ShrinkSearch(slow, VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, holdingOf({ seed: 22 }, ORIGINAL), () => {});
    const a = await simplerRuns(scenario)(one, holdingOf({ seed: 22 }, ORIGINAL));
    const b = await simplerRuns(scenario)(many, holdingOf({ seed: 22 }, ORIGINAL));
    expect(a.options).toEqual({ seed: 22, faults: 'crash=0' });
    expect(b.options).toEqual(a.options);
    expect(many.runs).toBe(one.runs);
  });

  it('takes the failing fresh run with the fewest faults, then repeats from it until none has fewer', async () => {
    const table = {
      '22 ': { faults: ORIGINAL, fails: true },
      '22 reorder=0': { faults: [drop(1), drop(2), crash(6), drop(7), drop(9)], fails: true },
      '22 crash=0': { faults: [drop(1), reorder(3), reorder(4)], fails: true },
      '22 crash=0,reorder=0': { faults: [drop(1), drop(11)], fails: true },
      '22 crash=0,drop=0': { faults: [reorder(3), reorder(4), reorder(12)], fails: false },
    };
    const runner = tableRunner(table);
    const search = new ShrinkSearch(runner, VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, holdingOf({ seed: 22 }, ORIGINAL), () => {});
    const result = await simplerRuns(scenario)(search, holdingOf({ seed: 22 }, ORIGINAL));
    expect(result.options).toEqual({ seed: 22, faults: 'crash=0,reorder=0' });
    expect(result.probe.faults.map((f) => f.id)).toEqual(['drop:n1>n2@1.1', 'drop:n1>n2@11.1']);
    // No fresh run is tried twice (the seed it came from is a neighbour of a neighbour).
    const fresh = runner.asked.filter((key) => !key.includes(' only:'));
    expect(new Set(fresh).size).toBe(fresh.length);
  });

  it('a failure that needs no fault at all is settled by the first candidate', async () => {
    const runner = tableRunner({});
    // Every run fails, with no fault kept too.
    runner.run = async (candidates) => candidates.map((options) => ({ failing: true, violation: VIOLATION, digest: 'x', faults: options.onlyFaults ? [] : ORIGINAL, byzantine: 0, timeMs: 10_000, events: 1 }));
    const search = new ShrinkSearch(runner, VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, holdingOf({ seed: 22 }, ORIGINAL), () => {});
    const result = await simplerRuns(scenario)(search, holdingOf({ seed: 22 }, ORIGINAL));
    expect(result.options.onlyFaults).toEqual([]);
    expect(result.probe.faults).toEqual([]);
  });

  it('keeps the run it was given when no fresh run fails with fewer faults, and skips a run that already keeps a subset', async () => {
    const table = { '22 reorder=0': { faults: [...ORIGINAL, drop(20)], fails: true } };
    const search = new ShrinkSearch(tableRunner(table), VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, holdingOf({ seed: 22 }, ORIGINAL), () => {});
    const given = holdingOf({ seed: 22 }, ORIGINAL);
    expect(await simplerRuns(scenario)(search, given)).toBe(given);
    const kept = holdingOf({ seed: 22, onlyFaults: ['crash#6'] }, [crash(6), drop(1)]);
    const before = search.runs;
    expect(await simplerRuns(scenario)(search, kept)).toBe(kept);
    expect(search.runs).toBe(before);
  });
});
