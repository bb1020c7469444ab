import { describe, expect, it } from 'vitest';
import { runScenarioOnce, type Scenario, type TraceEvent } from '../../../sim/index.js';
import { plantedBug } from '../../../bench/planted/index.js';
import { findScenario } from '../../../scenarios/registry.js';

const primaryBackupKv = (): Scenario => findScenario('primary-backup-kv')!;

interface Held {
  fault: string;
  fromMs: number;
  untilMs: number | undefined;
  /** Views the CFG created while the deposition held. */
  viewsMeanwhile: number;
}

/** The first deposition of a seed (its fault id ends in #1), how long it held, and the views created meanwhile. */
function firstDeposition(strategy: string, seed: number): Held | undefined {
  const events: TraceEvent[] = [];
  runScenarioOnce(primaryBackupKv(), { seed, strategy, trace: { write: (event) => events.push(event) } });
  let held: Held | undefined;
  for (const event of events) {
    const fault = (event as { fault?: string }).fault;
    const atMs = event.t / 1000;
    if (!held && fault?.endsWith('#1') && (event.type === 'fault.partition' || event.type === 'node.crash')) held = { fault, fromMs: atMs, untilMs: undefined, viewsMeanwhile: 0 };
    else if (held && held.untilMs === undefined && fault === held.fault && (event.type === 'fault.heal' || event.type === 'node.restart')) held.untilMs = atMs;
    else if (held && held.untilMs === undefined && event.type === 'node.output' && (event as { name?: string }).name === 'pb.view') held.viewsMeanwhile++;
  }
  return held;
}

describe('takeover: depositions timed by the takeovers the run shows', () => {
  it('holds the first deposition until a successor takes over (primary-backup fails over after 300 ms, a time it never sets as a timer), where chain often lets go first (seeds 1..8)', () => {
    let takeoverTakeovers = 0;
    let chainTakeovers = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const takeover = firstDeposition('takeover', seed);
      const chain = firstDeposition('chain', seed);
      if (takeover && takeover.viewsMeanwhile > 0) takeoverTakeovers++;
      if (chain && chain.viewsMeanwhile > 0) chainTakeovers++;
    }
    expect(takeoverTakeovers).toBeGreaterThanOrEqual(7);
    expect(chainTakeovers).toBeLessThan(takeoverTakeovers);
  }, 120_000);
});

describe('takeover: what it finds', () => {
  const cases = [
    { bug: 'pb-replicate-any-view', seed: 8, what: 'a backup appends entries of its primary\'s earlier view' },
    { bug: 'pb-ack-any-view', seed: 82, what: 'a primary counts an ack of an earlier view' },
  ];
  for (const { bug, seed, what } of cases) {
    it(`finds ${bug} (${what}) at seed ${seed}; the product passes the same seed and strategy`, () => {
      const planted = plantedBug(bug)!;
      const found = runScenarioOnce(planted.scenario, { seed, strategy: 'takeover' });
      expect(found.ok ? 'ok' : found.violation.checker).toBe('pb-committed-stable');
      const again = runScenarioOnce(planted.scenario, { seed, strategy: 'takeover' });
      expect(again.digest).toBe(found.digest);
      const product = runScenarioOnce(primaryBackupKv(), { seed, strategy: 'takeover' });
      expect(product.ok ? 'ok' : product.violation.message).toBe('ok');
    }, 60_000);
  }

  it('finds pb-replicate-any-view in at least 3 of seeds 1..100 (a rate the mix can use), the product in none', () => {
    const planted = plantedBug('pb-replicate-any-view')!;
    let found = 0;
    let product = 0;
    for (let seed = 1; seed <= 100; seed++) {
      if (!runScenarioOnce(planted.scenario, { seed, strategy: 'takeover' }).ok) found++;
      if (!runScenarioOnce(primaryBackupKv(), { seed, strategy: 'takeover' }).ok) product++;
    }
    expect(found).toBeGreaterThanOrEqual(3);
    expect(product).toBe(0);
  }, 180_000);
});
