import { AT_MOST_ONCE_VOLATILE } from '../protocols/rpc/index.js';
import { RPC_CRASH_FAULTS, rpcScenario } from './rpc-common.js';

export const rpcAtMostOnceVolatile = rpcScenario({
  name: 'rpc-at-most-once-volatile',
  description: 'at-most-once RPC whose dedup table lives in volatile memory, with server crash-recovery: a call runs again after a restart (known anomaly)',
  design: AT_MOST_ONCE_VOLATILE,
  faults: { ...RPC_CRASH_FAULTS, name: 'rpc-at-most-once-volatile' },
  knownAnomaly:
    'the dedup table lived in volatile memory, so a server that ran a call and then crashed forgot it: a retransmission of that call (its reply lost or not yet in) or a late network duplicate reached the restarted server, which ran it a second time',
});
