/**
 * A hook that says "a simulation run starts now", for a supervisor outside the process: a handler
 * that never returns cannot be stopped from inside (the engine checks its wall budget between
 * events), so `replay` and `shrink` run in a child process whose parent stops it when one run
 * outlasts the seed timeout. Unset (the default), it costs one check per run.
 */
let listener: (() => void) | undefined;
/** Told every 1,024 events a run handles: `run` of a module scenario is stopped when it goes silent. */
let progressListener: (() => void) | undefined;

export function setRunStartListener(next: (() => void) | undefined): void {
  listener = next;
}

export function noteRunStart(): void {
  listener?.();
}

export function setRunProgressListener(next: (() => void) | undefined): void {
  progressListener = next;
}

export function noteRunProgress(): void {
  progressListener?.();
}
