export * from './messages.js';
export * from './relay-node.js';
export * from './checkers.js';
export * from './adversary.js';
export * from './bracha.js';
export * from './byzantine-checkers.js';
export * from './lazy-node.js';
