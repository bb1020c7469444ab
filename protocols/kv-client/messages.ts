/** Client-facing messages shared by the replicated key-value stores (chain, primary-backup). */

export type KvFunction = 'get' | 'put' | 'append';

/**
 * A client request. `reqId` is unique per operation and kept across retries, so a replica that has
 * already applied the request recognises a retry and never applies it twice.
 */
export interface KvRequest {
  type: 'kv.request';
  reqId: string;
  f: KvFunction;
  key: string;
  /** The value to put or append (unused by get). */
  value: string;
}

/** The answer to a request: for get, the value read (null when the key is absent). */
export interface KvReply {
  type: 'kv.reply';
  reqId: string;
  value: string | null;
}

export type KvClientMessage = KvRequest | KvReply;
