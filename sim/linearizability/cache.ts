/**
 * The set of (linearized operations, state) pairs already explored. A linearized set is a bitset
 * with an incrementally kept Zobrist hash; states are interned to small ids by their canonical key.
 */
export class LinearizationCache {
  private readonly stateIds = new Map<unknown, number>();
  private readonly buckets = new Map<number, Bucket>();

  /** Adds the pair; returns false when it was already there (the search can skip this branch). */
  add(bits: Uint32Array, bitsHash: number, stateKey: unknown): boolean {
    let stateId = this.stateIds.get(stateKey);
    if (stateId === undefined) {
      stateId = this.stateIds.size;
      this.stateIds.set(stateKey, stateId);
    }
    const hash = (bitsHash ^ Math.imul(stateId + 1, 0x9e3779b1)) | 0;
    const first = this.buckets.get(hash);
    for (let bucket = first; bucket !== undefined; bucket = bucket.next) {
      if (bucket.stateId === stateId && sameBits(bucket.bits, bits)) return false;
    }
    this.buckets.set(hash, { stateId, bits: bits.slice(), next: first });
    return true;
  }
}

interface Bucket {
  stateId: number;
  bits: Uint32Array;
  next: Bucket | undefined;
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A well-mixed 32-bit value per operation index (murmur3's finaliser), XORed into the set's hash. */
export function zobrist(index: number): number {
  let h = (index + 0x6b43a9b5) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
