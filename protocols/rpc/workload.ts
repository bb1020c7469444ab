import type { HistoryRecorder } from '../../sim/history.js';
import type { RandomStream } from '../../sim/random.js';
import type { RpcRequest } from './messages.js';

export interface WorkloadOptions {
  /** Share of calls that go to the bank account (the rest are put/get). */
  bankShare: number;
  amountMax: number;
  /** Keys per client: each key is written and read by one client only (the kv checker relies on it). */
  keysPerClient: number;
}

/** Draws the next call of a client. Put values are unique (`c1-7`), so a read names its write. */
export function nextRequest(options: WorkloadOptions, client: string, seq: number, rng: RandomStream): RpcRequest {
  if (rng.chance(options.bankShare)) {
    const amount = 1 + rng.int(options.amountMax);
    return rng.chance(0.5) ? { proc: 'debit', amount } : { proc: 'credit', amount };
  }
  const key = `${client}/k${rng.int(options.keysPerClient)}`;
  return rng.chance(0.5) ? { proc: 'put', key, value: `${client}-${seq}` } : { proc: 'get', key };
}

/** Records the invocation in the Jepsen-style history, following the project's conventions. */
export function invokeInHistory(history: HistoryRecorder, request: RpcRequest): number {
  switch (request.proc) {
    case 'debit':
    case 'credit':
      return history.invoke(request.proc, request.amount);
    case 'put':
      return history.invoke('put', request.value, request.key);
    case 'get':
      return history.invoke('get', undefined, request.key);
  }
}
