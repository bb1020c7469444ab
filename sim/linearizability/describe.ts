import type { Operation } from './types.js';

/** `c1 put x "a" -> ok`: process, function, key, argument, and the result (`?` when unknown). */
export function describeOperation(op: Operation): string {
  const input = op.input as { f?: unknown; key?: unknown; value?: unknown } | null;
  const pending = op.returnUs === Infinity;
  const result = op.output === undefined ? '?' : showValue(op.output);
  if (input === null || typeof input !== 'object' || typeof input.f !== 'string') {
    return `${op.process} ${showValue(op.input)} -> ${result}${pending ? ' (indeterminate)' : ''}`;
  }
  const key = input.key === undefined ? '' : ` ${String(input.key)}`;
  const argument = input.value === undefined || input.value === null ? '' : ` ${showValue(input.value)}`;
  return `${op.process} ${input.f}${key}${argument} -> ${result}${pending ? ' (indeterminate)' : ''}`;
}

export function showValue(value: unknown): string {
  if (value === undefined) return '?';
  if (value === null) return 'nil';
  return JSON.stringify(value) ?? String(value);
}
