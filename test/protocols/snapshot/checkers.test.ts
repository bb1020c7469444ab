import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../scenarios/index.js';
import { snapshotBankReordering } from '../../../scenarios/snapshot-bank.js';
import { bankScenarioWith, forgetsChannels, recordsAfterForwarding, skipsMarkerTo, withCheckers } from '../../fixtures/snapshot/broken-snapshots.js';

const SEEDS = [1, 2, 3, 4, 5];

describe('snapshot checkers catch broken snapshots', () => {
  it.each(SEEDS)('a node that records after forwarding the marker is caught (seed %i)', (seed) => {
    const result = runScenario(bankScenarioWith(recordsAfterForwarding), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.kind).toBe('safety');
    expect(['snapshot-consistent-cut', 'snapshot-conservation']).toContain(result.violation.checker);
  });

  it.each(SEEDS)('conservation alone catches recording after forwarding (seed %i)', (seed) => {
    const result = runScenario(bankScenarioWith(recordsAfterForwarding, ['snapshot-conservation']), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/^snapshot n\d#\d+ records \d+ tokens \(balances \d+ \+ in transit \d+\), but the bank holds 500$/);
  });

  it.each(SEEDS)('the consistent-cut checker alone catches recording after forwarding (seed %i)', (seed) => {
    const result = runScenario(bankScenarioWith(recordsAfterForwarding, ['snapshot-consistent-cut']), { seed });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.message).toMatch(/the cut is not consistent|sent it after its cut|the channel state omits it/);
  });

  it('a channel state that forgets its transfers is named (seed 1)', () => {
    const result = runScenario(bankScenarioWith(forgetsChannels), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('snapshot-consistent-cut');
    expect(result.violation.message).toMatch(/transfer n\d:\d+ \(\d+\) was in transit on n\d→n\d across the cut, but the channel state omits it/);
  });

  it('a snapshot whose markers never reach n3 fails liveness, naming what is missing (seed 1)', () => {
    const result = runScenario(bankScenarioWith((logic) => skipsMarkerTo('n3', logic)), { seed: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.kind).toBe('liveness');
    expect(result.violation.checker).toBe('snapshot-completes');
    expect(result.violation.message).toMatch(/never completed by 3000 ms: .*n\d→n3/);
  });

  it.each(['snapshot-consistent-cut', 'snapshot-conservation'])('over reordering links, %s alone catches a seed within 1..10', (checker) => {
    const caught = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((seed) => !runScenario(withCheckers(snapshotBankReordering, [checker]), { seed }).ok);
    expect(caught.length).toBeGreaterThan(0);
  });
});
