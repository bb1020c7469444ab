import { AT_MOST_ONCE } from '../protocols/rpc/index.js';
import { RPC_CRASH_FAULTS, rpcScenario } from './rpc-common.js';

export const rpcAtMostOnce = rpcScenario({
  name: 'rpc-at-most-once',
  description: 'RPC with xids and a durable dedup table, bounded retries: no call runs twice under network faults and server crash-recovery',
  design: AT_MOST_ONCE,
  faults: { ...RPC_CRASH_FAULTS, name: 'rpc-at-most-once' },
});
