/**
 * The reference the engine is measured against: a bare (time, seq) binary min-heap event loop with
 * struct-of-arrays keys (Float64Array time and seq) and a parallel payload array. Each step pops the
 * earliest event and pushes one at its time plus a small delay: the least any discrete-event
 * simulator with a total (time, seq) order can do per event.
 */

/** The delay pattern shared by the heap loop, the engine loop and SimPy: 1..8 time units. */
export function noopDelay(eventNumber: number): number {
  return 1 + ((eventNumber * 7919) & 7);
}

export function bareHeapLoop(pending: number, events: number): number {
  let capacity = 1;
  while (capacity < pending + 1) capacity *= 2;
  const times = new Float64Array(capacity);
  const seqs = new Float64Array(capacity);
  const payloads: number[] = new Array(capacity).fill(0);
  let count = 0;
  let nextSeq = 0;

  const push = (time: number, payload: number): void => {
    const seq = nextSeq++;
    let i = count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      payloads[i] = payloads[parent] as number;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  };

  /** Removes the root; its time and payload are read by the caller before the call. */
  const popRoot = (): void => {
    const last = --count;
    const time = times[last] as number;
    const seq = seqs[last] as number;
    const payload = payloads[last] as number;
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
      payloads[i] = payloads[child] as number;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
  };

  for (let p = 0; p < pending; p++) push(noopDelay(p), p);
  let checksum = 0;
  for (let e = 0; e < events; e++) {
    const now = times[0] as number;
    const payload = payloads[0] as number;
    popRoot();
    checksum = (checksum + payload) | 0;
    push(now + noopDelay(e), payload);
  }
  // Returned so that the loop cannot be optimised away; the caller ignores the value.
  return checksum;
}
