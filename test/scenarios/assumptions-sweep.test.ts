import { describe, expect, it } from 'vitest';
import { assumptionsOf, NAMED_PROFILES, runScenario, SCENARIOS, toleratedKinds, type RunResult } from '../../scenarios/index.js';

/**
 * The bar at a small size: every correct scenario passes --swarm seeds and seeds of every
 * named profile (clamped to its assumptions) with no failure. The full size (1,000 seeds each) is a
 * README command; clocks-vector-1000 is left to it (one seed takes seconds).
 */
const CORRECT = SCENARIOS.filter((scenario) => !scenario.knownAnomaly && scenario.name !== 'clocks-vector-1000');
const SWARM_SEEDS = [1, 2, 3, 4];
const PROFILES = Object.keys(NAMED_PROFILES);

const failureText = (result: RunResult): string => (result.ok ? '' : `${result.violation.checker}: ${result.violation.message} (${result.repro})`);

describe('every correct scenario passes inside its assumptions', { timeout: 120_000 }, () => {
  it('covers the correct scenarios, each declaring its assumptions', () => {
    expect(CORRECT.map((scenario) => scenario.name)).toEqual(expect.arrayContaining(['raft-kv', 'chain-kv', 'primary-backup-kv', 'rpc-exactly-once', 'snapshot-bank']));
    for (const scenario of CORRECT) expect(scenario.assumptions, scenario.name).toBeDefined();
  });

  it.each(CORRECT.map((scenario) => scenario.name))('%s: --swarm seeds 1..4 and seed 1 of every named profile', (name) => {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    const failures: string[] = [];
    for (const seed of SWARM_SEEDS) {
      const result = runScenario(name, { seed, swarm: true });
      if (!result.ok) failures.push(`swarm seed ${seed}: ${failureText(result)}`);
      // The swarm stays inside the assumptions: no kind beyond them is on.
      expect(result.config.beyond).toEqual([]);
      if (!assumptionsOf(scenario).network.corrupt) expect(result.config.profile.corruptProbability).toBe(0);
    }
    for (const profile of PROFILES) {
      const result = runScenario(name, { seed: 1 + PROFILES.indexOf(profile), faults: profile });
      if (!result.ok) failures.push(`--faults ${profile}: ${failureText(result)}`);
    }
    expect(failures).toEqual([]);
  });

  it('the swarm turns on the tolerated kinds across seeds, and only those (raft-kv, the profiles of seeds 1..40)', async () => {
    const { prepareRun } = await import('../../sim/index.js');
    const raft = SCENARIOS.find((scenario) => scenario.name === 'raft-kv')!;
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { config } = prepareRun(raft, { seed, swarm: true });
      const p = config.profile;
      if (p.dropProbability > 0) seen.add('drop');
      if (p.partitionWeight > 0) seen.add('partition');
      if (p.crashRecoveryWeight > 0) seen.add('crash-recovery');
      if (p.pauseWeight > 0) seen.add('pause');
      if (p.omissionWeight > 0) seen.add('omission');
      if (p.clockDriftPpmMax > 0) seen.add('clock-drift');
      if (p.longDelayProbability > 0) seen.add('long-delay');
      expect(p.corruptProbability).toBe(0);
      expect(p.byzantineNodes).toBe(0);
      expect(config.swarmTargets?.nemesisNodes.length).toBeGreaterThan(0);
      if (config.swarmTargets!.nemesisNodes.length < 5) seen.add('node subset');
      if (config.swarmTargets!.links.length > 0) seen.add('lossy link');
    }
    expect([...seen].sort()).toEqual(['clock-drift', 'crash-recovery', 'drop', 'long-delay', 'lossy link', 'node subset', 'omission', 'partition', 'pause']);
    expect(toleratedKinds(raft.assumptions!)).not.toContain('corrupt');
  });
});
