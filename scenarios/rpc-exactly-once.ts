import { EXACTLY_ONCE } from '../protocols/rpc/index.js';
import { RPC_CRASH_FAULTS, rpcScenario } from './rpc-common.js';

export const rpcExactlyOnce = rpcScenario({
  name: 'rpc-exactly-once',
  description: 'RPC with xids, a durable dedup table synced before replying and unbounded retries: every call runs exactly once across network faults and server crash-recovery',
  design: EXACTLY_ONCE,
  faults: { ...RPC_CRASH_FAULTS, name: 'rpc-exactly-once' },
});
