import type { Model, OpInput } from './types.js';
import { ModelInputError } from './types.js';
import { orNull, sameValue } from './values.js';

export interface RegisterModelOptions {
  /** The register's value before any write; null (nil) unless given. */
  initial?: unknown;
}

/**
 * A single register: `read` (output: the value read; null = never written; undefined = unknown),
 * `write` (input value). The compare-and-set variant adds `cas` with input `[expected, next]` and
 * output `false` when the comparison failed, `undefined` when unknown, anything else when it succeeded.
 */
export function makeRegisterModel(options: RegisterModelOptions = {}): Model<unknown, OpInput, unknown> {
  return buildRegisterModel('register', false, orNull(options.initial));
}

export function makeCasRegisterModel(options: RegisterModelOptions = {}): Model<unknown, OpInput, unknown> {
  return buildRegisterModel('cas-register', true, orNull(options.initial));
}

function buildRegisterModel(name: string, withCas: boolean, initial: unknown): Model<unknown, OpInput, unknown> {
  return {
    name,
    init: () => initial,
    step(state, input, output) {
      switch (input.f) {
        case 'read':
          return { ok: output === undefined || sameValue(state, orNull(output)), state };
        case 'write':
          return { ok: true, state: orNull(input.value) };
        case 'cas': {
          if (!withCas) throw new ModelInputError(`the register model has no "cas" operation; use the cas-register model`);
          const [expected, next] = casArguments(input.value);
          const matches = sameValue(state, expected);
          if (output === false) return { ok: !matches, state };
          if (output === undefined) return { ok: true, state: matches ? next : state };
          return { ok: matches, state: matches ? next : state };
        }
        default:
          throw new ModelInputError(`the ${name} model has no "${input.f}" operation (it knows read, write${withCas ? ', cas' : ''})`);
      }
    },
  };
}

function casArguments(value: unknown): [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ModelInputError(`a cas operation needs the value [expected, next], got ${JSON.stringify(value)}`);
  }
  return [orNull(value[0]), orNull(value[1])];
}

/** A register that starts as null (nil): reads/writes/cas as Jepsen and the engine record them. */
export const registerModel = makeRegisterModel();
export const casRegisterModel = makeCasRegisterModel();
