import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../../scenarios/index.js';
import { lamportRules } from '../../../protocols/clocks/lamport.js';
import { vectorRules } from '../../../protocols/clocks/vector.js';
import {
  courseNotesReceive,
  lamportByTwo,
  lamportNoMax,
  lamportNoTick,
  lamportScenarioWith,
  sendsUnrecorded,
  strictEverywhereCompare,
  sumCompare,
  vectorScenarioWith,
} from '../../fixtures/clocks/broken-clocks.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function failures(results: RunResult[]): string[] {
  return results.flatMap((r) => (r.ok ? [] : [`${r.violation.checker}: ${r.violation.message}`]));
}

describe('vector-clock-causality checker', () => {
  it.each(SEEDS)('holds for the standard rules (seed %i)', (seed) => {
    expect(failures([runScenario(vectorScenarioWith(vectorRules), { seed })])).toEqual([]);
  });

  it.each(SEEDS)('catches the course-notes receive rule v_j[j] = max(v_j[j], v_i[j]) (seed %i)', (seed) => {
    const result = runScenario(vectorScenarioWith(courseNotesReceive), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('vector-clock-causality');
    // The first symptom: a send → receive edge whose vectors are not ordered.
    expect(result.violation.message).toMatch(/#\d+ \(send\) → p\d+#\d+ \(receive\), but the clock's comparison says/);
  });

  it.each(SEEDS)('catches the "strictly less in every entry" comparison (seed %i)', (seed) => {
    const result = runScenario(vectorScenarioWith(strictEverywhereCompare), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/→ .*, but the clock's comparison says neither V\(a\) < V\(b\) nor V\(b\) < V\(a\)/);
  });

  it('catches a comparison that only holds one way, on a concurrent pair (seed 1)', () => {
    const result = runScenario(vectorScenarioWith(sumCompare), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/∥ .*\(concurrent\), but the clock's comparison says V\((a|b)\) < V\((b|a)\)/);
  });

  it('rejects a protocol that does not record its sends as clock events (seed 1)', () => {
    const result = runScenario(vectorScenarioWith(vectorRules, sendsUnrecorded), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/recorded 0 send event\(s\) in step \d+ but sent [1-9]\d* message\(s\)/);
  });

  it('reports a vector that is ordered correctly but is not the causal history (standard rules required)', () => {
    // Ticking by two keeps every order but breaks V(e)[j] = number of events of j in e's past.
    const byTwo = { ...vectorRules, name: 'vector (ticks by two)', tick: (clock: number[], self: number) => ((clock[self] = clock[self]! + 2), clock) };
    const result = runScenario(vectorScenarioWith(byTwo), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/has V\[p\d+\]=2, but 1 event\(s\) of p\d+ happened before or at it/);
  });
});

describe('lamport-clock-condition checker', () => {
  it.each(SEEDS)('holds for the standard rules, to the exact chain length (seed %i)', (seed) => {
    expect(failures([runScenario(lamportScenarioWith(lamportRules, true), { seed })])).toEqual([]);
  });

  it.each(SEEDS)('catches a receive without the max (seed %i)', (seed) => {
    const result = runScenario(lamportScenarioWith(lamportNoMax, false), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/\(send\) → p\d+#\d+ \(receive\) but L=\d+ is not less than L=\d+/);
  });

  it('catches a receive without the tick after the max (seed 1)', () => {
    const result = runScenario(lamportScenarioWith(lamportNoTick, false), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/→ .* but L=(\d+) is not less than L=\1$/);
  });

  it('accepts ticks by two as the clock condition, and rejects them as the standard rules (seed 1)', () => {
    expect(runScenario(lamportScenarioWith(lamportByTwo, false), { seed: 1 }).ok).toBe(true);
    const strict = runScenario(lamportScenarioWith(lamportByTwo, true), { seed: 1 });
    expect(strict.ok).toBe(false);
    if (strict.ok) return;
    expect(strict.violation.message).toMatch(/has L=2, but the longest causal chain ending at it has 1 events/);
  });
});
