import type { Violation } from '../simulation.js';

/**
 * Message shape: the violation message with run-specific details replaced, so that failures of one
 * cause on different seeds group together. Fault ids go first (they contain node ids and numbers),
 * then node or process ids (`n3`, `c1.2`), long hex (digests), then any remaining number.
 */
export function messageShape(message: string): string {
  return message
    .replace(/\b(?:drop|duplicate|reorder|corrupt):[\w.-]+>[\w.-]+#\d+/g, '<fault>')
    .replace(/\b(?:partition|crash)#\d+/g, '<fault>')
    .replace(/\bbyz:[\w.-]+#\d+/g, '<fault>')
    .replace(/\b[a-zA-Z]+\d+(?:\.\d+)?\b/g, '<id>')
    .replace(/\b[0-9a-f]{8,}\b/g, '<hex>')
    .replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g, '<n>');
}

/** A failure's group key: kind, checker and message shape. */
export function failureSignature(violation: Pick<Violation, 'kind' | 'checker' | 'message'>): string {
  return `${violation.kind} ${violation.checker}: ${messageShape(violation.message)}`;
}
