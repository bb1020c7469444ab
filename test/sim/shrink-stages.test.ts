import { describe, expect, it } from 'vitest';
import type { RunOptions } from '../../sim/index.js';
import type { ProbeRunner } from '../../sim/shrink/pool.js';
import type { FiredFault, Probe } from '../../sim/shrink/probe.js';
import { ShrinkSearch, type Holding } from '../../sim/shrink/search.js';
import { bigCuts, byProximity, causalCut, ddminCuts, kindCuts, nodeAndLinkCuts, sizeCut, timeCut, timeWindowCuts } from '../../sim/shrink/stages.js';
import type { Scenario } from '../../sim/index.js';

/**
 * A synthetic failure: a universe of faults, and a rule saying which kept sets (and run times, and
 * sizes) still fail. The fake runner answers candidates by the rule, so each stage is tested alone.
 */
const message = (kind: string, from: string, to: string, n: number, atUs: number): FiredFault => ({ id: `${kind}:${from}>${to}#${n}`, kind, scope: 'message', nodes: [from, to], link: `${from}>${to}`, atUs });
const nemesis = (kind: string, n: number, nodes: string[], atUs: number): FiredFault => ({ id: `${kind}#${n}`, kind, scope: 'nemesis', nodes, atUs });

const UNIVERSE: FiredFault[] = [
  message('reorder', 'n1', 'n2', 1, 100),
  message('drop', 'n1', 'n2', 2, 200),
  message('duplicate', 'n2', 'n3', 1, 300),
  nemesis('crash', 1, ['n3'], 400),
  message('drop', 'n3', 'n1', 1, 500),
  message('reorder', 'n2', 'n1', 1, 600),
  nemesis('partition', 2, ['n2'], 700),
  message('duplicate', 'n1', 'n3', 1, 800),
  message('drop', 'n2', 'n3', 4, 900),
  message('reorder', 'n3', 'n2', 2, 1000),
];

type Rule = (kept: ReadonlySet<string>, options: RunOptions) => boolean;

function fakeRunner(rule: Rule, shuffle = false, universe: FiredFault[] = UNIVERSE): ProbeRunner & { calls: number } {
  const runner = {
    workers: shuffle ? 3 : 1,
    calls: 0,
    run: async (candidates: readonly RunOptions[]): Promise<Probe[]> => {
      runner.calls += candidates.length;
      const answers = candidates.map(async (options, index) => {
        // A pool answers in any order: later candidates may finish first.
        if (shuffle) await new Promise((resolve) => setTimeout(resolve, (candidates.length - index) * 2));
        const kept = new Set(options.onlyFaults ?? universe.map((f) => f.id));
        const failing = rule(kept, options);
        const probe: Probe = {
          failing,
          ...(failing ? { violation: { kind: 'safety' as const, checker: 'c', message: 'm', eventIndex: 1, timeUs: 1 } } : {}),
          digest: [...kept].join(','),
          faults: universe.filter((f) => kept.has(f.id)),
          byzantine: 0,
          timeMs: options.timeMs ?? 10_000,
          events: 1,
        };
        return probe;
      });
      return Promise.all(answers);
    },
    close: async () => {},
  };
  return runner;
}

function start(rule: Rule, shuffle = false, universe: FiredFault[] = UNIVERSE): { search: ShrinkSearch; holding: Holding; runner: ReturnType<typeof fakeRunner> } {
  const runner = fakeRunner(rule, shuffle, universe);
  const violation = { kind: 'safety' as const, checker: 'c', message: 'm', eventIndex: 1, timeUs: 1 };
  const holding: Holding = { options: { seed: 1 }, probe: { failing: true, violation, digest: 'all', faults: universe, byzantine: 0, timeMs: 10_000, events: 1 } };
  const search = new ShrinkSearch(runner, violation, { maxRuns: 10_000, deadlineMs: Infinity }, holding, () => {});
  return { search, holding, runner };
}

const ids = (holding: Holding): string[] => holding.probe.faults.map((f) => f.id);

