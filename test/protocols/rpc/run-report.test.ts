import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../scenarios/index.js';
import { EXIT, exitCodeForViolation } from '../../../cli/exit-codes.js';
import { formatResult } from '../../../cli/format.js';

describe('faultline run on an rpc anomaly seed', () => {
  it('rpc-at-most-once-volatile seed 8: exit 1 and the anomaly explained in a sentence', () => {
    const result = runScenario('rpc-at-most-once-volatile', { seed: 8 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(exitCodeForViolation(result.violation.kind)).toBe(EXIT.violation);
    const text = formatResult(result);
    expect(text).toContain('known anomaly: the dedup table lived in volatile memory');
    expect(text).toContain('faultline replay rpc-at-most-once-volatile --seed 8');
  });

  it('rpc-exactly-once seed 8 holds: exit 0, no anomaly', () => {
    const result = runScenario('rpc-exactly-once', { seed: 8 });
    expect(result.ok).toBe(true);
    expect(formatResult(result)).not.toContain('known anomaly');
  });
});
