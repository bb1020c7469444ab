import type { Model, OpInput, Operation } from './types.js';
import { ModelInputError } from './types.js';
import { sameValue } from './values.js';

/**
 * One key's value with a polynomial hash of its text, kept incrementally: appending v gives
 * hash * B^|v| + hash(v), the same as hashing the whole new text, so equal values hash alike
 * whichever way they were built, and the search never rehashes a long string.
 */
export interface KvState {
  value: unknown;
  hash: number;
}

const BASE = 0x01000193;

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function polyHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

function basePower(length: number): number {
  let p = 1;
  for (let i = 0; i < length; i++) p = Math.imul(p, BASE);
  return p;
}

const EMPTY: KvState = { value: '', hash: 0 };

/**
 * A key-value map with `get` (output: the value; null/undefined in a completed get = absent = ""),
 * `put` and `append` (string concatenation). Every key starts as "". The state is one key's value:
 * the model partitions by key, so each sub-history holds a single key.
 */
export const kvModel: Model<KvState, OpInput, unknown> = {
  name: 'kv',
  init: () => EMPTY,
  step(state, input, output) {
    switch (input.f) {
      case 'get':
        return { ok: output === undefined || sameValue(state.value, output ?? ''), state };
      case 'put': {
        const value = input.value ?? '';
        return { ok: true, state: { value, hash: polyHash(textOf(value)) } };
      }
      case 'append': {
        const suffix = String(input.value ?? '');
        const prefixHash = typeof state.value === 'string' ? state.hash : polyHash(String(state.value));
        const hash = (Math.imul(prefixHash, basePower(suffix.length)) + polyHash(suffix)) | 0;
        return { ok: true, state: { value: String(state.value) + suffix, hash } };
      }
      default:
        throw new ModelInputError(`the kv model has no "${input.f}" operation (it knows get, put, append)`);
    }
  },
  hash: (state) => state.hash,
  equal: (a, b) => sameValue(a.value, b.value),
  partition: (ops) => {
    // Without a key an operation would silently form its own one-key history and always pass.
    const keyless = ops.find((op) => op.input.key === undefined || op.input.key === null);
    if (keyless) throw new ModelInputError(`the kv model needs a key on every operation; operation ${keyless.id} (${keyless.input.f}) has none`);
    return partitionByKey(ops);
  },
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
