import { describe, expect, it } from 'vitest';
import { prepareRun, runScenarioOnce, summarize, type Scenario } from '../../../sim/index.js';
import { chainKv, chainKvScenario } from '../../../scenarios/chain-kv.js';
import { ackAtHead, applyInArrivalOrder, readAtHead, readAtHeadRoute } from '../../fixtures/chain/broken.js';
import { failuresOver, firstFailure, onlyChecker } from '../../helpers/variants.js';

/** Short runs with a dense nemesis, so a few hundred seeds fit in the suite's time budget. */
const SHORT_DENSE = { timeMs: 3000, faults: 'quiet=800,faultsStartMs=200,nemesis=500' };
const LINEARIZABILITY = 'linearizability(kv)';
const PROPAGATION = 'chain-update-propagation';

/**
 * The head r1 is cut off from the rest of the chain (the master and clients still reach it) for
 * 1.2 s, longer than a client's 1 s operation timeout, and then crashes for good: the writes it took
 * in that time (their clients gave up on them) never reach another replica.
 */
function runHeadIsolatedThenCrashed(scenario: Scenario, seed: number) {
  const prepared = prepareRun(scenario, { seed, timeMs: 8000, faults: 'none' });
  prepared.sim.at(1000, (sim) => sim.partition([['r1'], ['r2', 'r3', 's1', 's2']], false), 'isolate-head');
  prepared.sim.at(2200, (sim) => sim.crash('r1', 'stop'), 'crash-head');
  prepared.sim.at(2200, (sim) => sim.heal(), 'heal');
  prepared.sim.run();
  return summarize(prepared);
}

describe('chain-kv', () => {
  it('holds on seeds 1..200 (3 s each, crash-stop every 0.5 s on average, up to 2; lossy, reordering links)', () => {
    expect(failuresOver(chainKv, 200, SHORT_DENSE)).toEqual([]);
  }, 60_000);

  it('gives the same digest in fast and recording mode (seed 5)', () => {
    const fast = runScenarioOnce(chainKv, { seed: 5, timeMs: 4000 });
    const recorded = runScenarioOnce(chainKv, { seed: 5, timeMs: 4000, record: true });
    expect(fast.ok).toBe(true);
    expect(recorded.digest).toBe(fast.digest);
  });

  it('a chain whose head acknowledges writes fails linearizability within 3 seeds', () => {
    const failure = firstFailure(onlyChecker(chainKvScenario({ replica: ackAtHead }), LINEARIZABILITY), 3, SHORT_DENSE);
    expect(failure?.ok).toBe(false);
    if (failure?.ok !== false) return;
    expect(failure.violation.message).toMatch(/not linearizable/);
  });

  it('a chain that reads at the head fails linearizability when the head dies with writes the tail never saw (within 3 seeds)', () => {
    const variant = onlyChecker(chainKvScenario({ replica: readAtHead, route: readAtHeadRoute }), LINEARIZABILITY);
    const seeds = [1, 2, 3];
    const results = seeds.map((seed) => runHeadIsolatedThenCrashed(variant, seed));
    expect(results.some((result) => !result.ok)).toBe(true);
  });

  it('the real chain passes the same head isolation and crash on those seeds', () => {
    const results = [1, 2, 3].map((seed) => runHeadIsolatedThenCrashed(chainKv, seed));
    expect(results.map((result) => (result.ok ? 'ok' : result.violation.message))).toEqual(['ok', 'ok', 'ok']);
  });

  it('a spare added behind a cut-off tail, then another behind it, answers nothing until it holds every committed write (seeds 1..3)', () => {
    for (const seed of [1, 2, 3]) {
      const prepared = prepareRun(chainKv, { seed, timeMs: 6000, faults: 'none' });
      prepared.sim.at(900, (sim) => sim.partition([['r1', 'r2', 'r3', 's2'], ['s1']], false), 'cut-off-s1');
      prepared.sim.at(1000, (sim) => sim.crash('r2', 'stop'), 'crash-middle');
      prepared.sim.at(1800, (sim) => sim.crash('r1', 'stop'), 'crash-head');
      prepared.sim.at(2700, (sim) => sim.heal(), 'heal');
      prepared.sim.run();
      const result = summarize(prepared);
      const chains = prepared.sim.outputs.filter((o) => o.name === 'chain.reconfigure').map((o) => (o.value as { chain: string[] }).chain.join(','));
      expect(chains).toEqual(['r1,r3,s1', 'r3,s1,s2']);
      expect(result.ok ? 'ok' : result.violation.message).toBe('ok');
    }
  });

  it('a replica that applies updates in arrival order breaks update propagation within 3 seeds', () => {
    const failure = firstFailure(onlyChecker(chainKvScenario({ replica: applyInArrivalOrder }), PROPAGATION), 3, SHORT_DENSE);
    expect(failure?.ok).toBe(false);
    if (failure?.ok !== false) return;
    expect(failure.violation.message).toMatch(/not a prefix|has not applied/);
  });
});
