import { wallClockMs } from '../determinism-guard.js';
import { LinearizationCache, zobrist } from './cache.js';
import { EntryList, isCall, opIndexOf } from './entries.js';
import type { Model, Operation, Verdict } from './types.js';

export interface PartitionOutcome {
  verdict: Verdict;
  /** On a violation: indexes (into the partition's ops) of the longest linearizable prefix found. */
  longestPrefix?: number[];
  /** On a violation: the operation whose return was reached with no way to linearize it. */
  stuck?: number;
}

/** How many search steps between two looks at the wall clock. */
const CLOCK_CHECK_EVERY = 1024;

/** A canonical key for a state: primitives are their own key. */
export function defaultStateKey(state: unknown): unknown {
  return state !== null && typeof state === 'object' ? JSON.stringify(state) : state;
}

/**
 * Wing-Gong/Lowe search over one sub-history, as Porcupine does it: walk the entry list, linearize a
 * call when the model accepts it and the (linearized set, state) pair is new, lift it out of the
 * list and start again from the head; at a return entry whose call is not yet linearized, undo the
 * last choice. The verdict never depends on the deadline except by becoming 'unknown'.
 */
export function searchPartition<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[], deadlineMs: number): PartitionOutcome {
  const list = new EntryList(ops);
  const { next, match } = list;
  const keyOf = model.hash ? model.hash.bind(model) : defaultStateKey;
  const cache = new LinearizationCache();
  const bits = new Uint32Array(Math.max(1, Math.ceil(ops.length / 32)));
  let bitsHash = 0;
  const stackNode = new Int32Array(ops.length);
  const stackState: S[] = [];
  let depth = 0;
  let state = model.init();
  let mustLinearize = list.returning;
  let entry = next[0]!;
  let bestDepth = -1;
  let longestPrefix: number[] = [];
  let stuck = -1;
  let steps = 0;

  for (;;) {
    // Only indeterminate calls are left: they may take effect later, or never.
    if (mustLinearize === 0) return { verdict: 'linearizable' };
    if (++steps === CLOCK_CHECK_EVERY) {
      steps = 0;
      if (wallClockMs() > deadlineMs) return { verdict: 'unknown' };
    }
    if (entry !== -1 && isCall(entry)) {
      const index = opIndexOf(entry);
      const op = ops[index] as Operation<I, O>;
      const result = model.step(state, op.input, op.output);
      if (result.ok) {
        const word = index >> 5;
        const mask = 1 << (index & 31);
        bits[word]! |= mask;
        const newHash = bitsHash ^ zobrist(index);
        if (cache.add(bits, newHash, keyOf(result.state))) {
          stackNode[depth] = entry;
          stackState[depth] = state;
          depth++;
          state = result.state;
          bitsHash = newHash;
          list.lift(entry);
          if (match[entry] !== 0) mustLinearize--;
          entry = next[0]!;
          continue;
        }
        bits[word]! &= ~mask;
      }
      entry = next[entry]!;
      continue;
    }
    // A return entry (its call is not linearized yet): this branch is dead, undo the last choice.
    if (depth > bestDepth) {
      bestDepth = depth;
      longestPrefix = Array.from(stackNode.subarray(0, depth), opIndexOf);
      stuck = entry === -1 ? -1 : opIndexOf(entry);
    }
    if (depth === 0) return { verdict: 'not-linearizable', longestPrefix, stuck };
    depth--;
    const call = stackNode[depth]!;
    state = stackState[depth] as S;
    stackState[depth] = undefined as S;
    const index = opIndexOf(call);
    bits[index >> 5]! &= ~(1 << (index & 31));
    bitsHash ^= zobrist(index);
    list.unlift(call);
    if (match[call] !== 0) mustLinearize++;
    entry = next[call]!;
  }
}
