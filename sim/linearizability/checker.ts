import type { Checker } from '../simulation.js';
import { checkOperations } from './check.js';
import { operationsFromHistory } from './history.js';
import type { LinearizabilityResult, Model } from './types.js';

/** A checker that also keeps its last result, so a report can note an 'unknown' verdict. */
export interface LinearizabilityChecker extends Checker {
  readonly lastResult: LinearizabilityResult | undefined;
}

/** A run's checker must not hang a fuzzing worker: past this wall time the verdict is 'unknown'. */
export const DEFAULT_CHECKER_TIMEOUT_MS = 10_000;

/**
 * Checks `sim.history` at the end of a run. 'not-linearizable' is a safety violation; 'unknown'
 * (the timeout ran out, by default after DEFAULT_CHECKER_TIMEOUT_MS) is not, since a run's result
 * must never depend on wall time: it is kept in `lastResult` for the report.
 */
export function linearizabilityChecker(model: Model, options: { timeoutMs?: number; name?: string } = {}): LinearizabilityChecker {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECKER_TIMEOUT_MS;
  let lastResult: LinearizabilityResult | undefined;
  return {
    name: options.name ?? `linearizability(${model.name})`,
    kind: 'safety',
    get lastResult() {
      return lastResult;
    },
    atEnd(sim) {
      const ops = operationsFromHistory(sim.history);
      lastResult = checkOperations(model, ops, { timeoutMs });
      if (lastResult.verdict !== 'not-linearizable') return undefined;
      return formatViolation(model.name, ops.length, lastResult);
    },
  };
}

export function formatViolation(modelName: string, opCount: number, result: LinearizabilityResult): string {
  const failure = result.failure;
  if (!failure) return `history of ${opCount} operations is not linearizable (${modelName} model)`;
  const where = failure.partition ? ` in ${failure.partition}` : '';
  const prefix = failure.longestPrefix;
  const shown = prefix.length > 8 ? ['…', ...prefix.slice(-8)] : prefix;
  return (
    `history is not linearizable (${modelName} model)${where}: no linearization can include ${failure.operation}; ` +
    `longest linearizable prefix (${prefix.length} ops): ${shown.length ? shown.join('; ') : '(empty)'}`
  );
}
