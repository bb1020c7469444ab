/**
 * Stable fault identity (#15). A per-message fault is decided from the message's causal identity,
 * not from its position in one shared random stream: the key hashes (root seed, sender, receiver,
 * the message's content hash, and its occurrence count among equal messages on that link). Removing
 * one fault therefore never re-aims another: a fault that still fires hits a message with the same
 * content, and its id (`drop:n1>n2@3fa2c1.1`) names that content and occurrence.
 *
 * Content is identified by the top 24 bits of the structural hash (six hex digits in ids); the
 * occurrence count is kept per (link, those 24 bits), so two ids on a link never coincide.
 */

/** One 32-bit avalanche step (murmur3's finaliser over h xor v). */
export function mixKey(h: number, v: number): number {
  h ^= v;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A uniform number in [0, 1) for one decision (salt) about the message with this key. */
export function unitOf(key: number, salt: number): number {
  return (mixKey(key, salt) >>> 0) / 4294967296;
}

/** Salts: one independent uniform per decision about a message. */
export const SALT = {
  drop: 0x1b873593,
  delay: 0x2c1b3c6d,
  reorder: 0x297a2d39,
  reorderMs: 0x5bd1e995,
  corrupt: 0x68e31da4,
  duplicate: 0x7feb352d,
  duplicateMs: 0x846ca68b,
  longDelay: 0x4cf5ad43,
  longDelayMs: 0x3c6ef372,
  sendOmission: 0x1f83d9ab,
  receiveOmission: 0x5be0cd19,
} as const;

function seedHash(rootSeed: string): number {
  let h = 0x3f2a9c17;
  for (let i = 0; i < rootSeed.length; i++) h = mixKey(h, rootSeed.charCodeAt(i));
  return h;
}

/** Slots of the occurrence cache: 2^16 (768 KB), small enough to stay in cache on the per-send path. */
const SLOTS = 1 << 16;

/**
 * Occurrence counts per (link, content) in a direct-mapped cache of typed arrays: one probe per send
 * and no growth. An exact table (one entry per distinct message of a run, most of them sent once)
 * cost raft-kv about 15% of its CPU in cache misses and rehashing, measured. A slot is reused when
 * another message maps to it, so an equal message that recurs after tens of thousands of other sends
 * may count from 1 again and share its first occurrence's decisions; retransmissions, the equal
 * messages that matter, recur within far fewer sends.
 */
export class MessageKeys {
  private readonly seed: number;
  private readonly keys = new Float64Array(SLOTS);
  private readonly counts = new Uint32Array(SLOTS);
  /** The last message's content (24 bits) and occurrence, for its fault ids. */
  content = 0;
  occurrence = 0;

  constructor(rootSeed: string) {
    this.seed = seedHash(rootSeed);
  }

  /** The decision key of the next message with this content hash on this link (counts it). */
  next(linkCell: number, contentHash: number): number {
    const content = contentHash >>> 8;
    const key = linkCell * 16777216 + content;
    const slot = (content ^ Math.imul(linkCell, 0x9e3779b1)) & (SLOTS - 1);
    // Counts start at 1, so a zero count marks an empty slot.
    const occurrence = this.keys[slot] === key && this.counts[slot] !== 0 ? this.counts[slot]! + 1 : 1;
    this.keys[slot] = key;
    this.counts[slot] = occurrence;
    this.content = content;
    this.occurrence = occurrence;
    return mixKey(mixKey(mixKey(this.seed, linkCell), content), occurrence);
  }

  /** The id suffix of the last message keyed: content in six hex digits and its occurrence. */
  idSuffix(): string {
    return `@${this.content.toString(16).padStart(6, '0')}.${this.occurrence}`;
  }
}
