import { describe, expect, it } from 'vitest';
import { NAMED_PROFILES, runScenarioOnce } from '../../../sim/index.js';
import { steadyProfile } from '../../../sim/search/steady.js';
import { findScenario } from '../../../scenarios/registry.js';
import { raftFixedTimeout } from '../../fixtures/search/raft-fixed-timeout.js';

describe('steady links', () => {
  it('draw one constant delay within the profile range and the delay bound', () => {
    const base = { ...NAMED_PROFILES.default!, delayMsMin: 2, delayMsSpread: 20 };
    expect(steadyProfile(base, 0, null)).toMatchObject({ delayMsMin: 2, delayMsSpread: 0 });
    expect(steadyProfile(base, 0.5, null)).toMatchObject({ delayMsMin: 12, delayMsSpread: 0 });
    expect(steadyProfile(base, 1, 5)).toMatchObject({ delayMsMin: 5, delayMsSpread: 0 });
    expect(steadyProfile(base, 0.5, null).dropProbability).toBe(base.dropProbability);
  });

  it('find a fixed election timeout (seeds 1..12) that the same seeds with jitter never show', () => {
    const failing = (strategy?: string): number[] => {
      const seeds: number[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        const result = runScenarioOnce(raftFixedTimeout, { seed, ...(strategy ? { strategy } : {}) });
        if (!result.ok) {
          expect(result.violation.checker).toBe('raft-liveness');
          seeds.push(seed);
        }
      }
      return seeds;
    };
    expect(failing('steady').length).toBeGreaterThan(0);
    expect(failing()).toEqual([]);
  }, 120_000);

  it('keep correct Raft elections live: raft-election seeds 1..12 pass, and a seed replays to the same digest', () => {
    const scenario = findScenario('raft-election')!;
    for (let seed = 1; seed <= 12; seed++) {
      const result = runScenarioOnce(scenario, { seed, strategy: 'steady' });
      expect(result.ok ? 'ok' : `seed ${seed}: ${result.violation.message}`).toBe('ok');
      if (seed === 1) expect(runScenarioOnce(scenario, { seed, strategy: 'steady' }).digest).toBe(result.digest);
      expect(result.config.search).toMatch(/no jitter/);
    }
  }, 120_000);
});
