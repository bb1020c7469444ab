import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/index.js';

describe('broadcast-gossip', () => {
  it('holds on seed 1 and is reproducible', () => {
    const first = runScenario('broadcast-gossip', { seed: 1 });
    const second = runScenario('broadcast-gossip', { seed: 1 });
    expect(first.ok).toBe(true);
    expect(second.digest).toBe(first.digest);
  });
});
