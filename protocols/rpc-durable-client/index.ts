export * from './messages.js';
export * from './durable-client.js';
export * from './checkers.js';
