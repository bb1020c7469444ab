import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Alea } from '../../sim/alea.js';
import { RandomStream } from '../../sim/random.js';

describe('Alea', () => {
  it("draws exactly seedrandom's alea numbers for the same seed string", () => {
    const seeds = ['', ' ', 'faultline/0/net', 'faultline/9007199254740991/node:s1', 'faultline/42/corrupt:n3:17', 'ünïcødé ✓', 'x'.repeat(300)];
    for (let i = 0; i < 200; i++) seeds.push(`faultline/${i * 7919}/stream-${i % 13}`);
    for (const seed of seeds) {
      const ours = new Alea(seed);
      const theirs = seedrandom.alea(seed);
      for (let draw = 0; draw < 50; draw++) expect(ours.next()).toBe(theirs());
    }
  });

  it('gives a stream the numbers of its (root seed, name) and nothing else', () => {
    const first = new RandomStream('7', 'faults');
    const again = new RandomStream('7', 'faults');
    const other = new RandomStream('7', 'net');
    const drawsOf = (stream: RandomStream): number[] => Array.from({ length: 20 }, () => stream.float());
    const firstDraws = drawsOf(first);
    expect(drawsOf(again)).toEqual(firstDraws);
    expect(drawsOf(other)).not.toEqual(firstDraws);
    const reference = seedrandom.alea('faultline/7/faults');
    expect(firstDraws).toEqual(Array.from({ length: 20 }, () => reference()));
  });
});
