import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type RunOptions, type Scenario } from '../../../scenarios/index.js';
import { deliverEveryCopyNode, noRelayNode, withLogic } from '../../fixtures/failure-models/broken-variants.js';

const TIMEOUT_MS = 120_000;

function failures(scenario: string | Scenario, seeds: number, options: Omit<RunOptions, 'seed'> = {}): RunResult[] {
  const out: RunResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(scenario, { seed, ...options });
    if (!result.ok) out.push(result);
  }
  return out;
}

const describeFailure = (results: RunResult[]): string => results.map((r) => (r.ok ? '' : `seed ${r.seed}: ${r.violation.checker}: ${r.violation.message}`)).join('\n') || 'none';

describe('failure-model hierarchy: each level survives its own model', () => {
  for (const name of ['rb-crash-stop', 'rb-omission', 'rb-crash-recovery']) {
    it(`${name} holds on seeds 1..12 and --swarm seeds 1..12`, () => {
      expect(describeFailure(failures(name, 12))).toBe('none');
      expect(describeFailure(failures(name, 12, { swarm: true }))).toBe('none');
    }, TIMEOUT_MS);
  }

  it('each scenario declares its level', () => {
    expect(runScenario('rb-crash-stop', { seed: 1 }).config.assumptions.failureModel).toBe('crash-stop');
    expect(runScenario('rb-omission', { seed: 1 }).config.assumptions.failureModel).toBe('omission');
    expect(runScenario('rb-crash-recovery', { seed: 1 }).config.assumptions.failureModel).toBe('crash-recovery');
  });
});

describe('failure-model hierarchy: one level up breaks it, reported as outside the assumptions', () => {
  const cases = [
    { name: 'rb-crash-stop', up: 'omission', faults: 'omissionWeight=2', checker: 'rb-agreement', why: /never delivered/ },
    { name: 'rb-omission', up: 'crash-recovery', faults: 'crashRecoveryWeight=2', checker: 'rb-no-duplication', why: /twice/ },
    { name: 'rb-crash-recovery', up: 'byzantine', faults: 'byzantineNodes=1', checker: 'rb-no-duplication', why: /which nobody broadcast/ },
  ];
  for (const { name, up, faults, checker, why } of cases) {
    it(`${name} --beyond ${up} --faults ${faults}: caught within seeds 1..10, outside the assumptions`, () => {
      const found = failures(name, 10, { faults, beyond: [up] });
      expect(found.length).toBeGreaterThan(0);
      const first = found[0]!;
      if (first.ok) return;
      expect(first.violation.checker).toBe(checker);
      expect(first.violation.message).toMatch(why);
      expect(first.outsideAssumptions).toBe(true);
      // Without --beyond the same request stays inside the model, and the seed holds.
      expect(runScenario(name, { seed: first.seed, faults }).ok).toBe(true);
    }, TIMEOUT_MS);
  }
});

describe('failure-model checkers catch broken broadcasts', () => {
  it('best-effort broadcast (no relaying, one send at a time): an origin that stops half-way is caught by rb-agreement (seeds 1..20)', () => {
    const found = failures(withLogic('rb-no-relay', noRelayNode), 20);
    expect(found.some((r) => !r.ok && r.violation.checker === 'rb-agreement')).toBe(true);
  }, TIMEOUT_MS);

  it('delivering every copy is caught by rb-no-duplication on seed 1', () => {
    const result = runScenario(withLogic('rb-every-copy', deliverEveryCopyNode), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('rb-no-duplication');
  }, TIMEOUT_MS);
});
