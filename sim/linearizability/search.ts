import { wallClockMs } from '../determinism-guard.js';
import { LinearizationCache, stateIdentity, zobrist } from './cache.js';
import { EntryList, isCall, opIndexOf } from './entries.js';
import type { Model, Operation, Verdict } from './types.js';

export interface PartitionOutcome {
  verdict: Verdict;
  /** On a violation: indexes (into the partition's ops) of the longest linearizable prefix found. */
  longestPrefix?: number[];
  /** On a violation: the operation whose return was reached with no way to linearize it. */
  stuck?: number;
  /** When linearizable: the model state after the linearization found (one of possibly several). */
  finalState?: unknown;
}

/** How many search steps between two looks at the wall clock. */
const CLOCK_CHECK_EVERY = 1024;

/**
 * Wing-Gong/Lowe search over one sub-history, as Porcupine does it: walk the entry list, linearize a
 * call when the model accepts it and the (linearized set, state) pair is new, lift it out of the
 * list and start again from the head; at a return entry whose call is not yet linearized, undo the
 * last choice. The search can be paused after a number of steps and resumed, so several
 * sub-histories can share one thread fairly. Its verdict never depends on time, except that a
 * passed deadline gives 'unknown'.
 */
export class PartitionSearch<S, I, O> {
  private readonly list: EntryList;
  private readonly cache: LinearizationCache<S>;
  private readonly bits: Uint32Array;
  private bitsHash = 0;
  private readonly stackNode: Int32Array;
  private readonly stackState: S[] = [];
  private depth = 0;
  private state: S;
  private mustLinearize: number;
  private entry: number;
  private bestDepth = -1;
  /** The stack at the deepest dead end so far; turned into operation indexes only when reported. */
  private readonly bestStack: Int32Array;
  private stuck = -1;

  constructor(
    private readonly model: Model<S, I, O>,
    private readonly ops: readonly Operation<I, O>[],
  ) {
    this.list = new EntryList(ops);
    this.bits = new Uint32Array(Math.max(1, Math.ceil(ops.length / 32)));
    this.cache = new LinearizationCache(this.bits.length, stateIdentity(model), 2 * ops.length);
    this.stackNode = new Int32Array(ops.length);
    this.bestStack = new Int32Array(ops.length);
    this.state = model.init();
    this.mustLinearize = this.list.returning;
    this.entry = this.list.next[0]!;
  }

  /** Runs at most `maxSteps` steps; undefined means not finished yet. */
  run(maxSteps: number, deadlineMs: number): PartitionOutcome | undefined {
    const { next, match } = this.list;
    const { ops, model, bits, stackNode, stackState, list, cache } = this;
    let { entry, state, depth, bitsHash, mustLinearize } = this;
    let steps = 0;
    let outcome: PartitionOutcome | undefined;
    for (;;) {
      // Only indeterminate calls are left: they may take effect later, or never.
      if (mustLinearize === 0) {
        outcome = { verdict: 'linearizable', finalState: state };
        break;
      }
      if (++steps % CLOCK_CHECK_EVERY === 0) {
        if (wallClockMs() > deadlineMs) {
          outcome = { verdict: 'unknown' };
          break;
        }
        if (steps >= maxSteps) break;
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
          if (cache.add(bits, newHash, result.state)) {
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
      // A return entry whose call is not linearized yet: this branch is dead, undo the last choice.
      if (depth > this.bestDepth) this.recordLongest(depth, entry);
      if (depth === 0) {
        outcome = { verdict: 'not-linearizable', longestPrefix: Array.from(this.bestStack.subarray(0, Math.max(0, this.bestDepth)), opIndexOf), stuck: this.stuck };
        break;
      }
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
    // Keep where the walk is, so the next run() resumes it.
    this.entry = entry;
    this.state = state;
    this.depth = depth;
    this.bitsHash = bitsHash;
    this.mustLinearize = mustLinearize;
    return outcome;
  }

  private recordLongest(depth: number, entry: number): void {
    this.bestDepth = depth;
    // A copy of the typed stack, not a mapped array: a long search reaches many new depths.
    this.bestStack.set(this.stackNode.subarray(0, depth));
    this.stuck = entry === -1 ? -1 : opIndexOf(entry);
  }
}

/**
 * Searches one sub-history to the end (no partitioning, no deadline) and returns the state a
 * linearization leaves, or undefined when there is none. For checkers that chain sub-histories.
 */
export function linearizationEndState<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[]): { state: S } | undefined {
  const outcome = new PartitionSearch(model, ops).run(Infinity, Infinity);
  return outcome?.verdict === 'linearizable' ? { state: outcome.finalState as S } : undefined;
}
