import { describe, expect, it } from 'vitest';
import { MessageKeys } from '../../../sim/net/message-keys.js';

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
});
