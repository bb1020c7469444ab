/**
 * A running 64-bit digest (two murmur3-style 32-bit lanes) over a canonical encoding of every trace
 * event. Hot events mix their integer fields directly; rare events mix a structural hash of the
 * event object. Both paths are taken in every mode, so the digest never depends on tracing.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const floatView = new Float64Array(1);
const floatWords = new Uint32Array(floatView.buffer);

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes a number (integer or not) into a lane. Kept tiny so that the hot path inlines it. */
function mixNumber(h: number, x: number): number {
  return (x | 0) === x ? mixWord(h, x) : mixWideNumber(h, x);
}

function mixWideNumber(h: number, x: number): number {
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) {
    h = mixWord(h, x >>> 0);
    return mixWord(h, Math.floor(x / 4294967296) | 0);
  }
  floatView[0] = x;
  h = mixWord(h, floatWords[0] as number);
  return mixWord(h, floatWords[1] as number);
}

/** Two UTF-16 code units per word: half the mixing of one per unit, and no less sensitive. */
function mixString(h: number, s: string): number {
  const length = s.length;
  h = mixWord(h, length);
  let i = 0;
  for (; i + 1 < length; i += 2) h = mixWord(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < length) h = mixWord(h, s.charCodeAt(i));
  return h;
}

const TAG_UNDEFINED = 0x5a01;
const TAG_NULL = 0x5a02;
const TAG_FALSE = 0x5a03;
const TAG_TRUE = 0x5a04;
const TAG_NUMBER = 0x5a05;
const TAG_STRING = 0x5a06;
const TAG_ARRAY = 0x5a07;
const TAG_OBJECT = 0x5a08;
const TAG_MAP = 0x5a09;
const TAG_SET = 0x5a0a;
const TAG_BIGINT = 0x5a0b;

/**
 * One value's words. Checked with `typeof v === '…'` one by one rather than a switch on typeof: V8
 * compiles each such test to a direct type check, where the switch computed the type's name first.
 */
function mixValue(h: number, value: unknown): number {
  if (typeof value === 'number') return mixNumber(mixWord(h, TAG_NUMBER), value);
  if (typeof value === 'string') return mixString(mixWord(h, TAG_STRING), value);
  if (typeof value === 'object') return value === null ? mixWord(h, TAG_NULL) : mixObject(h, value);
  if (typeof value === 'boolean') return mixWord(h, value ? TAG_TRUE : TAG_FALSE);
  if (typeof value === 'undefined') return mixWord(h, TAG_UNDEFINED);
  if (typeof value === 'bigint') return mixString(mixWord(h, TAG_BIGINT), value.toString());
  // Functions and symbols are not data; hash their kind only.
  return mixString(h, typeof value);
}

/**
 * mixValue for a member of an array or object: numbers and strings (most members of a message)
 * mixed here, without a call per member; the same words as mixValue.
 */
function mixMember(h: number, value: unknown): number {
  if (typeof value === 'number') return mixNumber(mixWord(h, TAG_NUMBER), value);
  if (typeof value === 'string') return mixString(mixWord(h, TAG_STRING), value);
  return mixValue(h, value);
}

function mixObject(h: number, value: object): number {
  if (Array.isArray(value)) {
    h = mixWord(mixWord(h, TAG_ARRAY), value.length);
    for (let i = 0; i < value.length; i++) h = mixMember(h, value[i]);
    return h;
  }
  // Plain objects (nearly all values) skip the two instanceof walks: their prototype says they are neither a Map nor a Set.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return mixPlain(h, value);
  if (value instanceof Map) {
    h = mixWord(mixWord(h, TAG_MAP), value.size);
    for (const [k, v] of value) h = mixValue(mixValue(h, k), v);
    return h;
  }
  if (value instanceof Set) {
    h = mixWord(mixWord(h, TAG_SET), value.size);
    for (const v of value) h = mixValue(h, v);
    return h;
  }
  return mixPlain(h, value);
}

/**
 * Plain data: keys in insertion order, which deterministic code makes deterministic. A key enters as
 * its length and first character only: names come from code, values carry the run's data, and
 * hashing every name in full doubled the cost of hashing a message.
 */
function mixPlain(h: number, value: object): number {
  h = mixWord(h, TAG_OBJECT);
  for (const key in value) {
    h = mixWord(h, key.length | (key.charCodeAt(0) << 16));
    h = mixMember(h, (value as Record<string, unknown>)[key]);
  }
  return h;
}

/** Structural 32-bit hash of plain data. */
export function hashValue(value: unknown): number {
  return finalMix(mixValue(0x2545f491, value));
}

export class Digest {
  private lo = 0x811c9dc5 | 0;
  private hi = 0x6a09e667 | 0;

  /**
   * Mixes one hot event: kind code, virtual time, node and id. Four branch-free words (time split
   * into its low 32 bits and the rest, which carries the code); the second lane takes one multiply.
   */
  mix4(code: number, timeUs: number, node: number, id: number): void {
    let h = mixWord(this.lo, timeUs >>> 0);
    h = mixWord(h, ((timeUs / 4294967296) | 0) ^ (code << 24));
    h = mixWord(h, node | 0);
    this.lo = mixWord(h, id | 0);
    this.hi = Math.imul(this.hi ^ this.lo, 0x9e3779b1) + code;
  }

  /** Mixes an arbitrary plain-data value. */
  mixValue(value: unknown): void {
    this.lo = mixValue(this.lo, value);
    this.hi = mixWord(this.hi, this.lo);
  }

  /** Mixes a string (names, fault ids). */
  mixText(text: string): void {
    this.lo = mixString(this.lo, text);
    this.hi = mixWord(this.hi, this.lo);
  }

  /** A cheap per-event fingerprint of the running state (for finding the first divergence). */
  get fingerprint(): number {
    return this.lo >>> 0;
  }

  hex(): string {
    const a = finalMix(this.lo ^ this.hi);
    const b = finalMix(this.hi + Math.imul(this.lo, 0x9e3779b1));
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}
