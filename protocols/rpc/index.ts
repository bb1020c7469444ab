export * from './checkers/index.js';
export { rpcClient, type ClientOptions, type ClientState } from './client.js';
export * from './dedup-table.js';
export * from './design.js';
export * from './messages.js';
export { BALANCE_KEY, executeProcedure, kvKey } from './procedures.js';
export { rpcServer, type ServerOptions, type ServerState } from './server.js';
export { invokeInHistory, nextRequest, type WorkloadOptions } from './workload.js';
