export * from './messages.js';
export * from './job.js';
export * from './coordinator.js';
export * from './worker.js';
export * from './file-server.js';
export * from './checkers.js';
