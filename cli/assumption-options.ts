import { InvalidArgumentError } from 'commander';
import { AssumptionsError, failureModelKinds, parseBeyond, type BeyondKind } from '../sim/index.js';

/** `--beyond corrupt,byzantine`: fault kinds to allow beyond the scenario's assumptions. */
export function parseBeyondOption(value: string): BeyondKind[] {
  return asOption(() => parseBeyond(value));
}

/** `--failure-model byzantine`: the process-failure kinds of that model, as --beyond kinds. */
export function parseFailureModelOption(value: string): BeyondKind[] {
  return asOption(() => failureModelKinds(value.trim()));
}

/** The union of --beyond and --failure-model, in a stable order (undefined when neither was given). */
export function beyondFrom(flags: { beyond?: readonly string[]; failureModel?: readonly string[] }): string[] | undefined {
  if (!flags.beyond && !flags.failureModel) return undefined;
  return parseBeyond([...(flags.beyond ?? []), ...(flags.failureModel ?? [])].join(','));
}

function asOption<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AssumptionsError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
