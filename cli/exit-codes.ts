import type { RunResult } from '../sim/index.js';

/** Exit codes, one per outcome (documented in the README). Only cli/ decides them. */
export const EXIT = {
  ok: 0,
  /** A checker failed: a safety or liveness violation (including a known anomaly shown). */
  violation: 1,
  /** Bad usage or input. */
  usage: 2,
  /** Inconclusive: a run hit a limit (events, wall-clock budget) or a check timed out. */
  inconclusive: 3,
  /** Nondeterminism: two runs of one seed differ, or a handler used ambient time/randomness. */
  nondeterminism: 4,
  /** A protocol handler or checker threw. */
  crash: 5,
  /** A failure found beyond the scenario's declared assumptions (--beyond, --failure-model): not a protocol bug. */
  outsideAssumptions: 6,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeForViolation(kind: 'safety' | 'liveness' | 'crash' | 'nondeterminism' | 'limit'): ExitCode {
  switch (kind) {
    case 'safety':
    case 'liveness':
      return EXIT.violation;
    case 'limit':
      return EXIT.inconclusive;
    case 'nondeterminism':
      return EXIT.nondeterminism;
    case 'crash':
      return EXIT.crash;
  }
}

/**
 * An output file that could not be written mid-run (a full disk): what was found is printed and the
 * verdict's own code stands when it is a failure; a clean run becomes inconclusive, since its report is lost.
 */
export function withOutputProblem(code: ExitCode): ExitCode {
  return code === EXIT.ok ? EXIT.inconclusive : code;
}

/** A run's exit code: a failure beyond the scenario's assumptions has its own. */
export function exitCodeForResult(result: RunResult): ExitCode {
  if (result.ok) return EXIT.ok;
  return result.outsideAssumptions ? EXIT.outsideAssumptions : exitCodeForViolation(result.violation.kind);
}
