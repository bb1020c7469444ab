import type { Model, OpInput, Operation } from './types.js';
import { ModelInputError } from './types.js';
import { sameValue } from './values.js';

/**
 * A key-value map with `get` (output: the value; null/undefined in a completed get = absent = ""),
 * `put` and `append` (string concatenation). Every key starts as "". The state is one key's value:
 * the model partitions by key, so each sub-history holds a single key.
 */
export const kvModel: Model<unknown, OpInput, unknown> = {
  name: 'kv',
  init: () => '',
  step(state, input, output) {
    switch (input.f) {
      case 'get':
        return { ok: output === undefined || sameValue(state, output ?? ''), state };
      case 'put':
        return { ok: true, state: input.value ?? '' };
      case 'append':
        return { ok: true, state: String(state) + String(input.value ?? '') };
      default:
        throw new ModelInputError(`the kv model has no "${input.f}" operation (it knows get, put, append)`);
    }
  },
  partition: partitionByKey,
};

/** Groups operations by input key, in order of first appearance (deterministic). */
export function partitionByKey<I extends { key?: unknown }, O>(ops: Operation<I, O>[]): Operation<I, O>[][] {
  const groups = new Map<unknown, Operation<I, O>[]>();
  for (const op of ops) {
    const key = op.input.key;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(op);
  }
  return [...groups.values()];
}
