/**
 * The durable client speaks the RPC protocol unchanged (calls, replies, pending marks with
 * checksums): what changes is only what the client remembers across its own crashes.
 */
export { isIntact, seal, xidOf, type CallMessage, type ReplyMessage, type RpcMessage, type RpcRequest } from '../rpc/index.js';
