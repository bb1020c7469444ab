export * from './messages.js';
export * from './sample.js';
export * from './node.js';
export * from './checkers.js';
