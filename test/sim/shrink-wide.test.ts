import { describe, expect, it } from 'vitest';
import { NAMED_PROFILES, runOptionsOf, runScenarioOnce, shrinkFailure, type RunOptions, type Scenario } from '../../sim/index.js';
import type { ProbeRunner } from '../../sim/shrink/pool.js';
import type { FiredFault, Probe } from '../../sim/shrink/probe.js';
import { ShrinkSearch, type Holding } from '../../sim/shrink/search.js';
import { WideSearch, wideSettings } from '../../sim/shrink/wide.js';
import { plantedBugs } from '../../bench/planted/index.js';

/** A scenario whose profile has drops, reorders, duplicates and a nemesis with partitions and crashes. */
const scenario = {
  name: 'synthetic',
  faults: { ...NAMED_PROFILES.default!, name: 'synthetic', dropProbability: 0.02, duplicateProbability: 0.02, reorderProbability: 0.04, nemesisIntervalMsMean: 1000, partitionWeight: 1, crashRecoveryWeight: 1 },
} as unknown as Scenario;

const drop = (n: number): FiredFault => ({ id: `drop:n1>n2@${n}.1`, kind: 'drop', scope: 'message', nodes: ['n1', 'n2'], link: 'n1>n2', atUs: n });
const crash = (n: number): FiredFault => ({ id: `crash#${n}`, kind: 'crash', scope: 'nemesis', nodes: ['n1'], atUs: n });

const VIOLATION = { kind: 'safety' as const, checker: 'c', message: 'm', eventIndex: 1, timeUs: 1 };

function holdingOf(options: RunOptions, faults: FiredFault[]): Holding {
  return { options, probe: { failing: true, violation: VIOLATION, digest: 'x', faults, byzantine: 0, timeMs: 10_000, events: 1 } };
}

/** Fresh runs answered from a table keyed by seed and --faults spec; any other run passes. */
function tableRunner(table: Record<string, FiredFault[]>): ProbeRunner & { asked: string[] } {
  const runner = {
    workers: 1,
    asked: [] as string[],
    run: async (candidates: readonly RunOptions[]): Promise<Probe[]> =>
      candidates.map((options) => {
        const key = `${String(options.seed)} ${options.faults ?? ''}`;
        runner.asked.push(key);
        const faults = table[key];
        return { failing: faults !== undefined, ...(faults ? { violation: VIOLATION } : {}), digest: key, faults: faults ?? [], byzantine: 0, timeMs: 10_000, events: 1 };
      }),
    close: async () => {},
  };
  return runner;
}

const ORIGINAL = holdingOf({ seed: 22, strategy: 'focus' }, [drop(1), drop(2), crash(3), drop(4), drop(5), drop(6), drop(7)]);
/** A 1-minimal set of six: one crash and five drops (no partition, reorder or duplicate). */
const SHRUNK = holdingOf({ seed: 22, strategy: 'focus', onlyFaults: ['crash#3'], size: { clients: 2 } }, [crash(3), drop(1), drop(2), drop(4), drop(5), drop(6)]);

