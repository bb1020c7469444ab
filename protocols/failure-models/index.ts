export * from './messages.js';
export * from './relay-node.js';
export * from './checkers.js';
export * from './adversary.js';
