import { describe, expect, it } from 'vitest';
import { DEFAULT_MIX, runFuzz, runScenarioOnce, strategyForSeed, type Scenario, type TraceEvent } from '../../../sim/index.js';
import { findScenario } from '../../../scenarios/registry.js';
import { durableCounter } from '../../fixtures/search/durable-counter.js';
import { plantedBug } from '../../../bench/planted/index.js';

const scenario = (name: string): Scenario => findScenario(name)!;

describe('strategy mix', () => {
  it('picks each seed its strategy from the seed alone, in the mix shares', () => {
    const counts: Record<string, number> = {};
    for (let seed = 1; seed <= 2000; seed++) {
      const strategy = strategyForSeed('mix', seed);
      expect(strategyForSeed('mix', seed)).toBe(strategy);
      counts[strategy] = (counts[strategy] ?? 0) + 1;
    }
    const total = DEFAULT_MIX.reduce((sum, part) => sum + part.weight, 0);
    for (const part of DEFAULT_MIX) expect(Math.abs((counts[part.strategy] ?? 0) / 2000 - part.weight / total)).toBeLessThan(0.05);
    expect(strategyForSeed('aimed', 7)).toBe('aimed');
  });
});

describe('strategies stay deterministic and sound', () => {
  for (const strategy of ['timescale', 'aimed', 'focus', 'priority', 'stale']) {
    it(`raft-kv seed 11 under ${strategy}: same digest twice, config names the strategy, all checkers hold`, () => {
      const first = runScenarioOnce(scenario('raft-kv'), { seed: 11, strategy });
      const second = runScenarioOnce(scenario('raft-kv'), { seed: 11, strategy });
      expect(second.digest).toBe(first.digest);
      expect(first.config.strategy).toBe(strategy);
      expect(first.ok ? 'ok' : first.violation.message).toBe('ok');
    }, 60_000);
  }

  it('rpc-at-most-once passes seeds 1..12 under every strategy (no false alarms)', () => {
    const failures: string[] = [];
    for (const strategy of ['timescale', 'aimed', 'focus', 'priority', 'stale']) {
      for (let seed = 1; seed <= 12; seed++) {
        const result = runScenarioOnce(scenario('rpc-at-most-once'), { seed, strategy });
        if (!result.ok) failures.push(`${strategy} seed ${seed}: ${result.violation.message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('aimed shots show in the config and fire as crash faults with their own ids', () => {
    let fired = false;
    for (let seed = 1; seed <= 10 && !fired; seed++) {
      const result = runScenarioOnce(durableCounter, { seed, strategy: 'aimed' });
      expect(result.config.search).toMatch(/crash-after-(send|sync)/);
      fired = result.stats.faults['crash-recovery'] > 0;
    }
    expect(fired).toBe(true);
  });
});

describe('stale answers', () => {
  it('hand a re-elected candidate the votes of its previous election: a planted vote-term bug fails, correct Raft does not', () => {
    // raft-vote-reply-any-election counts a granted vote without checking which election it answers.
    // Seed 121 under stale: a vote from an earlier election is delivered again during a later one:
    // two leaders in one term. The same seed passes under plain random and on raft-kv.
    const bug = plantedBug('raft-vote-reply-any-election')!;
    const found = runScenarioOnce(bug.scenario, { seed: 121, strategy: 'stale' });
    expect(found.ok ? 'ok' : found.violation.checker).toBe('raft-election-safety');
    expect(found.config.search).toMatch(/stale replays/);
    expect(runScenarioOnce(bug.scenario, { seed: 121 }).ok).toBe(true);
    expect(runScenarioOnce(scenario('raft-kv'), { seed: 121, strategy: 'stale' }).ok).toBe(true);
  }, 60_000);

  it('are the network delivering a message again (its id, no new send): the clocks checkers, which demand a clock event for every send, hold', () => {
    for (const name of ['clocks-lamport', 'clocks-vector']) {
      let copies = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const delivered = new Set<number>();
        const events: TraceEvent[] = [];
        const result = runScenarioOnce(scenario(name), { seed, strategy: 'stale', trace: { write: (event) => events.push(event) } });
        expect(result.ok ? 'ok' : result.violation.message).toBe('ok');
        for (const event of events) {
          if (event.type === 'net.deliver') delivered.add(event.msg);
          if (event.type === 'net.duplicate' && event.fault.startsWith('stale:')) {
            // A stale copy is of a message already delivered once, under that message's id.
            expect(delivered.has(event.msg), `${name} seed ${seed}: ${event.fault} of #${event.msg}`).toBe(true);
            copies++;
          }
        }
      }
      expect(copies, `${name}: no stale copy in seeds 1..6`).toBeGreaterThan(0);
    }
  }, 120_000);

  it('each copy is a fault of its own, under --mask and --only-faults like any other', () => {
    const bug = plantedBug('raft-vote-reply-any-election')!;
    const staleCopies = (options: { mask?: string[]; onlyFaults?: string[] }): { ok: boolean; copies: string[] } => {
      const events: TraceEvent[] = [];
      const result = runScenarioOnce(bug.scenario, { seed: 121, strategy: 'stale', ...options, trace: { write: (event) => events.push(event) } });
      return { ok: result.ok, copies: events.flatMap((event) => (event.type === 'net.duplicate' && event.fault.startsWith('stale:') ? [event.fault] : [])) };
    };
    const all = staleCopies({});
    expect(all.ok).toBe(false);
    expect(all.copies.length).toBeGreaterThan(1);
    expect(staleCopies({ mask: [all.copies[0]!] }).copies).not.toContain(all.copies[0]);
    const none = staleCopies({ onlyFaults: [] });
    expect(none).toEqual({ ok: true, copies: [] });
  }, 60_000);

  it('stay off where the assumptions bound delays or keep links FIFO (plain profile there)', () => {
    const fifo = runScenarioOnce(scenario('raft-kv'), { seed: 3, strategy: 'stale', faults: 'fifo=true' });
    expect(fifo.config.search).toMatch(/not admitted/);
    const plain = runScenarioOnce(scenario('raft-kv'), { seed: 3, faults: 'fifo=true' });
    expect(fifo.digest).toBe(plain.digest);
  }, 60_000);
});

