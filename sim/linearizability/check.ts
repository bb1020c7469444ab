import { wallClockMs } from '../determinism-guard.js';
import { describeOperation } from './describe.js';
import { searchPartition } from './search.js';
import type { CheckOptions, LinearizabilityResult, Model, Operation } from './types.js';

/**
 * Checks a history against a sequential model. The model's partition (P-compositionality: a
 * history is linearizable iff each independent sub-history is) splits the work; sub-histories are
 * searched in order and the first violation decides. A timeout gives 'unknown', never a verdict.
 */
export function checkOperations<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], options: CheckOptions = {}): LinearizabilityResult {
  const startMs = wallClockMs();
  const deadlineMs = startMs + (options.timeoutMs ?? Infinity);
  const partitions = model.partition ? model.partition(ops) : [ops];
  const describe = (op: Operation<I, O>) => (model.describe ? model.describe(op) : describeOperation(op));
  let timedOut = false;
  for (let p = 0; p < partitions.length; p++) {
    const part = partitions[p] as Operation<I, O>[];
    const outcome = searchPartition(model, part, deadlineMs);
    if (outcome.verdict === 'unknown') {
      // Later partitions may still hold a definite violation, but the budget is spent.
      timedOut = true;
      break;
    }
    if (outcome.verdict === 'not-linearizable') {
      const stuck = outcome.stuck !== undefined && outcome.stuck >= 0 ? part[outcome.stuck] : undefined;
      return {
        verdict: 'not-linearizable',
        ms: wallClockMs() - startMs,
        failure: {
          operation: stuck ? describe(stuck) : 'unknown operation',
          longestPrefix: (outcome.longestPrefix ?? []).map((index) => describe(part[index] as Operation<I, O>)),
          ...(partitions.length > 1 ? { partition: partitionLabel(part, p) } : {}),
        },
      };
    }
  }
  return { verdict: timedOut ? 'unknown' : 'linearizable', ms: wallClockMs() - startMs };
}

/** `key "x"` when every operation of the sub-history names the same key, else its position. */
function partitionLabel(ops: readonly Operation[], index: number): string {
  const keyOf = (op: Operation | undefined) => (op?.input as { key?: unknown } | null | undefined)?.key;
  const key = keyOf(ops[0]);
  if (key !== undefined && ops.every((op) => keyOf(op) === key)) return `key ${JSON.stringify(key)}`;
  return `sub-history #${index + 1}`;
}
