import type { Violation } from '../simulation.js';

/** Longest message shape kept: past this, details differ from seed to seed without meaning. */
const MAX_SHAPE_LENGTH = 160;

/**
 * Message shape: the violation message with run-specific details replaced, so that failures of one
 * cause on different seeds group together. Only the headline before the first `;` counts (checkers
 * put the per-run evidence after it: lists of operations, values) and parenthesised details become
 * (…); quoted values become <s>; fault
 * ids go first (they contain node ids and numbers), then node or process ids (`n3`, `c1.2`), long
 * hex (digests), then any remaining number.
 */
export function messageShape(message: string): string {
  let headline = message.split(';')[0] as string;
  // Parenthesised details (innermost first) vary by run: which key, which events, which values.
  for (let previous = ''; previous !== headline; ) {
    previous = headline;
    headline = headline.replace(/\([^()]*\)/g, '\u27e8…\u27e9');
  }
  const shape = headline
    .replace(/\u27e8…\u27e9/g, '(…)')
    .replace(/'[^']*'|"[^"]*"/g, '<s>')
    .replace(/\b(?:drop|duplicate|reorder|corrupt):[\w.-]+>[\w.-]+#\d+/g, '<fault>')
    .replace(/\b(?:partition|crash)#\d+/g, '<fault>')
    .replace(/\bbyz:[\w.-]+#\d+/g, '<fault>')
    .replace(/\b[a-zA-Z]+\d+(?:\.\d+)?\b/g, '<id>')
    .replace(/\b[0-9a-f]{8,}\b/g, '<hex>')
    .replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g, '<n>')
    .trim();
  return shape.length > MAX_SHAPE_LENGTH ? `${shape.slice(0, MAX_SHAPE_LENGTH)}…` : shape;
}

/** A failure's group key: kind, checker and message shape. */
export function failureSignature(violation: Pick<Violation, 'kind' | 'checker' | 'message'>): string {
  return `${violation.kind} ${violation.checker}: ${messageShape(violation.message)}`;
}