describe('wide search (fresh runs on neighbouring seeds, answered from a table)', { timeout: 60_000 }, () => {
  it('settings: nemesis only with the kinds the shrunk run has none of off, then its per-message kinds at 1/16; the shrunk workload, the original seed and strategy', () => {
    const settings = wideSettings(scenario, ORIGINAL, SHRUNK);
    expect(settings).toEqual([
      { seed: 22, strategy: 'focus', size: { clients: 2 }, faults: 'drop=0,dup=0,reorder=0,partition=0' },
      { seed: 22, strategy: 'focus', size: { clients: 2 }, faults: 'reorder=0,dup=0,drop=0.00125,partition=0' },
    ]);
  });

  it('a shrunk run with no nemesis fault gets only the sparse setting', () => {
    const settings = wideSettings(scenario, ORIGINAL, holdingOf({ seed: 22 }, [drop(1), drop(2)]));
    expect(settings.map((options) => options.faults)).toEqual(['reorder=0,dup=0,drop=0.00125,partition=0,crash=0']);
  });

  it("a shrunk run holding a strategy's own faults (depositions, late copies) gets the every-rate-off setting in the second pass", () => {
    const deposition: FiredFault = { id: 'chain-crash#2', kind: 'chain-crash', scope: 'nemesis', nodes: ['n1'], atUs: 5 };
    const lateCopy: FiredFault = { id: 'chain-late:n2>n1@ab12cd.1', kind: 'chain-late', scope: 'message', nodes: ['n2', 'n1'], link: 'n2>n1', atUs: 6 };
    const shrunk = holdingOf({ seed: 22, strategy: 'takeover' }, [drop(1), deposition, lateCopy]);
    expect(wideSettings(scenario, ORIGINAL, shrunk).map((options) => options.faults)).toEqual(['reorder=0,dup=0,drop=0.00125,partition=0,crash=0']);
    expect(wideSettings(scenario, ORIGINAL, shrunk, 'second').map((options) => options.faults)).toEqual(['drop=0,dup=0,reorder=0,partition=0,crash=0']);
  });

  it('a shrunk run with two per-message kinds or more gets each of them alone, at 1/8 of its rate, in the second pass', () => {
    const reorder: FiredFault = { ...drop(8), id: 'reorder:n1>n2@8.1', kind: 'reorder' };
    const shrunk = holdingOf({ seed: 22 }, [drop(1), reorder, crash(3)]);
    expect(wideSettings(scenario, ORIGINAL, shrunk).map((options) => options.faults)).toEqual(['drop=0,dup=0,reorder=0,partition=0', 'reorder=0.0025,dup=0,drop=0.00125,partition=0']);
    expect(wideSettings(scenario, ORIGINAL, shrunk, 'second').map((options) => options.faults)).toEqual(['drop=0,dup=0,reorder=0.005,partition=0', 'drop=0.0025,dup=0,reorder=0,partition=0']);
    // A set with a nemesis episode had the every-rate-off setting in the first pass: not again.
    const withDeposition = holdingOf({ seed: 22 }, [crash(3), { ...crash(4), id: 'chain-crash#2', kind: 'chain-crash' }]);
    expect(wideSettings(scenario, ORIGINAL, withDeposition, 'second')).toEqual([]);
  });

  it('a run given with its kept faults gets no fresh runs', () => {
    expect(wideSettings(scenario, holdingOf({ seed: 22, onlyFaults: ['crash#3'] }, [crash(3)]), SHRUNK)).toEqual([]);
  });

  it('returns the fewest-fault failure of the first batch that has one (first of equals), whatever the runner', async () => {
    const [nemesisOnly, sparse] = wideSettings(scenario, ORIGINAL, SHRUNK).map((options) => options.faults);
    const table = {
      // 22 XOR 3 and 22 XOR 5 fail in the first batch (seeds 22 XOR 1..8); 22 XOR 9 in the second.
      [`21 ${sparse}`]: [drop(1), drop(2), drop(3)],
      [`19 ${nemesisOnly}`]: [crash(1), crash(2)],
      [`31 ${nemesisOnly}`]: [crash(1)],
    };
    const runner = tableRunner(table);
    const search = new ShrinkSearch(runner, VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, SHRUNK, () => {});
    const wide = new WideSearch(wideSettings(scenario, ORIGINAL, SHRUNK));
    const found = await wide.next(search, 1000);
    expect(found?.options).toMatchObject({ seed: '19', faults: nemesisOnly });
    expect(search.runs).toBe(16);
    // The next call goes on from the next batch.
    expect((await wide.next(search, 1000))?.options).toMatchObject({ seed: '31' });
    expect(new Set(runner.asked).size).toBe(runner.asked.length);
    expect(search.champion.probe.faults).toEqual([crash(1)]);
  });

  it('stops once the runs reach the share it was given, with nothing found', async () => {
    const search = new ShrinkSearch(tableRunner({}), VIOLATION, { maxRuns: 1000, deadlineMs: Infinity }, SHRUNK, () => {});
    expect(await new WideSearch(wideSettings(scenario, ORIGINAL, SHRUNK)).next(search, 40)).toBeUndefined();
    expect(search.runs).toBe(48);
  });
});