describe('shrink cut stages (a synthetic failure answered by rule)', { timeout: 60_000 }, () => {
  it('big cuts: a failure that needs only the crash keeps only the nemesis episodes', async () => {
    const { search, holding } = start((kept) => kept.has('crash#1'));
    expect(ids(await bigCuts(search, holding))).toEqual(['crash#1', 'partition#2']);
  });

  it('big cuts: a failure without any fault keeps none', async () => {
    const { search, holding } = start(() => true);
    expect(ids(await bigCuts(search, holding))).toEqual([]);
  });

  it('fault kinds: drops and a crash needed, so every reorder, duplicate and partition goes', async () => {
    const { search, holding } = start((kept) => kept.has('crash#1') && [...kept].some((id) => id.startsWith('drop:')));
    const kinds = new Set((await kindCuts(search, holding)).probe.faults.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['crash', 'drop']);
  });

  it('nodes and links: a failure on the n1>n2 link alone loses every fault touching n3', async () => {
    const { search, holding } = start((kept) => kept.has('drop:n1>n2#2'));
    const left = await nodeAndLinkCuts(search, holding);
    expect(left.probe.faults.every((f) => !f.nodes.includes('n3'))).toBe(true);
    expect(ids(left)).toContain('drop:n1>n2#2');
    expect(left.probe.faults.every((f) => f.link === undefined || f.link === 'n1>n2')).toBe(true);
    expect(left.probe.faults.length).toBeLessThan(UNIVERSE.length / 2);
  });

  it('time windows: a cause early in the run keeps only a short prefix', async () => {
    const { search, holding } = start((kept) => kept.has('duplicate:n2>n3#1'));
    const left = await timeWindowCuts(search, holding);
    expect(ids(left)).toContain('duplicate:n2>n3#1');
    expect(left.probe.faults.every((f) => f.atUs <= 300)).toBe(true);
  });

  it('ddmin: two faults that fail only together are exactly what is left', async () => {
    const { search, holding } = start((kept) => kept.has('reorder:n2>n1#1') && kept.has('drop:n2>n3#4'));
    expect(ids(await ddminCuts(search, holding)).sort()).toEqual(['drop:n2>n3#4', 'reorder:n2>n1#1']);
  });

  it('run time: a failure that needs 3 s of a 10 s run ends within 1% above 3 s', async () => {
    const { search, holding } = start((_kept, options) => (options.timeMs ?? 10_000) >= 3000);
    const left = await timeCut(search, holding);
    expect(left.probe.timeMs).toBeGreaterThanOrEqual(3000);
    expect(left.probe.timeMs).toBeLessThanOrEqual(3100);
  });

  it('workload: a failure that needs two clients goes from the default 5 to 2', async () => {
    const scenario = { sizes: { clients: { default: 5, min: 1 } } } as unknown as Scenario;
    const { search, holding } = start((_kept, options) => (options.size?.clients ?? 5) >= 2);
    expect((await sizeCut(scenario)(search, holding)).options.size).toEqual({ clients: 2 });
  });

  it('the runs made and the result do not depend on the order a pool answers in', async () => {
    const rule: Rule = (kept) => kept.has('crash#1') && kept.has('drop:n2>n3#4');
    const one = start(rule, false);
    const many = start(rule, true);
    const a = await ddminCuts(one.search, await kindCuts(one.search, one.holding));
    const b = await ddminCuts(many.search, await kindCuts(many.search, many.holding));
    expect(ids(b)).toEqual(ids(a));
    expect(many.search.runs).toBe(one.search.runs);
  });

  /**
   * A long noisy run: 200 faults, of which only 6 can have reached the violation (cone: true), and the
   * failure needs two of those. The causal flags stand for what a probe derives from the trace.
   */
  const NOISY: FiredFault[] = Array.from({ length: 200 }, (_, n) => ({
    ...(n % 20 === 0 ? nemesis('crash', n, [`n${n % 5}`], n * 100) : message(n % 3 ? 'drop' : 'reorder', `n${n % 5}`, `n${(n + 1) % 5}`, n, n * 100)),
    cone: n % 37 === 5,
  }));
  const coneIds = NOISY.filter((f) => f.cone).map((f) => f.id);
  const causes = [coneIds[1] as string, coneIds[4] as string];
  const noisyRule: Rule = (kept) => causes.every((id) => kept.has(id));

  it('causal cut: every fault outside the causal past goes in one round', async () => {
    expect(causes.every((id) => id !== undefined)).toBe(true);
    const { search, holding } = start(noisyRule, false, NOISY);
    const left = await causalCut(search, holding);
    expect(left.probe.faults.every((f) => f.cone)).toBe(true);
    expect(left.probe.faults.length).toBe(NOISY.filter((f) => f.cone).length);
    // One round of candidates (at most four); the next has nothing smaller to try.
    expect(search.runs).toBeLessThanOrEqual(4);
    expect(ids(await ddminCuts(search, left)).sort()).toEqual([...causes].sort());
  });

  it('causal cut: when the cone alone no longer fails, the cone plus the nemesis is kept', async () => {
    const { search, holding } = start((kept, options) => noisyRule(kept, options) && kept.has('crash#100'), false, NOISY);
    const left = await causalCut(search, holding);
    expect(ids(left)).toContain('crash#100');
    expect(left.probe.faults.every((f) => f.cone || f.scope === 'nemesis')).toBe(true);
  });

  it('causal cut: without causal flags (an unknown past) it tries nothing', async () => {
    const { search, holding } = start(() => true);
    expect(ids(await causalCut(search, holding))).toEqual(ids(holding));
    expect(search.runs).toBe(0);
  });

  it('ddmin tries the causally nearest faults first: the causal past, latest first', () => {
    const ordered = byProximity(NOISY).map((f) => f.id);
    const cone = NOISY.filter((f) => f.cone).reverse().map((f) => f.id);
    expect(ordered.slice(0, cone.length)).toEqual(cone);
    expect(ordered[cone.length]).toBe(NOISY[NOISY.length - 1]?.id === cone[0] ? NOISY[NOISY.length - 2]?.id : NOISY[NOISY.length - 1]?.id);
  });

  it('causal cut then ddmin: the same runs and result whatever order a pool answers in', async () => {
    const one = start(noisyRule, false, NOISY);
    const many = start(noisyRule, true, NOISY);
    const a = await ddminCuts(one.search, await causalCut(one.search, one.holding));
    const b = await ddminCuts(many.search, await causalCut(many.search, many.holding));
    expect(ids(b)).toEqual(ids(a));
    expect(many.search.runs).toBe(one.search.runs);
  });
});
