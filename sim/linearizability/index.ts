export type { CheckOptions, LinearizabilityResult, Model, Operation, OpInput, Verdict } from './types.js';
export { ModelInputError } from './types.js';
export { checkOperations } from './check.js';
export { operationsFromHistory } from './history.js';
export { linearizabilityChecker, formatViolation, type LinearizabilityChecker } from './checker.js';
export { describeOperation } from './describe.js';
export { casRegisterModel, makeCasRegisterModel, makeRegisterModel, registerModel, type RegisterModelOptions } from './register.js';
export { kvModel, partitionByKey } from './kv.js';
export { makeMultiRegisterModel } from './multi-register.js';
