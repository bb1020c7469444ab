import { describe, expect, it } from 'vitest';
import { MessageKeys, SALT, chance, mixKey, unitOf } from '../../../sim/net/message-keys.js';

describe('message keys: occurrence counts of equal messages on a link', () => {
  it('count each retransmission, on every link', () => {
    const keys = new MessageKeys('1');
    const seen = [1, 2, 3].map(() => (keys.next(3, 0x12345678), keys.idSuffix()));
    expect(seen).toEqual(['@123456.1', '@123456.2', '@123456.3']);
    keys.next(4, 0x12345678);
    expect(keys.idSuffix()).toBe('@123456.1');
  });

  it('keep counting two messages that share a cache set and are retransmitted in turn (rpc-exactly-once seed 362: both were dropped for ever)', () => {
    // c3→s1 (link cell 12) and c2→s1 (link cell 8) retransmitting these two calls land in one set.
    const keys = new MessageKeys('362');
    const ids: string[] = [];
    for (let round = 0; round < 4; round++) {
      keys.next(12, 0x8fc450ab | 0);
      ids.push(keys.idSuffix());
      keys.next(8, 0xcbbd94ab | 0);
      ids.push(keys.idSuffix());
    }
    expect(ids).toEqual(['@8fc450.1', '@cbbd94.1', '@8fc450.2', '@cbbd94.2', '@8fc450.3', '@cbbd94.3', '@8fc450.4', '@cbbd94.4']);
  });

  it('give each occurrence its own decision key, the same for the same seed', () => {
    const a = new MessageKeys('7');
    const b = new MessageKeys('7');
    const first = a.next(1, 0xabcdef01 | 0);
    const second = a.next(1, 0xabcdef01 | 0);
    expect(second).not.toBe(first);
    expect(b.next(1, 0xabcdef01 | 0)).toBe(first);
    expect(new MessageKeys('8').next(1, 0xabcdef01 | 0)).not.toBe(first);
  });

  it('start a run whose table was handed on by a finished run from empty (seed 5: the same ids as a fresh table)', () => {
    const sends = (keys: MessageKeys) =>
      [0x11111111, 0x22222222, 0x11111111, 0x33333333, 0x11111111].map((hash) => {
        const key = keys.next(2, hash | 0);
        return `${keys.idSuffix()}:${key}`;
      });
    const fresh = sends(new MessageKeys('5'));
    const first = new MessageKeys('5');
    expect(sends(first)).toEqual(fresh);
    first.release();
    // The next run in this process takes the released table: it must count from 1 again.
    expect(sends(new MessageKeys('5'))).toEqual(fresh);
  });

  it('count within a set of four until the least recently used message is evicted (seed 9, link 5)', () => {
    const keys = new MessageKeys('9');
    // Contents that differ only in their high bits fall into the same set of four on one link.
    const hash = (message: string) => ((('ABCDE'.indexOf(message) + 1) << 22) | (0x1234 << 8)) | 0;
    const occurrences = 'ABCDAEBADC'.split('').map((message) => (keys.next(5, hash(message)), keys.occurrence));
    // A's repeat makes B the least recently used, so E evicts B; B's return evicts C, and C's evicts E.
    expect(occurrences).toEqual([1, 1, 1, 1, 2, 1, 1, 3, 2, 1]);
    expect(keys.next(5, hash('E'))).toBe(new MessageKeys('9').next(5, hash('E')));
  });

  it('keep exact tags on a network too large for 32-bit ones (3,000 nodes, seed 4)', () => {
    const wide = new MessageKeys('4', 3000);
    const lastLink = 3000 * 3000 - 1;
    const counts = [lastLink, lastLink, lastLink - 1, lastLink].map((link) => (wide.next(link, 0x01000000), wide.occurrence));
    expect(counts).toEqual([1, 2, 1, 3]);
  });

  const lruCases: [string, number, number[]][] = [
    ['a small network', 0, [3, 7, 40]],
    // Tags near 2^31: the fresh marker (bit 31) must not collide with a tag.
    ['1,448 nodes, the largest with 32-bit tags', 1448, [3, 1448 * 1448 - 1, 2_000_000]],
    ['3,000 nodes (tags in doubles)', 3000, [3, 3000 * 3000 - 1, 40]],
  ];
  it.each(lruCases)('count as a plain least-recently-used list of four per set would (5,000 sends crowding a few sets, three links; %s)', (_name, nodeCount, links) => {
    // The reference: each set a list of (link, content) most recently used first, at most four long.
    const sets = new Map<number, { id: string; count: number }[]>();
    const reference = (link: number, hash: number): number => {
      const content = hash >>> 8;
      const set = (content ^ Math.imul(link, 0x9e3779b1)) & ((1 << 14) - 1);
      const ways = sets.get(set) ?? [];
      sets.set(set, ways);
      const at = ways.findIndex((way) => way.id === `${link}:${content}`);
      const entry = at >= 0 ? ways.splice(at, 1)[0]! : { id: `${link}:${content}`, count: 0 };
      entry.count++;
      ways.unshift(entry);
      if (ways.length > 4) ways.pop();
      return entry.count;
    };
    const keys = new MessageKeys('11', nodeCount);
    let state = 12345;
    const draw = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const link = links[draw(3)]!;
      // Six high-bit variants over two low-bit patterns: sets overflow their four ways all the time.
      const hash = ((draw(6) << 22) | ([0x0abc, 0x1f00][draw(2)]! << 8)) | 0;
      keys.next(link, hash);
      const expected = reference(link, hash);
      if (keys.occurrence !== expected) mismatches.push(`send ${i}: ${keys.occurrence} ≠ ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});

describe('message keys: chance() decides exactly as unitOf(key, salt) < probability', () => {
  it('agrees on 20,000 keys at probabilities on and between the 2^-32 steps, 0 and 1', () => {
    const step = 2 ** -32;
    const probabilities = [0, step, 1.5 * step, 0.001, 0.05, 0.3, 0.5, 0.5 + step, 0.999, 1 - step, 1, NaN];
    let key = 0x12345678;
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      key = mixKey(key, i);
      const u = unitOf(key, SALT.drop);
      // The draw itself as a probability: the boundary case u < u is false on both sides.
      for (const probability of [...probabilities, u, u + step]) {
        expect(chance(key, SALT.drop, probability)).toBe(u < probability);
        checked++;
      }
    }
    expect(checked).toBe(20_000 * (probabilities.length + 2));
  });
});
