/**
 * Binary min-heap of events keyed by (time, seq). seq is assigned on push, so two events at the same
 * virtual time always pop in the order they were scheduled: the total order determinism rests on.
 * Keys live in typed arrays (struct of arrays) beside a parallel payload array; measured here that is
 * about 1.5x to 3x faster than a heap of objects.
 */
export class EventQueue<T> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private payloads: (T | undefined)[] = new Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? (this.times[0] as number) : Infinity;
  }

  push(time: number, payload: T): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Removes and returns the earliest event's payload; undefined when empty. */
  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const top = payloads[0];
    const last = --this.count;
    const time = times[last] as number;
    const seq = seqs[last] as number;
    const payload = payloads[last];
    payloads[last] = undefined;
    const half = last >> 1;
    let i = 0;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      let ct = times[child] as number;
      let cs = seqs[child] as number;
      if (right < last) {
        const rt = times[right] as number;
        const rs = seqs[right] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      payloads[i] = payloads[child];
      i = child;
    }
    if (last > 0) {
      times[i] = time;
      seqs[i] = seq;
      payloads[i] = payload;
    }
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.payloads.length = capacity;
  }
}
