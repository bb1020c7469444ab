import { describe, expect, it } from 'vitest';
import { failureSignature, groupFailures, messageShape, type FuzzFailure } from '../../../sim/index.js';

describe('failure signatures', () => {
  it('normalise numbers, node ids, fault ids and digests but keep the words', () => {
    expect(messageShape('n1 counted addition 17 from n3 2 times')).toBe('<id> counted addition <n> from <id> <n> times');
    expect(messageShape('lost after drop:n2>n1#96 and partition#3 by c1.2 at 0.5')).toBe('lost after <fault> and <fault> by <id> at <n>');
    expect(messageShape('digest 891a4a946641887d differs')).toBe('digest <hex> differs');
  });

  it('keep only the headline: evidence after ";", parenthesised details and quoted values vary by run', () => {
    const a = messageShape("final balance 1082, but the acks imply 1075; executed twice: c3:2 (credit 9, ok) ×2, c2:4 (credit 6, ok) ×3");
    const b = messageShape('final balance 941, but the acks imply 966; executed twice: c2:3 (debit 7, ok) ×2');
    expect(a).toBe('final balance <n>, but the acks imply <n>');
    expect(b).toBe(a);
    expect(messageShape("n2 and n3 hold different entries (put(z=c1:5 by c1#2)@n2 vs put(x=c2:1)) at 'k1'")).toBe('<id> and <id> hold different entries (…) at <s>');
  });

  it('two seeds failing for the same reason share a signature; a different checker does not', () => {
    const a = failureSignature({ kind: 'safety', checker: 'tally', message: 'n1 tallied 3 of 9' });
    const b = failureSignature({ kind: 'safety', checker: 'tally', message: 'n1 tallied 287 of 288' });
    const c = failureSignature({ kind: 'safety', checker: 'other', message: 'n1 tallied 3 of 9' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('groups are ordered by smallest seed and carry its message and repro (seeds 12, 3, 40)', () => {
    const failure = (seed: string, checker: string, message: string): FuzzFailure => ({
      seed,
      digest: 'd',
      violation: { kind: 'safety', checker, message, eventIndex: 0, timeUs: 0 },
      signature: failureSignature({ kind: 'safety', checker, message }),
      strategy: 'random',
      repro: `faultline replay x --seed ${seed}`,
      reproValue: { scenario: 'x', seed },
      events: 1,
      faults: { drop: 0, duplicate: 0, reorder: 0, corrupt: 0, partition: 0, 'crash-stop': 0, 'crash-recovery': 0, byzantine: 0, pause: 0, clock: 0, omission: 0, storage: 0, delay: 0 },
      rerun: { checked: true, identical: true, digest: 'd' },
    });
    const groups = groupFailures([failure('12', 'b', 'x 1'), failure('40', 'a', 'y 2'), failure('3', 'a', 'y 9')]);
    expect(groups.map((g) => [g.checker, g.smallestSeed, g.count])).toEqual([
      ['a', '3', 2],
      ['b', '12', 1],
    ]);
    expect(groups[0]!.repro).toBe('faultline replay x --seed 3');
    expect(groups[0]!.message).toBe('y 9');
  });
});
