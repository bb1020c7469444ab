/** Value equality for history values: identical primitives, or plain data with the same JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Histories write "nothing" as null or undefined; models keep null. */
export function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}
