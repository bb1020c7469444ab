import type { Model, OpInput } from './types.js';
import { ModelInputError } from './types.js';
import { orNull, sameValue } from './values.js';

type MicroOp = [f: string, register: string, value: unknown];
type Registers = Readonly<Record<string, unknown>>;

/**
 * Registers read and written by atomic transactions (knossos' multi-register): input
 * `{ f: 'txn', value: [[f, register, value], ...] }` with f `read` or `write`; the output is the same
 * list as completed, carrying the values read. A read of null constrains nothing (the knossos
 * convention). A transaction spans registers, so this model does not partition.
 */
export function makeMultiRegisterModel(options: { initial?: unknown } = {}): Model<Registers, OpInput, unknown> {
  const initial = orNull(options.initial);
  const valueOf = (state: Registers, register: string) => (Object.hasOwn(state, register) ? state[register] : initial);
  return {
    name: 'multi-register',
    init: () => ({}),
    step(state, input, output) {
      if (input.f !== 'txn') throw new ModelInputError(`the multi-register model has no "${input.f}" operation (it knows txn)`);
      const invoked = microOps(input.value);
      const completed = output === undefined ? undefined : microOps(output);
      let next: Record<string, unknown> | undefined;
      for (let i = 0; i < invoked.length; i++) {
        const [f, register, value] = invoked[i] as MicroOp;
        const current = next ?? state;
        if (f === 'write') {
          next = { ...current, [register]: orNull(value) };
        } else if (f === 'read') {
          const seen = orNull(completed?.[i]?.[2]);
          if (seen !== null && !sameValue(valueOf(current, register), seen)) return { ok: false, state };
        } else {
          throw new ModelInputError(`a multi-register transaction step must be read or write, got "${f}"`);
        }
      }
      return { ok: true, state: next ?? state };
    },
    hash: (state) => JSON.stringify(Object.keys(state).sort().map((register) => [register, state[register]])),
  };
}

function microOps(value: unknown): MicroOp[] {
  if (!Array.isArray(value) || !value.every((step) => Array.isArray(step) && step.length === 3)) {
    throw new ModelInputError(`a transaction needs a list of [f, register, value] steps, got ${JSON.stringify(value)}`);
  }
  return value as MicroOp[];
}
