export { balanceChecker } from './balance.js';
export { indexCalls, describeCall, type CallIndex, type CallRecord, type Outcome } from './calls.js';
export { completionChecker } from './completion.js';
export { executionsChecker } from './executions.js';
export { kvChecker } from './kv.js';
export { subsetSums } from './subset-sums.js';
