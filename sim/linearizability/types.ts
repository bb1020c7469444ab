/** One operation of a history: an invocation and, unless it is indeterminate, its completion. */
export interface Operation<I = unknown, O = unknown> {
  id: number;
  process: string;
  input: I;
  /** The result. `undefined` means unknown: an indeterminate (info/pending) operation, or a result nobody saw. */
  output: O | undefined;
  callUs: number;
  /** Infinity when the operation is indeterminate (info) or still pending: it may take effect at any later point, or never. */
  returnUs: number;
}

/**
 * A sequential specification given as data. `step` says whether `input` may produce `output` in `state`
 * and what the state becomes; it must be a pure function. Without `equal`, `hash` gives a canonical
 * key: two states are equal exactly when their keys are (default: the state itself when primitive,
 * else its JSON). With `equal`, `hash` need only agree for equal states (collisions are resolved by
 * `equal`), so it can be cheap and incremental. `partition` splits a history into independent
 * sub-histories (P-compositionality, e.g. per key).
 */
export interface Model<S = unknown, I = unknown, O = unknown> {
  name: string;
  init(): S;
  step(state: S, input: I, output: O | undefined): { ok: boolean; state: S };
  hash?(state: S): string | number;
  equal?(a: S, b: S): boolean;
  partition?(ops: Operation<I, O>[]): Operation<I, O>[][];
  describe?(op: Operation<I, O>): string;
}

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';

export interface LinearizabilityResult {
  verdict: Verdict;
  /** Wall time spent, for reports only: the verdict never depends on it, except by becoming 'unknown'. */
  ms: number;
  failure?: {
    /** The operation that could not be linearized after the longest prefix below. */
    operation: string;
    /** The longest sequence of operations found to be linearizable, in linearization order. */
    longestPrefix: string[];
    /** Which sub-history failed, when the model partitions (e.g. `key "x"`). */
    partition?: string;
  };
}

/** The input of the built-in models, as operationsFromHistory builds it. */
export interface OpInput {
  f: string;
  key?: string;
  value: unknown;
}

export interface CheckOptions {
  /** Wall-clock budget for the whole check; when it runs out the verdict is 'unknown'. */
  timeoutMs?: number;
}

/** An operation a model cannot interpret (a cas given to the plain register model, say): bad input, not a verdict. */
export class ModelInputError extends Error {
  override name = 'ModelInputError';
}
