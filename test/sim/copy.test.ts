import { describe, expect, it } from 'vitest';
import { alterOneField, copyPlain, deepFreeze, DurableStorage, RandomStream } from '../../sim/index.js';

describe('copyPlain', () => {
  it('copies mutable data all the way down', () => {
    const value = { list: [1, { deep: 2 }], map: new Map([['k', { v: 1 }]]) };
    const copy = copyPlain(value);
    expect(copy).toEqual(value);
    expect(copy.list).not.toBe(value.list);
    expect(copy.list[1]).not.toBe(value.list[1]);
    expect(copy.map.get('k')).not.toBe(value.map.get('k'));
  });

  it('shares frozen arrays and objects, which nobody can mutate', () => {
    const entry = deepFreeze({ term: 3, value: 'a' });
    const copy = copyPlain({ entries: [entry] });
    expect(copy.entries[0]).toBe(entry);
  });

  it('still copies a frozen Map, whose contents stay mutable', () => {
    const map = Object.freeze(new Map([['k', 1]]));
    const copy = copyPlain(map);
    expect(copy).not.toBe(map);
    map.set('k', 2);
    expect(copy.get('k')).toBe(1);
  });

  it('lets durable storage keep a frozen value without copying, and a mutable one safe from later changes', () => {
    const storage = new DurableStorage(false);
    const frozen = deepFreeze({ term: 1 });
    const mutable = { term: 1 };
    storage.put('frozen', frozen);
    storage.put('mutable', mutable);
    mutable.term = 99;
    expect(storage.get('frozen')).toBe(frozen);
    expect(storage.get('mutable')).toEqual({ term: 1 });
  });
});

describe('alterOneField', () => {
  it('alters a field inside frozen parts by copying along the path, leaving the original intact', () => {
    const entry = deepFreeze({ term: 3, value: 'abc' });
    const msg = { type: 'append', entries: [entry] };
    for (let seed = 0; seed < 20; seed++) {
      const altered = alterOneField(msg, new RandomStream(String(seed), 'test'));
      expect(altered).toBeDefined();
      expect(altered!.msg).not.toEqual(msg);
      expect(msg.entries[0]).toBe(entry);
      expect(entry).toEqual({ term: 3, value: 'abc' });
    }
  });
});
