import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult, type RunOptions, type Scenario } from '../../../scenarios/index.js';
import { deliverEveryCopyNode, noRelayNode, rbByzantineSmallQuorums, withLogic } from '../../fixtures/failure-models/broken-variants.js';
import { failStopScenario } from '../../../scenarios/failure-models.js';
import { prepareRun } from '../../../sim/index.js';

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
  for (const name of ['rb-fail-stop', 'rb-crash-stop', 'rb-omission', 'rb-crash-recovery', 'rb-byzantine']) {
    it(`${name} holds on seeds 1..12 and --swarm seeds 1..12`, () => {
      expect(describeFailure(failures(name, 12))).toBe('none');
      expect(describeFailure(failures(name, 12, { swarm: true }))).toBe('none');
    }, TIMEOUT_MS);
  }

  it('each scenario declares its level', () => {
    expect(runScenario('rb-crash-stop', { seed: 1 }).config.assumptions.failureModel).toBe('crash-stop');
    expect(runScenario('rb-omission', { seed: 1 }).config.assumptions.failureModel).toBe('omission');
    expect(runScenario('rb-crash-recovery', { seed: 1 }).config.assumptions.failureModel).toBe('crash-recovery');
    expect(runScenario('rb-fail-stop', { seed: 1 }).config.assumptions.failureModel).toBe('fail-stop');
    expect(runScenario('rb-byzantine', { seed: 1 }).config.assumptions.failureModel).toBe('byzantine');
  });
});

describe('failure-model hierarchy: one level up breaks it, reported as outside the assumptions', () => {
  const cases = [
    { name: 'rb-crash-stop', up: 'omission', faults: 'omissionWeight=2', checker: 'rb-agreement', why: /never delivered/ },
    { name: 'rb-omission', up: 'crash-recovery', faults: 'crashRecoveryWeight=2', checker: 'rb-no-duplication', why: /twice/ },
    { name: 'rb-crash-recovery', up: 'byzantine', faults: 'byzantineNodes=1', checker: 'rb-no-duplication', why: /which nobody broadcast/ },
    { name: 'rb-fail-stop', up: 'omission', faults: 'omissionWeight=2', checker: 'rb-agreement', why: /never delivered/ },
    // Above Byzantine there is no model, only more of it: 2 liars of 5 is f ≥ n/3.
    { name: 'rb-byzantine', up: 'max-faulty', faults: 'byzantineNodes=2', checker: 'rb-consistency', why: /delivered p\d#\d+ (with body|as)/ },
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

describe('fail-stop: the perfect failure detector', () => {
  it('reports a crash-stop to every other live node as an fd.crash timer, delayMs later; a run without it reports nothing', () => {
    const observed = (detector: boolean): string[] => {
      const seen: string[] = [];
      const logic = { init: () => ({}), onMessage: () => undefined, onTimer: (_s: unknown, timer: { name: string; data?: unknown }, ctx: { id: string; nowMs: number }) => void seen.push(`${ctx.id} ${timer.name} ${String(timer.data)} @${ctx.nowMs}`) };
      const scenario: Scenario = {
        name: 'fd-probe',
        description: 'three silent nodes',
        defaultTimeMs: 1000,
        faults: failStopScenario('x', false).faults,
        assumptions: failStopScenario('x', false).assumptions!,
        setup: () => ({ nodes: ['a', 'b', 'c'].map((id) => ({ id, logic })), checkers: [], ...(detector ? { failureDetector: { delayMs: 20 } } : {}) }),
      };
      const prepared = prepareRun(scenario, { seed: 1, faults: 'none' });
      prepared.sim.at(100, (sim) => sim.crash('b', 'stop'));
      prepared.sim.at(200, (sim) => sim.crash('c', 'recover'));
      prepared.sim.run();
      return seen;
    };
    // Only the crash-stop is reported (a crash-recovery is not fail-stop), to the nodes up at the time.
    expect(observed(true)).toEqual(['a fd.crash b @120', 'c fd.crash b @120']);
    expect(observed(false)).toEqual([]);
  });

  it('without the detector the same crash-stops break lazy broadcast (an origin stopped half-way is never relayed): caught within seeds 1..20; rb-fail-stop holds on that seed', () => {
    const found = failures(failStopScenario('rb-no-detector', false), 20);
    expect(describeFailure(found.slice(0, 1))).toMatch(/^seed \d+: rb-agreement: p\d never delivered/);
    expect(runScenario('rb-fail-stop', { seed: found[0]!.seed }).ok).toBe(true);
  }, TIMEOUT_MS);
});

describe('Byzantine: quorums sized for lies', () => {
  it('Bracha with f + 1 quorums (enough for crashes, not lies) is caught by rb-consistency on seed 1; the real quorums hold there', () => {
    const result = runScenario(rbByzantineSmallQuorums(), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('rb-consistency');
    expect(result.violation.message).toMatch(/delivered p\d#\d+ (as|with body)/);
    expect(runScenario('rb-byzantine', { seed: 1 }).ok).toBe(true);
  }, TIMEOUT_MS);
});
