/**
 * The determinism guard: while a simulation runs, ambient time, randomness and asynchrony throw a
 * DeterminismError that names the node and event. The engine keeps private references to the real
 * clock for its own wall-time budget, which never decides what happens in a run.
 */

import { createRequire, syncBuiltinESMExports } from 'node:module';
import { promiseHooks } from 'node:v8';

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
  /** The value put in place, or for an accessor (performance.timeOrigin) the getter. */
  replacement?: unknown;
  getter?: () => unknown;
  original?: PropertyDescriptor;
}

const g = globalThis as unknown as Record<string, unknown>;
const require = createRequire(import.meta.url);
/** The CommonJS object behind `node:crypto`; patched, then synced into its ESM named exports. */
const nodeCrypto = require('node:crypto') as Record<string, unknown>;

/**
 * Date with the clock taken out: `new Date()` and `Date()` read the wall clock and throw, while
 * `new Date(value)`, Date.parse and Date.UTC compute from their arguments and stay allowed. It
 * shares Date.prototype, so `instanceof Date` holds for dates made before or during the run.
 */
const RealDate = Date;
function guardedDateConstructor(): DateConstructor {
  const GuardedDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) forbidden('Date()', 'use ctx.nowMs (virtual time)')();
    if (args.length === 0) forbidden('new Date()', 'use new Date(ctx.nowMs) for a date at virtual time')();
    return Reflect.construct(RealDate, args, new.target as typeof RealDate);
  } as unknown as DateConstructor & Record<string, unknown>;
  Object.defineProperty(GuardedDate, 'prototype', { value: RealDate.prototype });
  GuardedDate.parse = RealDate.parse;
  GuardedDate.UTC = RealDate.UTC;
  GuardedDate.now = forbidden('Date.now()', 'use ctx.nowMs (virtual time)');
  return GuardedDate;
}

let depth = 0;

/**
 * A function of a builtin module, replaced by a wrapper that throws while the guard is installed and
 * otherwise calls the builtin. Such functions are also ESM named exports (`import { randomBytes }
 * from 'node:crypto'`), which only syncBuiltinESMExports() updates, and syncing every builtin's
 * exports twice a run cost ~0.15 ms a seed (measured, fuzz of small scenarios): in place of the
 * builtin, the wrapper stays between runs. In place of anything else (a test's fake timers), it is
 * put in for the run only and that value restored after it, as every other patch is.
 */
interface SwitchedPatch {
  target: Record<string, unknown>;
  key: string;
  /** The builtin, as this module found it when it loaded. */
  builtin: unknown;
  wrapper: unknown;
  /** The descriptor to restore after the run, when the wrapper replaced something else for it. */
  restore: PropertyDescriptor | undefined;
}

function switchedPatch(target: object, key: string, name: string, instead: string): SwitchedPatch {
  const refuse = forbidden(name, instead);
  const builtin = (target as Record<string, unknown>)[key] as (...args: unknown[]) => unknown;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    if (depth > 0) refuse();
    return builtin.apply(this, args);
  };
  return { target: target as Record<string, unknown>, key, builtin, wrapper, restore: undefined };
}

function switchedHrtime(): SwitchedPatch {
  const patch = switchedPatch(process, 'hrtime', 'process.hrtime()', 'use ctx.nowUs (virtual time)');
  const refuse = forbidden('process.hrtime.bigint()', 'use ctx.nowUs (virtual time)');
  const bigint = process.hrtime.bigint;
  (patch.wrapper as Record<string, unknown>).bigint = () => {
    if (depth > 0) refuse();
    return bigint();
  };
  return patch;
}

/** A plain function, not an arrow, so that `new` reaches it and it throws our error. */
function forbiddenConstructor(name: string, instead: string): unknown {
  const refuse = forbidden(`new ${name}()`, instead);
  return function () {
    refuse();
  };
}

