/**
 * Deep copy of plain data (primitives, arrays, plain objects, Map, Set); frozen data is shared.
 * Reads through immer drafts, which structuredClone cannot, and is much cheaper than structuredClone
 * for the small values that protocols store and send. Primitives are returned as they are.
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  // A frozen array or plain object is taken to be deeply frozen (deepFreeze): immutable data is
  // shared, not copied, since nobody can mutate it (Raft's log entries are stored five times over).
  // Not so for Map and Set, whose contents stay mutable when the object is frozen.
  if (Object.isFrozen(value) && !(value instanceof Map) && !(value instanceof Set)) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyPlain(value[i]);
    return out as T;
  }
  if (value instanceof Map) {
    const out = new Map();
    for (const [k, v] of value) out.set(copyPlain(k), copyPlain(v));
    return out as T;
  }
  if (value instanceof Set) {
    const out = new Set();
    for (const v of value) out.add(copyPlain(v));
    return out as T;
  }
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): T }).slice();
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}

/** Freezes plain data all the way down, so accidental mutation throws instead of aliasing. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
  } else if (value instanceof Set) {
    for (const v of value) deepFreeze(v);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
