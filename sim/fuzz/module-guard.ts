/**
 * A scenario module is user code that runs inside faultline's process: a module or a setup() that
 * misbehaves is the scenario's error (exit 5, one line naming it), never a silent exit or an
 * "internal error" that blames faultline.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** The message of anything thrown, on one line. */
export function thrownText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

// Taken when this module loads, before any scenario module can replace it.
const originalExit = process.exit;

/** How faultline itself ends the process while the guard is on. */
export function exitProcess(code: number): never {
  return originalExit.call(process, code);
}

export interface ExitGuard {
  /** The error the guard threw first, if scenario code called process.exit. */
  readonly tripped: ScenarioError | undefined;
  restore(): void;
}

/**
 * Makes process.exit throw until restored: a scenario module that calls it on import (or a handler
 * in a run) would otherwise end the whole process with its own exit code, 0 included, and CI would
 * read a green run. The throw reaches whoever loaded or ran that code, which reports it.
 */
export function guardProcessExit(): ExitGuard {
  let tripped: ScenarioError | undefined;
  const guarded = (code?: number | string | null): never => {
    const error = new ScenarioError(`scenario code called process.exit(${code ?? ''}); a scenario module, setup() or handler must not end the process`);
    tripped ??= error;
    throw error;
  };
  process.exit = guarded as typeof process.exit;
  return {
    get tripped() {
      return tripped;
    },
    restore: () => {
      if (process.exit === guarded) process.exit = originalExit;
    },
  };
}
