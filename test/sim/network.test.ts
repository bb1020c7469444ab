import { describe, expect, it } from 'vitest';
import { Simulation, type TraceEvent } from '../../sim/index.js';
import { profile, receiver, sender, simulation } from '../helpers/nodes.js';

const MESSAGES = 10_000;

function received(sim: ReturnType<typeof simulation>): number[] {
  return sim.nodeState<{ received: number[] }>('b')!.received;
}

/** Within four standard deviations of a binomial count: fails for a wrong rate, not for bad luck. */
function expectBinomial(count: number, n: number, p: number): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(count).toBeGreaterThan(n * p - 4 * sd);
  expect(count).toBeLessThan(n * p + 4 * sd);
}

function inversions(seqs: number[]): number {
  let count = 0;
  for (let i = 1; i < seqs.length; i++) if (seqs[i]! < seqs[i - 1]!) count++;
  return count;
}

const pair = (count = MESSAGES) => [
  { id: 'a', logic: sender('b', count) },
  { id: 'b', logic: receiver() },
];

describe('network faults honour their configured rates (10,000 messages, seed 7)', () => {
  it('drops at dropProbability 0.2', () => {
    const sim = simulation(pair(), { dropProbability: 0.2 });
    sim.run();
    expectBinomial(sim.stats.faults.drop, MESSAGES, 0.2);
    expect(received(sim).length).toBe(MESSAGES - sim.stats.faults.drop);
  });

  it('duplicates at duplicateProbability 0.1, delivering each duplicate again', () => {
    const sim = simulation(pair(), { duplicateProbability: 0.1 });
    sim.run();
    expectBinomial(sim.stats.faults.duplicate, MESSAGES, 0.1);
    expect(received(sim).length).toBe(MESSAGES + sim.stats.faults.duplicate);
  });

  it('corrupts at corruptProbability 0.05, altering a payload field', () => {
    const sim = simulation(pair(), { corruptProbability: 0.05, delayMsSpread: 0 });
    sim.run();
    expectBinomial(sim.stats.faults.corrupt, MESSAGES, 0.05);
    const altered = received(sim).filter((seq, index) => seq !== index + 1).length;
    expect(altered).toBe(sim.stats.faults.corrupt);
  });

  it('reorders at reorderProbability 0.3 on non-FIFO links', () => {
    const sim = simulation(pair(), { reorderProbability: 0.3, delayMsSpread: 0, reorderDelayMsMax: 20 });
    sim.run();
    expectBinomial(sim.stats.faults.reorder, MESSAGES, 0.3);
    expect(inversions(received(sim))).toBeGreaterThan(0);
  });
});

describe('FIFO links', () => {
  const chaotic = { delayMsSpread: 50, reorderProbability: 0.5, duplicateProbability: 0.2 };

  it('never reorder, whatever the delays, reorder and duplicate settings (seed 7)', () => {
    const sim = simulation(pair(5000), { ...chaotic, fifo: true });
    sim.run();
    const seqs = received(sim);
    expect(seqs.length).toBeGreaterThan(5000);
    expect(inversions(seqs)).toBe(0);
  });

  it('the same settings without FIFO do reorder (so the test above can fail)', () => {
    const sim = simulation(pair(5000), { ...chaotic, fifo: false });
    sim.run();
    expect(inversions(received(sim))).toBeGreaterThan(100);
  });
});

describe('partitions and crashed nodes', () => {
  const three = () => ['a', 'b', 'c'].map((id) => ({ id, logic: receiverOfAll() }));

  function receiverOfAll() {
    return {
      init: () => ({ from: [] as string[] }),
      onMessage: (state: { from: string[] }, from: string) => {
        state.from.push(from);
      },
    };
  }

  function deliveries(sim: Simulation): string[] {
    return ['a', 'b', 'c'].flatMap((to) => (sim.nodeState<{ from: string[] }>(to)?.from ?? []).map((from) => `${from}>${to}`)).sort();
  }

  function sendAllPairs(sim: Simulation, atMs: number): void {
    sim.at(atMs, (s) => {
      for (const from of ['a', 'b', 'c']) for (const to of ['a', 'b', 'c']) if (from !== to) s.inject(from, to, { type: 'test.ping' });
    });
  }

  it('a symmetric partition cuts exactly the links between its groups, and heals', () => {
    const sim = simulation(three(), {}, 1000);
    sim.at(10, (s) => s.partition([['a', 'b'], ['c']], false));
    sendAllPairs(sim, 20);
    sim.run();
    expect(deliveries(sim)).toEqual(['a>b', 'b>a']);

    const healed = simulation(three(), {}, 1000);
    healed.at(10, (s) => s.partition([['a', 'b'], ['c']], false));
    healed.at(15, (s) => s.heal());
    sendAllPairs(healed, 20);
    healed.run();
    expect(deliveries(healed)).toHaveLength(6);
  });

  it('a one-way partition cuts only the first group towards the second', () => {
    const sim = simulation(three(), {}, 1000);
    sim.at(10, (s) => s.partition([['a'], ['c']], true));
    sendAllPairs(sim, 20);
    sim.run();
    expect(deliveries(sim)).toEqual(['a>b', 'b>a', 'b>c', 'c>a', 'c>b']);
  });

  it('messages to a crashed node vanish (dropped as node-down)', () => {
    const events: TraceEvent[] = [];
    const sim = new Simulation({ seed: '7', nodes: three(), profile: profile({}), runMs: 1000, trace: { write: (e) => events.push(e) } });
    sim.at(10, (s) => s.crash('c', 'stop'));
    sendAllPairs(sim, 20);
    sim.run();
    expect(deliveries(sim).filter((d) => d.endsWith('>c'))).toEqual([]);
    // inject() forges messages, so the crashed node's own (forged) sends still go out.
    expect(deliveries(sim)).toEqual(['a>b', 'b>a', 'c>a', 'c>b']);
    const drops = events.filter((e) => e.type === 'net.drop');
    expect(drops.map((e) => (e.type === 'net.drop' ? e.reason : ''))).toEqual(['node-down', 'node-down']);
  });
});
