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

/** The occurrence cache: 2^14 sets of 4 ways (2^16 entries, 1.5 MB), small enough to stay in cache on the per-send path. */
const WAYS = 4;
const SETS = 1 << 14;
const ENTRIES = SETS * WAYS;
/** Each entry is three doubles side by side: its key, its count, and when it was last used (a send counter). */
const KEY = 0;
const COUNT = 1;
const USED = 2;
const FIELDS = 3;

/**
 * One cache's storage, kept for the next run once a run is over: a fuzz worker runs thousands of
 * seeds, and a fresh 1.5 MB buffer per seed cost a page fault per 4 KB and doubled the full
 * garbage collections (buffers count towards the heap's limit until collected), measured.
 */
class KeyTable {
  /**
   * The entries, a block of WAYS per set, blocks in the order their sets were first reached: a new
   * message (most are sent once) writes the next block, in sequence, instead of a random spot in
   * 1.5 MB, and the blocks of one run stay close together. With sets at their hash positions, the
   * first touch of each set was a cache miss and most of the per-send cost, measured.
   */
  readonly entries = new Float64Array(ENTRIES * FIELDS);
  /** Per set: 1 + the index of its block, 0 while no message of the run has reached it. */
  readonly blockOf = new Int32Array(SETS);
  /** The set of each block, to clear blockOf. */
  readonly setOfBlock = new Int32Array(SETS);
  blocks = 0;

  /** Back to all zeros, touching only what was written. */
  clear(): void {
    this.entries.fill(0, 0, this.blocks * WAYS * FIELDS);
    for (let i = 0; i < this.blocks; i++) this.blockOf[this.setOfBlock[i] as number] = 0;
    this.blocks = 0;
  }
}

/** Cleared tables of finished runs (runs in one process follow each other; a few cover nesting). */
const spareTables: KeyTable[] = [];
const MAX_SPARE_TABLES = 2;

/**
 * Occurrence counts per (link, content) in a 4-way set-associative cache: four probes per send and
 * no growth. An exact table (one entry per distinct message of a run, most of them sent once) cost
 * raft-kv about 15% of its CPU in cache misses and rehashing, measured. A direct-mapped cache was
 * cheaper still but wrong where it mattered: two clients retransmitting into one slot evicted each
 * other on every send, so each retransmission counted from 1 again, got its first copy's fate, and
 * a dropped call was dropped for ever (rpc-exactly-once, 2 of 1,000 seeds). With four ways the
 * least recently used entry goes, so only a message that recurs after thousands of other sends to
 * its set may count from 1 again; retransmissions recur far sooner.
 */
/**
 * The part of a per-message fault id that names the message: the top 24 bits of its content hash in
 * six hex digits, and its occurrence among equal messages (`@3fa2c1.2`).
 */
export function messageIdSuffix(content24: number, occurrence: number): string {
  return `@${content24.toString(16).padStart(6, '0')}.${occurrence}`;
}

export class MessageKeys {
  private readonly seed: number;
  /** Taken on the first keyed send (runs without per-message faults never need one). */
  private table: KeyTable | undefined;
  private sends = 0;
  /** The last message's content (24 bits) and occurrence, for its fault ids. */
  content = 0;
  occurrence = 0;

  constructor(rootSeed: string) {
    this.seed = seedHash(rootSeed);
  }

  /** The decision key of the next message with this content hash on this link (counts it). */
  next(linkCell: number, contentHash: number): number {
    const table = this.table ?? (this.table = spareTables.pop() ?? new KeyTable());
    const entries = table.entries;
    const content = contentHash >>> 8;
    const key = linkCell * 16777216 + content;
    const set = (content ^ Math.imul(linkCell, 0x9e3779b1)) & (SETS - 1);
    const now = ++this.sends;
    let occurrence = 1;
    let slot: number;
    const block = table.blockOf[set] as number;
    if (block === 0) {
      // A set no message reached: all its ways are empty and unused, so the search would take way 0.
      const fresh = table.blocks++;
      table.blockOf[set] = fresh + 1;
      table.setOfBlock[fresh] = set;
      slot = fresh * WAYS;
    } else {
      const base = (block - 1) * WAYS;
      slot = base;
      for (let way = 0; way < WAYS; way++) {
        const at = (base + way) * FIELDS;
        // Counts start at 1, so a zero count marks an empty entry.
        if (entries[at + KEY] === key && entries[at + COUNT] !== 0) {
          slot = base + way;
          occurrence = (entries[at + COUNT] as number) + 1;
          break;
        }
        // The least recently used way goes (empty ways were never used: 0).
        if ((entries[at + USED] as number) < (entries[slot * FIELDS + USED] as number)) slot = base + way;
      }
    }
    const at = slot * FIELDS;
    entries[at + KEY] = key;
    entries[at + COUNT] = occurrence;
    entries[at + USED] = now;
    this.content = content;
    this.occurrence = occurrence;
    return mixKey(mixKey(mixKey(this.seed, linkCell), content), occurrence);
  }

  /** The id suffix of the last message keyed: content in six hex digits and its occurrence. */
  idSuffix(): string {
    return messageIdSuffix(this.content, this.occurrence);
  }

  /**
   * The run is over: its table goes back, cleared, for the next run in this process. A send after
   * this (none in a finished run) starts from an empty table.
   */
  release(): void {
    const table = this.table;
    if (!table) return;
    this.table = undefined;
    this.sends = 0;
    if (spareTables.length >= MAX_SPARE_TABLES) return;
    table.clear();
    spareTables.push(table);
  }
}