const patches: Patch[] = [
  { target: Math, key: 'random', replacement: forbidden('Math.random()', 'use ctx.random() or ctx.rng') },
  { target: g, key: 'Date', replacement: guardedDateConstructor() },
  { target: performance, key: 'now', replacement: forbidden('performance.now()', 'use ctx.nowUs (virtual time)') },
  { target: performance, key: 'timeOrigin', getter: forbidden('performance.timeOrigin', 'use ctx.nowMs (virtual time)') },
  { target: g, key: 'setTimeout', replacement: forbidden('setTimeout()', 'use ctx.setTimer()') },
  { target: g, key: 'setInterval', replacement: forbidden('setInterval()', 'use ctx.setTimer()') },
  { target: g, key: 'setImmediate', replacement: forbidden('setImmediate()', 'handlers are synchronous') },
  { target: g, key: 'queueMicrotask', replacement: forbidden('queueMicrotask()', 'handlers are synchronous') },
  { target: g, key: 'WeakRef', replacement: forbiddenConstructor('WeakRef', 'what the garbage collector frees depends on the process, not the seed') },
  { target: g, key: 'FinalizationRegistry', replacement: forbiddenConstructor('FinalizationRegistry', 'what the garbage collector frees depends on the process, not the seed') },
  // node:crypto's own getRandomValues is a fixed getter onto globalThis.crypto's, patched below.
];
/** Patches of builtin modules' functions (ESM named exports too): see switchedPatch(). */
const builtinPatches: SwitchedPatch[] = [
  switchedHrtime(),
  switchedPatch(process, 'uptime', 'process.uptime()', 'use ctx.nowMs (virtual time)'),
  switchedPatch(process, 'nextTick', 'process.nextTick()', 'handlers are synchronous'),
  ...['randomBytes', 'randomFillSync', 'randomFill', 'randomInt', 'randomUUID'].map((key) => switchedPatch(nodeCrypto, key, `crypto.${key}()`, 'use ctx.random()')),
];

if (typeof globalThis.crypto === 'object') {
  patches.push(
    { target: globalThis.crypto, key: 'getRandomValues', replacement: forbidden('crypto.getRandomValues()', 'use ctx.random()') },
    { target: globalThis.crypto, key: 'randomUUID', replacement: forbidden('crypto.randomUUID()', 'use ctx.random()') },
  );
}

/**
 * Promises, async functions and `await` never reach a global a patch could replace, so a V8
 * promise hook watches for them instead. A hook cannot throw (V8 would abort the process), so it
 * records the first promise a handler makes and the engine turns that into the error when the
 * handler returns (takeAsyncUse). Outside handlers (the engine, checkers) it records nothing.
 */
let asyncUse: string | undefined;
let stopPromiseHook: (() => void) | undefined;
function onPromiseCreated(): void {
  if (asyncUse !== undefined) return;
  const position = guardPosition.describe?.();
  if (position !== undefined) asyncUse = `a Promise (async function, await, .then or Promise.resolve) created ${position}: handlers are synchronous; do the work in this handler or schedule it with ctx.setTimer()`;
}

/** The first promise made by a handler since the last call, as an error; the engine throws it. */
export function takeAsyncUse(): DeterminismError | undefined {
  if (asyncUse === undefined) return undefined;
  const error = new DeterminismError(asyncUse);
  asyncUse = undefined;
  return error;
}

/** Installs the guard; nested calls are counted so that only the outermost uninstalls it. */
export function installGuard(): void {
  if (depth++ > 0) return;
  let replaced = false;
  for (const patch of builtinPatches) {
    const current = patch.target[patch.key];
    if (current === patch.wrapper) continue;
    const descriptor = Object.getOwnPropertyDescriptor(patch.target, patch.key);
    if (current !== patch.builtin) patch.restore = descriptor;
    Object.defineProperty(patch.target, patch.key, { value: patch.wrapper, writable: true, configurable: true, enumerable: descriptor?.enumerable ?? false });
    replaced = true;
  }
  if (replaced) syncBuiltinESMExports();
  for (const patch of patches) {
    patch.original = Object.getOwnPropertyDescriptor(patch.target, patch.key);
    const value = patch.getter ? { get: patch.getter } : { value: patch.replacement, writable: true };
    Object.defineProperty(patch.target, patch.key, { ...value, configurable: true, enumerable: patch.original?.enumerable ?? false });
  }
  asyncUse = undefined;
  stopPromiseHook = promiseHooks.onInit(onPromiseCreated) as () => void;
}

export function removeGuard(): void {
  if (--depth > 0) return;
  stopPromiseHook?.();
  stopPromiseHook = undefined;
  for (const patch of patches) {
    if (patch.original) Object.defineProperty(patch.target, patch.key, patch.original);
    else delete (patch.target as Record<string, unknown>)[patch.key];
  }
  let restored = false;
  for (const patch of builtinPatches) {
    if (!patch.restore) continue;
    Object.defineProperty(patch.target, patch.key, patch.restore);
    patch.restore = undefined;
    restored = true;
  }
  if (restored) syncBuiltinESMExports();
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