describe('shrinkFailure on a failure whose 1-minimal run stays large (planted rpc-reply-before-fsync, seed 2, focus)', { timeout: 300_000 }, () => {
  const bug = plantedBugs.find((b) => b.id === 'rpc-reply-before-fsync')!;

  it('ends at 5 faults or fewer (the cuts and simpler runs alone end at 7) and the repro replays to the same failure and digest', async () => {
    const result = await shrinkFailure(bug.scenario, { seed: 2, strategy: 'focus' });
    if (!result.shrunk) throw new Error(result.reason);
    expect(result.original.faultCount).toBeGreaterThan(100);
    expect(result.minimal.faultCount).toBeLessThanOrEqual(5);
    expect(result.stages.some((stage) => stage.stage.startsWith('wide search'))).toBe(true);
    expect(result.budgetExhausted).toBe(false);
    const replayed = runScenarioOnce(bug.scenario, runOptionsOf(result.repro));
    expect(replayed.digest).toBe(result.minimal.digest);
    expect(replayed.ok).toBe(false);
    if (!replayed.ok) expect(replayed.violation.checker).toBe(result.original.violation.checker);
  });
});

/** Shrinks a planted bug's failure (a generous time budget: the result must not depend on the machine's load) and replays the repro. */
async function shrinkPlanted(id: string, options: RunOptions) {
  const bug = plantedBugs.find((b) => b.id === id)!;
  const result = await shrinkFailure(bug.scenario, options, { timeBudgetMs: 1_200_000 });
  if (!result.shrunk) throw new Error(result.reason);
  const replayed = runScenarioOnce(bug.scenario, runOptionsOf(result.repro));
  expect(replayed.digest).toBe(result.minimal.digest);
  expect(replayed.ok).toBe(false);
  if (!replayed.ok) expect(replayed.violation.checker).toBe(result.original.violation.checker);
  return result;
}

describe("wide search on a strategy's own faults and on one kind at a time (planted bugs)", { timeout: 600_000 }, () => {
  it('pb-ack-any-view, seed 278, takeover: a fresh run with every rate off holds dozens of depositions and late copies; the group cuts of the second pass bring it to ddmin and 5 faults or fewer (6 without either)', async () => {
    const result = await shrinkPlanted('pb-ack-any-view', { seed: 278, strategy: 'takeover' });
    expect(result.minimal.faultCount).toBeLessThanOrEqual(5);
    expect(result.minimal.faults.some((id) => id.startsWith('chain-'))).toBe(true);
    expect(result.budgetExhausted).toBe(false);
  });

  it('rpc-exactly-once-entry-after-fsync, seed 2, steady: the first pass finds its 2-fault run, and the second pass never runs (with both passes mixed in one batch it ended at 4)', async () => {
    const result = await shrinkPlanted('rpc-exactly-once-entry-after-fsync', { seed: 2, strategy: 'steady' });
    expect(result.minimal.faultCount).toBe(2);
    expect(result.stages.some((stage) => stage.stage.startsWith('wide search'))).toBe(true);
    expect(result.stages.some((stage) => stage.stage.includes('second pass'))).toBe(false);
  });

  it('rpc-dedup-entry-after-fsync, seed 8, focus: drops alone (with the crash) fail with 4 faults where the sparse mix of drops, reorders and corruption held 7', async () => {
    const result = await shrinkPlanted('rpc-dedup-entry-after-fsync', { seed: 8, strategy: 'focus' });
    expect(result.minimal.faultCount).toBeLessThanOrEqual(5);
    expect(result.minimal.repro.faults).toMatch(/reorder=0\b/);
    expect(result.budgetExhausted).toBe(false);
  });
});
