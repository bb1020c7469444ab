/**
 * Baagøe's Alea generator and its Mash seeding, written out so that making a stream is cheap: a run
 * makes about ten named streams (and one per corrupted message), and seedrandom's `alea()` spent
 * about 8 µs on each (closures and a function object with properties added, per stream). The
 * numbers are exactly seedrandom 3.0.5's `alea(seed)` (test/sim/alea.test.ts compares them), so
 * every seed keeps its digest.
 */

const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** Mash: folds a string's char codes into a running 32-bit state; returns a fraction in [0, 1). */
class Mash {
  state = 0xefc8249d;

  mash(text: string): number {
    let n = this.state;
    for (let i = 0; i < text.length; i++) {
      n += text.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.state = n;
    return (n >>> 0) * TWO_TO_MINUS_32;
  }
}

// Every seeding starts by mashing ' ' three times from the same state: done once here.
const blank = new Mash();
const BLANK0 = blank.mash(' ');
const BLANK1 = blank.mash(' ');
const BLANK2 = blank.mash(' ');
const AFTER_BLANKS = blank.state;

export class Alea {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(seed: string) {
    const mash = new Mash();
    mash.state = AFTER_BLANKS;
    let s0 = BLANK0 - mash.mash(seed);
    if (s0 < 0) s0 += 1;
    let s1 = BLANK1 - mash.mash(seed);
    if (s1 < 0) s1 += 1;
    let s2 = BLANK2 - mash.mash(seed);
    if (s2 < 0) s2 += 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** Uniform in [0, 1) with 32 bits of randomness. */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_TO_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }
}
