import { describe, expect, it } from 'vitest';
import { runScenario, type Checker, type RunResult, type Scenario } from '../../../scenarios/index.js';
import {
  AT_MOST_ONCE,
  EXACTLY_ONCE,
  balanceChecker,
  completionChecker,
  executionsChecker,
  kvChecker,
} from '../../../protocols/rpc/index.js';
import { RPC_CRASH_FAULTS, RPC_INITIAL_BALANCE, RPC_NETWORK_FAULTS, RPC_SERVER, RPC_SETTLE_MS } from '../../../scenarios/rpc-common.js';
import { brokenScenario, impatientClient, noDedupServer, noRetryClient, optimisticClient, uncheckedServer, volatileTableServer, type BrokenSpec } from '../../fixtures/rpc/broken-variants.js';

/** Seeds 1..maxSeeds in order; the first failing result, if any. */
function firstFailure(scenario: Scenario, maxSeeds: number): RunResult | undefined {
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const result = runScenario(scenario, { seed });
    if (!result.ok) return result;
  }
  return undefined;
}

/** The broken variant fails the checker within maxSeeds; the same setup with the real parts does not. */
function expectCaught(spec: BrokenSpec, maxSeeds: number, messagePattern: RegExp): void {
  const failure = firstFailure(brokenScenario(spec), maxSeeds);
  expect(failure, `${spec.name} should fail ${spec.checker().name} within ${maxSeeds} seeds`).toBeDefined();
  expect(failure!.ok).toBe(false);
  if (failure!.ok) return;
  expect(failure!.violation.checker).toBe(spec.checker().name);
  expect(failure!.violation.message).toMatch(messagePattern);
  const control: BrokenSpec = { ...spec, name: `${spec.name}-control` };
  delete control.server;
  delete control.client;
  const controlResult = runScenario(brokenScenario(control), { seed: failure!.seed });
  expect(controlResult.ok, `the correct parts must pass seed ${failure!.seed}`).toBe(true);
}

const network: BrokenSpec['faults'] = { ...RPC_NETWORK_FAULTS, name: 'test-network' };
const executions = (semantics: Parameters<typeof executionsChecker>[0]) => (): Checker => executionsChecker(semantics);

describe('rpc checkers catch broken variants (test/fixtures/rpc)', () => {
  it('rpc-executions: RPC without dedup under an at-most-once claim runs a call twice (within 5 seeds)', () => {
    expectCaught({ name: 'no-dedup', design: AT_MOST_ONCE, faults: network, server: noDedupServer, checker: executions('at-most-once') }, 5, /executed twice/);
  });

  it('rpc-executions: exactly-once with a volatile table runs a call twice across a crash (within 20 seeds)', () => {
    expectCaught(
      { name: 'volatile-exactly-once', design: EXACTLY_ONCE, faults: RPC_CRASH_FAULTS, server: volatileTableServer, checker: executions('exactly-once') },
      20,
      /executed twice/,
    );
  });

  it('rpc-executions: an optimistic stub acknowledges a call that never ran (within 10 seeds)', () => {
    expectCaught(
      { name: 'optimistic', design: AT_MOST_ONCE, faults: { ...network, dropProbability: 0.5 }, client: optimisticClient, checker: executions('at-most-once') },
      10,
      /acknowledged but never executed/,
    );
  });

  it('rpc-executions: an impatient stub under an exactly-once claim gives up on a call (within 3 seeds)', () => {
    expectCaught(
      { name: 'impatient', design: EXACTLY_ONCE, faults: network, client: impatientClient, checker: executions('exactly-once') },
      3,
      /ended without a reply: exactly-once must retry/,
    );
  });

  it('rpc-executions: a server that skips checksums executes a call nobody made (within 10 seeds)', () => {
    expectCaught(
      { name: 'unchecked-xid', design: AT_MOST_ONCE, faults: { ...network, corruptProbability: 0.3 }, server: uncheckedServer, checker: executions('at-most-once') },
      10,
      /no client called|executed twice/,
    );
  });

  it('rpc-balance: RPC without dedup debits twice (within 5 seeds)', () => {
    expectCaught(
      { name: 'no-dedup-bank', design: AT_MOST_ONCE, faults: network, server: noDedupServer, workload: { bankShare: 1 }, checker: () => balanceChecker(RPC_SERVER, RPC_INITIAL_BALANCE) },
      5,
      /final balance .* executed more than once/,
    );
  });

  it('rpc-balance: a server that skips checksums applies a corrupted amount (within 10 seeds)', () => {
    expectCaught(
      {
        name: 'unchecked-amount',
        design: AT_MOST_ONCE,
        faults: { ...network, corruptProbability: 0.3 },
        server: uncheckedServer,
        workload: { bankShare: 1 },
        checker: () => balanceChecker(RPC_SERVER, RPC_INITIAL_BALANCE),
      },
      10,
      /final balance/,
    );
  });

  it('rpc-kv: RPC without dedup lets a late duplicate put overwrite a newer value (within 10 seeds)', () => {
    expectCaught(
      { name: 'no-dedup-kv', design: AT_MOST_ONCE, faults: network, server: noDedupServer, workload: { bankShare: 0 }, checker: () => kvChecker(RPC_SERVER) },
      10,
      /latest acknowledged put/,
    );
  });

  it('rpc-completion: a stub without retransmission leaves a lost call unanswered (within 3 seeds)', () => {
    expectCaught(
      { name: 'no-retry', design: EXACTLY_ONCE, faults: network, client: noRetryClient, checker: () => completionChecker(RPC_SETTLE_MS) },
      3,
      /has no answer at the end/,
    );
  });
});
