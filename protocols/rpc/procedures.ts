import type { DurableStorage } from '../../sim/storage.js';
import type { RpcRequest, RpcResult } from './messages.js';

export const BALANCE_KEY = 'balance';
export const kvKey = (key: string): string => `kv:${key}`;

/**
 * The server's procedures, over its durable storage (the "database": it survives crash-recovery,
 * whatever the dedup table does). debit and credit are not idempotent; put is, get is read-only.
 */
export function executeProcedure(storage: DurableStorage, request: RpcRequest): RpcResult {
  switch (request.proc) {
    case 'debit':
    case 'credit': {
      const delta = request.proc === 'debit' ? -request.amount : request.amount;
      const balance = (storage.get<number>(BALANCE_KEY) ?? 0) + delta;
      storage.put(BALANCE_KEY, balance);
      return balance;
    }
    case 'put':
      storage.put(kvKey(request.key), request.value);
      return 'ok';
    case 'get':
      return storage.get<string>(kvKey(request.key)) ?? '';
    default:
      // Only reachable when a corrupted call slips past a missing checksum check.
      return `unknown procedure ${String((request as { proc: unknown }).proc)}`;
  }
}
