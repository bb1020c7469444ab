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

/**
 * Whether one decision (salt) about the message with this key comes out below `probability`:
 * exactly `unitOf(key, salt) < probability` (x / 2^32 < p ⇔ x < p · 2^32, both sides scaled by a
 * power of two), but a boolean, where unitOf's double is boxed on the heap at every call V8 does
 * not inline (most of the send path's, measured: 6 MB per 10 virtual minutes of raft-kv).
 */
export function chance(key: number, salt: number, probability: number): boolean {
  return (mixKey(key, salt) >>> 0) < probability * 4294967296;
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

/** The occurrence cache: 2^14 sets of 4 ways. */
const WAYS = 4;
const SETS = 1 << 14;
/**
 * A tag plus FRESH marks a way whose message was seen once: its count slot is stale and reads as 1.
 * So a first sighting (eleven sends in twelve in raft-kv) writes no count, and the counts stay out
 * of the cache. Narrow tags keep the marker in bit 31; wide ones far above any link's tag.
 */
const NARROW_FRESH = 2 ** 31;
const WIDE_FRESH = 2 ** 52;
/** The largest link cell whose tags, marked fresh, fit in 32 bits (1,448 nodes); larger networks keep tags in doubles. */
const MAX_NARROW_LINK = Math.floor((NARROW_FRESH - 1 - 1024) / 1024);
/**
 * A set's recency order in one byte: its four ways' indices, two bits each, most recently used in
 * the low bits. Stored xor this identity order (ways 0, 1, 2, 3), so that a zeroed byte is a fresh set.
 */
const IDENTITY_ORDER = 0b11_10_01_00;

/** `order` with `way` moved to the front (most recently used); the ways before it move back by one. */
function moveToFront(order: number, way: number): number {
  let position = 0;
  while (((order >>> (2 * position)) & 3) !== way) position++;
  const before = order & ((1 << (2 * position)) - 1);
  const after = order & (0xff << (2 * position + 2)) & 0xff;
  return after | (before << 2) | way;
}

/**
 * moveToFront for every (order, way), stored xor IDENTITY_ORDER as the sets keep it: indexed by
 * stored byte × 4 + way. One load instead of a loop, and a send path small enough for TurboFan to
 * inline the event's constructor and the queue's push into it.
 */
const NEXT_ORDER = new Uint8Array(256 * WAYS);
for (let stored = 0; stored < 256; stored++) {
  const order = stored ^ IDENTITY_ORDER;
  // Only the 24 bytes that order four distinct ways occur (moveToFront needs the way present).
  if (new Set([0, 2, 4, 6].map((shift) => (order >>> shift) & 3)).size !== WAYS) continue;
  for (let way = 0; way < WAYS; way++) NEXT_ORDER[stored * WAYS + way] = moveToFront(order, way) ^ IDENTITY_ORDER;
}

/**
 * One cache's storage, kept for the next run once a run is over: a fuzz worker runs thousands of
 * seeds, and a fresh buffer per seed cost a page fault per 4 KB and doubled the full garbage
 * collections (buffers count towards the heap's limit until collected), measured.
 *
 * A way stays where it was first written; each set's recency order is a byte of its own. A tag
 * names (link, content) within its set: the set index already fixes the content's low 14 bits given
 * the link, so tag = link × 1024 + the content's high 10 bits + 1 (0: an empty way). Ways fill from
 * the first and are never emptied one by one, so the empty ways are always the last ones. Each send
 * reads a set's tags (256 KB in all) and its order byte (16 KB), and reads or writes a count only
 * when the message was seen before (one send in twelve in raft-kv; see NARROW_FRESH). Nearly every
 * send lands in a set no recent send touched, so this read misses the cache; where tags and counts
 * sat side by side (512 KB) the table read took about 2.5 % of raft-kv's main thread (perf, against
 * a 256-byte table).
 */
class KeyTable {
  readonly tags: Uint32Array | Float64Array;
  readonly counts: Uint32Array | Float64Array;
  readonly orders = new Uint8Array(SETS);
  /** The sets written since the table was last cleared (each once: a set never empties again). */
  readonly written = new Int32Array(SETS);
  writtenCount = 0;
  /** What marks a tag fresh (seen once, count slot stale) in this table. */
  readonly fresh: number;

  constructor(readonly wide: boolean) {
    this.fresh = wide ? WIDE_FRESH : NARROW_FRESH;
    this.tags = wide ? new Float64Array(SETS * WAYS) : new Uint32Array(SETS * WAYS);
    this.counts = wide ? new Float64Array(SETS * WAYS) : new Uint32Array(SETS * WAYS);
  }

  /** Back to empty, touching only what was written (a count is read only under a live tag not marked fresh: counts stay). */
  clear(): void {
    if (this.writtenCount > SETS / 8) {
      this.tags.fill(0);
      this.orders.fill(0);
    } else {
      for (let i = 0; i < this.writtenCount; i++) {
        const set = this.written[i] as number;
        this.tags.fill(0, set * WAYS, set * WAYS + WAYS);
        this.orders[set] = 0;
      }
    }
    this.writtenCount = 0;
  }
}

/** Cleared tables of finished runs (runs in one process follow each other; a few cover nesting). */
const spareTables: KeyTable[] = [];
const MAX_SPARE_TABLES = 2;

function takeTable(wide: boolean): KeyTable {
  const at = spareTables.findIndex((table) => table.wide === wide);
  return at < 0 ? new KeyTable(wide) : (spareTables.splice(at, 1)[0] as KeyTable);
}

/**
 * The part of a per-message fault id that names the message: the top 24 bits of its content hash in
 * six hex digits, and its occurrence among equal messages (`@3fa2c1.2`).
 */
export function messageIdSuffix(content24: number, occurrence: number): string {
  return `@${content24.toString(16).padStart(6, '0')}.${occurrence}`;
}

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
export class MessageKeys {
  private readonly seed: number;
  /** Whether link cells, marked fresh, can exceed 32-bit tags (more than 1,448 nodes). */
  private readonly wide: boolean;
  /** Taken on the first keyed send (runs without per-message faults never need one). */
  private table: KeyTable | undefined;
  /** The last message's content (24 bits) and occurrence, for its fault ids. */
  content = 0;
  occurrence = 0;

  constructor(rootSeed: string, nodeCount = 0) {
    this.seed = seedHash(rootSeed);
    this.wide = nodeCount * nodeCount - 1 > MAX_NARROW_LINK;
  }

  /** The decision key of the next message with this content hash on this link (counts it). */
  next(linkCell: number, contentHash: number): number {
    const table = this.table ?? (this.table = takeTable(this.wide));
    const tags = table.tags;
    const content = contentHash >>> 8;
    const set = (content ^ Math.imul(linkCell, 0x9e3779b1)) & (SETS - 1);
    const base = set * WAYS;
    const tag = linkCell * 1024 + (content >>> 14) + 1;
    const freshTag = tag + table.fresh;
    let way = 0;
    let found = 0;
    while (way < WAYS) {
      found = tags[base + way] as number;
      if (found === tag || found === freshTag || found === 0) break;
      way++;
    }
    const stored = table.orders[set] as number;
    const order = stored ^ IDENTITY_ORDER;
    let occurrence = 1;
    if (way === WAYS) {
      way = order >>> 6; // a full set without it: the least recently used goes
      tags[base + way] = freshTag;
    } else if (found === tag) {
      occurrence = (table.counts[base + way] as number) + 1;
      table.counts[base + way] = occurrence;
    } else if (found === freshTag) {
      occurrence = 2;
      table.counts[base + way] = 2;
      tags[base + way] = tag;
    } else {
      if (way === 0) table.written[table.writtenCount++] = set;
      tags[base + way] = freshTag;
    }
    table.orders[set] = NEXT_ORDER[stored * WAYS + way] as number;
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
    if (spareTables.length >= MAX_SPARE_TABLES) return;
    table.clear();
    spareTables.push(table);
  }
}
