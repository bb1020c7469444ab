/**
 * The determinism guard: while a simulation runs, ambient time, randomness and asynchrony throw a
 * DeterminismError that names the node and event. The engine keeps private references to the real
 * clock for its own wall-time budget, which never decides what happens in a run.
 */

export class DeterminismError extends Error {
  override readonly name = 'DeterminismError';
}

/** Wall clock for limits and reports only; never for anything that decides the simulation. */
const realPerformanceNow = performance.now.bind(performance);
export function wallClockMs(): number {
  return realPerformanceNow();
}

/**
 * Asked, only when the guard fires, where the engine is ("in node n1 handling timer.fire (event 7)"),
 * so that an error can say who did it without the engine writing its position on every event.
 */
export const guardPosition: { describe: (() => string | undefined) | undefined } = { describe: undefined };

function where(): string {
  return guardPosition.describe?.() ?? 'outside any node handler (engine, checker or scenario code)';
}

function forbidden(name: string, instead: string): () => never {
  return () => {
    throw new DeterminismError(`${name} called ${where()}: ${instead}`);
  };
}

interface Patch {
  target: object;
  key: string;
  replacement: unknown;
  original?: unknown;
}

const g = globalThis as unknown as Record<string, unknown>;
const patches: Patch[] = [
  { target: Math, key: 'random', replacement: forbidden('Math.random()', 'use ctx.random() or ctx.rng') },
  { target: Date, key: 'now', replacement: forbidden('Date.now()', 'use ctx.nowMs (virtual time)') },
  { target: performance, key: 'now', replacement: forbidden('performance.now()', 'use ctx.nowUs (virtual time)') },
  { target: g, key: 'setTimeout', replacement: forbidden('setTimeout()', 'use ctx.setTimer()') },
  { target: g, key: 'setInterval', replacement: forbidden('setInterval()', 'use ctx.setTimer()') },
  { target: g, key: 'setImmediate', replacement: forbidden('setImmediate()', 'handlers are synchronous') },
  { target: g, key: 'queueMicrotask', replacement: forbidden('queueMicrotask()', 'handlers are synchronous') },
];
if (typeof globalThis.crypto === 'object') {
  patches.push(
    { target: globalThis.crypto, key: 'getRandomValues', replacement: forbidden('crypto.getRandomValues()', 'use ctx.random()') },
    { target: globalThis.crypto, key: 'randomUUID', replacement: forbidden('crypto.randomUUID()', 'use ctx.random()') },
  );
}

let depth = 0;

/** Installs the guard; nested calls are counted so that only the outermost uninstalls it. */
export function installGuard(): void {
  if (depth++ > 0) return;
  for (const patch of patches) {
    const target = patch.target as Record<string, unknown>;
    patch.original = target[patch.key];
    target[patch.key] = patch.replacement;
  }
}

export function removeGuard(): void {
  if (--depth > 0) return;
  for (const patch of patches) (patch.target as Record<string, unknown>)[patch.key] = patch.original;
  guardPosition.describe = undefined;
}

/** Runs fn with the guard installed, always restoring the real functions afterwards. */
export function guarded<T>(fn: () => T): T {
  installGuard();
  try {
    return fn();
  } finally {
    removeGuard();
  }
}
