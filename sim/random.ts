import seedrandom from 'seedrandom';

/**
 * One named, seeded stream of random numbers. Every stream is derived from (root seed, name) alone,
 * so extra draws in one subsystem never shift another subsystem's draws (shrinking relies on it).
 */
export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(
    readonly rootSeed: string,
    readonly name: string,
  ) {
    // alea: fast, and a number seed and the same string seed agree. Never unseeded, never global.
    this.prng = seedrandom.alea(`faultline/${rootSeed}/${name}`);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng();
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.prng());
  }

  chance(probability: number): boolean {
    return this.prng() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`stream ${this.name}: pick from an empty list`);
    return items[this.int(items.length)] as T;
  }

  /** A new array in a seeded order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

/** The root seed and every stream forked from it by name, created on first use. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly rootSeed: string) {}

  get(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(this.rootSeed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
