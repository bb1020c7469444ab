import { wallClockMs } from '../determinism-guard.js';
import { describeOperation } from './describe.js';
import { PartitionSearch, type PartitionOutcome } from './search.js';
import type { CheckOptions, LinearizabilityResult, Model, Operation } from './types.js';

/**
 * Checks a history against a sequential model. The model's partition (P-compositionality: a
 * history is linearizable iff each independent sub-history is) splits the work; sub-histories are
 * searched side by side and the first violation decides. A timeout gives 'unknown', never a verdict.
 */
export function checkOperations<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], options: CheckOptions = {}): LinearizabilityResult {
  const startMs = wallClockMs();
  const deadlineMs = startMs + (options.timeoutMs ?? Infinity);
  const partitions = model.partition ? model.partition(ops) : [ops];
  const describe = (op: Operation<I, O>) => (model.describe ? model.describe(op) : describeOperation(op));
  const searches = partitions.map((part) => new PartitionSearch(model, part));
  const failed = runFairly(searches, deadlineMs);
  if (failed === 'unknown') return { verdict: 'unknown', ms: wallClockMs() - startMs };
  if (failed !== undefined) {
    const { index, outcome } = failed;
    const part = partitions[index] as Operation<I, O>[];
    const stuck = outcome.stuck !== undefined && outcome.stuck >= 0 ? part[outcome.stuck] : undefined;
    return {
      verdict: 'not-linearizable',
      ms: wallClockMs() - startMs,
      failure: {
        operation: stuck ? describe(stuck) : 'unknown operation',
        longestPrefix: (outcome.longestPrefix ?? []).map((i) => describe(part[i] as Operation<I, O>)),
        ...(partitions.length > 1 ? { partition: partitionLabel(part, index) } : {}),
      },
    };
  }
  return { verdict: 'linearizable', ms: wallClockMs() - startMs };
}

/** Steps each sub-history gets in its first turn; the quota doubles every round. */
const FIRST_QUOTA_STEPS = 4096;

/**
 * Runs the searches round-robin with a growing step quota, as if in parallel: one hard but
 * linearizable sub-history cannot hide an easy violation in another (Porcupine runs them on
 * goroutines and stops the rest at the first violation). The order is by steps, never by time,
 * so which violation is reported is deterministic.
 */
function runFairly<S, I, O>(searches: PartitionSearch<S, I, O>[], deadlineMs: number): { index: number; outcome: PartitionOutcome } | 'unknown' | undefined {
  const open = searches.map((_, index) => index);
  let quota = FIRST_QUOTA_STEPS;
  while (open.length > 0) {
    for (let k = 0; k < open.length; ) {
      const index = open[k] as number;
      const outcome = (searches[index] as PartitionSearch<S, I, O>).run(quota, deadlineMs);
      if (outcome === undefined) k++;
      else if (outcome.verdict === 'not-linearizable') return { index, outcome };
      else if (outcome.verdict === 'unknown') return 'unknown';
      else open.splice(k, 1);
    }
    quota *= 2;
  }
  return undefined;
}

/** `key "x"` when every operation of the sub-history names the same key, else its position. */
function partitionLabel(ops: readonly Operation[], index: number): string {
  const keyOf = (op: Operation | undefined) => (op?.input as { key?: unknown } | null | undefined)?.key;
  const key = keyOf(ops[0]);
  if (key !== undefined && ops.every((op) => keyOf(op) === key)) return `key ${JSON.stringify(key)}`;
  return `sub-history #${index + 1}`;
}
