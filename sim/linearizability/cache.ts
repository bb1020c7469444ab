/**
 * How the cache tells states apart. Either the model gives `equal` and a `hash` that equal states
 * share (collisions allowed), or states are interned by their canonical key (the model's `hash`,
 * else the state itself when primitive, else its JSON) and compared by id.
 */
export interface StateIdentity<S> {
  /** A 32-bit hash: equal states give equal hashes. */
  hash(state: S): number;
  /** What the cache keeps to compare later (the state, or its interned id). */
  stored(state: S, hash: number): unknown;
  equal(a: unknown, b: unknown): boolean;
}

export function stateIdentity<S>(model: { hash?(state: S): string | number; equal?(a: S, b: S): boolean }): StateIdentity<S> {
  const { equal, hash } = model;
  if (equal && hash) {
    return { hash: (state) => toInt32(hash.call(model, state)), stored: (state) => state, equal: (a, b) => equal.call(model, a as S, b as S) };
  }
  const keyOf = hash ? (state: S) => hash.call(model, state) : defaultStateKey;
  const ids = new Map<unknown, number>();
  return {
    hash(state) {
      const key = keyOf(state);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    },
    stored: (_state, id) => id,
    equal: (a, b) => a === b,
  };
}

/** A canonical key for a state: primitives are their own key. */
export function defaultStateKey(state: unknown): unknown {
  return state !== null && typeof state === 'object' ? JSON.stringify(state) : state;
}

function toInt32(hash: string | number): number {
  if (typeof hash === 'number') return Number.isInteger(hash) ? hash | 0 : toInt32(String(hash));
  let h = 0x811c9dc5;
  for (let i = 0; i < hash.length; i++) h = Math.imul(h ^ hash.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * The set of (linearized operations, state) pairs already explored. A linearized set is a bitset
 * with an incrementally kept Zobrist hash. Bitsets live in one flat arena and buckets are chained
 * through typed arrays, so an entry allocates no object (allocation and GC dominated an
 * object-per-entry version). A state is hashed once per visit and compared only when its hash and
 * bitset match: comparing long kv strings along chains bucketed by the bitset alone was 50x slower.
 */
export class LinearizationCache<S> {
  private arena: Uint32Array;
  private readonly entryState: unknown[] = [];
  private entryNext: Int32Array;
  private entryHash: Int32Array;
  /** Bucket heads: entry index + 1, 0 when empty. Size is a power of two. */
  private table: Int32Array;
  private count = 0;

  constructor(
    private readonly words: number,
    private readonly identity: StateIdentity<S>,
    expectedEntries = 1024,
  ) {
    // Small sub-histories are checked by the thousand: size the arrays to the search, not to the worst case.
    let capacity = 16;
    while (capacity < expectedEntries && capacity < 1024) capacity *= 2;
    this.arena = new Uint32Array(capacity * words);
    this.entryNext = new Int32Array(capacity);
    this.entryHash = new Int32Array(capacity);
    this.table = new Int32Array(capacity * 2);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the pair; returns false when it was already there (the search can skip this branch). */
  add(bits: Uint32Array, bitsHash: number, state: S): boolean {
    const stateHash = this.identity.hash(state);
    const stored = this.identity.stored(state, stateHash);
    const hash = (bitsHash ^ Math.imul(stateHash + 1, 0x9e3779b1)) | 0;
    const slot = hash & (this.table.length - 1);
    const words = this.words;
    const arena = this.arena;
    for (let entry = this.table[slot]! - 1; entry >= 0; entry = this.entryNext[entry]! - 1) {
      if (this.entryHash[entry] !== hash) continue;
      const base = entry * words;
      let same = true;
      for (let w = 0; w < words; w++) {
        if (arena[base + w] !== bits[w]) {
          same = false;
          break;
        }
      }
      if (same && this.identity.equal(this.entryState[entry], stored)) return false;
    }
    if (this.count === this.entryHash.length) this.grow();
    const entry = this.count++;
    this.arena.set(bits, entry * words);
    this.entryState.push(stored);
    this.entryHash[entry] = hash;
    this.entryNext[entry] = this.table[slot]!;
    this.table[slot] = entry + 1;
    if (this.count > this.table.length) this.rehash(this.table.length * 2);
    return true;
  }

  private grow(): void {
    const capacity = this.entryHash.length * 2;
    const arena = new Uint32Array(capacity * this.words);
    arena.set(this.arena);
    this.arena = arena;
    this.entryNext = resized(this.entryNext, capacity);
    this.entryHash = resized(this.entryHash, capacity);
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let entry = 0; entry < this.count; entry++) {
      const slot = this.entryHash[entry]! & (size - 1);
      this.entryNext[entry] = this.table[slot]!;
      this.table[slot] = entry + 1;
    }
  }
}

function resized(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

/** A well-mixed 32-bit value per operation index (murmur3's finaliser), XORed into the set's hash. */
export function zobrist(index: number): number {
  let h = (index + 0x6b43a9b5) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