describe('an outside-style protocol with a crash window of half a millisecond', () => {
  it('default fuzz (the mix) finds its durability bug within 300 seeds, and the failing seed replays alone', async () => {
    const report = await runFuzz({ scenario: durableCounter, ref: 'durable-counter' }, { seeds: 300, workers: 1 });
    const failure = report.failures[0];
    expect(failure, 'no failure in seeds 1..300').toBeDefined();
    expect(failure!.violation.checker).toBe('acknowledged-count-durable');
    expect(failure!.repro).toContain(failure!.strategy === 'random' ? `--seed ${failure!.seed}` : `--strategy ${failure!.strategy}`);
    const replay = runScenarioOnce(durableCounter, { seed: failure!.seed, ...(failure!.strategy !== 'random' ? { strategy: failure!.strategy } : {}) });
    expect(replay.ok).toBe(false);
    expect(replay.digest).toBe(failure!.digest);
  }, 120_000);

  it('gives the same failing seeds for the whole range and for its shards within the first feedback epoch (order-free)', async () => {
    const whole = await runFuzz({ scenario: durableCounter, ref: 'durable-counter' }, { seeds: '1..60', workers: 1 });
    const halves = [await runFuzz({ scenario: durableCounter, ref: 'durable-counter' }, { seeds: '1..60', shard: '1/2' }), await runFuzz({ scenario: durableCounter, ref: 'durable-counter' }, { seeds: '1..60', shard: '2/2' })];
    const seedsOf = (failures: { seed: string }[]): number[] => failures.map((f) => Number(f.seed)).sort((a, b) => a - b);
    expect(seedsOf(halves.flatMap((h) => h.failures))).toEqual(seedsOf(whole.failures));
  }, 120_000);
});
