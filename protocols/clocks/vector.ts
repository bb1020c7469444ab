import type { ClockRules } from './rules.js';

export type VectorClock = number[];

/** V < W: every entry ≤ and at least one entry < (that is, V ≤ W and V ≠ W). */
export function vectorBefore(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/**
 * The standard vector clock rules: entry i counts the events of process i in the event's causal past.
 * Every event increments the process's own entry; a receive first takes the element-wise max with
 * the message's vector, then increments its own entry.
 */
export const vectorRules: ClockRules<VectorClock> = {
  name: 'vector',
  initial: (size) => new Array<number>(size).fill(0),
  tick: (clock, self) => {
    clock[self] = (clock[self] as number) + 1;
    return clock;
  },
  receive: (clock, received, self) => {
    for (let i = 0; i < clock.length; i++) {
      const theirs = received[i] as number;
      if (theirs > (clock[i] as number)) clock[i] = theirs;
    }
    clock[self] = (clock[self] as number) + 1;
    return clock;
  },
  copy: (clock) => clock.slice(),
  happenedBefore: vectorBefore,
};
