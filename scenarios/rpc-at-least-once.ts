import { AT_LEAST_ONCE } from '../protocols/rpc/index.js';
import { RPC_NETWORK_FAULTS, rpcScenario } from './rpc-common.js';

export const rpcAtLeastOnce = rpcScenario({
  name: 'rpc-at-least-once',
  description: 'RPC with retries and no dedup table under drops, duplicates, reordering, corruption: a non-idempotent debit runs twice (known anomaly)',
  design: AT_LEAST_ONCE,
  faults: { ...RPC_NETWORK_FAULTS, name: 'rpc-at-least-once' },
  knownAnomaly:
    'at-least-once executes every copy of a call that reaches the server, so when a reply is lost, a call is duplicated in flight or a slow execution outlasts the timeout, the retry runs a non-idempotent debit again: the balance drifts from what the acknowledged operations imply (and a late duplicate put can overwrite a newer value)',
});
