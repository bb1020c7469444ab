import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../../scenarios/index.js';
import { prepareRun } from '../../../sim/index.js';
import { raftKv } from '../../../scenarios/raft-kv.js';
import { raftElection } from '../../../scenarios/raft-election.js';

const failures = (results: RunResult[]): string[] =>
  results.flatMap((r) => (r.ok ? [] : [`seed ${r.seed}: ${r.violation.checker}: ${r.violation.message}`]));

describe('raft-kv', () => {
  it('seeds 1..300 (10 s runs: 4 s of nemesis, 6 s quiet) hold every checker', () => {
    const results: RunResult[] = [];
    for (let seed = 1; seed <= 300; seed++) results.push(runScenario('raft-kv', { seed, timeMs: 10_000 }));

    expect(failures(results)).toEqual([]);
    const faults = results.reduce((sum, r) => sum + r.stats.faults.partition + r.stats.faults['crash-recovery'], 0);
    expect(faults).toBeGreaterThan(300); // the nemesis really acted
  });

  it('seed 7 over the default 20 s carries at least 50 client operations per virtual second', () => {
    const result = runScenario('raft-kv', { seed: 7 });

    expect(failures([result])).toEqual([]);
    expect(result.stats.historyOps / (result.stats.virtualTimeMs / 1000)).toBeGreaterThanOrEqual(50);
  });

  it('seed 3 gives the same digest in fast and in recording (immer) mode', () => {
    const fast = runScenario('raft-kv', { seed: 3, timeMs: 4000 });
    const recorded = runScenario('raft-kv', { seed: 3, timeMs: 4000, record: true });

    expect(recorded.digest).toBe(fast.digest);
    expect(recorded.stats.events).toBe(fast.stats.events);
  });

  it('restores every node from storage after crash-recovery (seed 2 crashes nodes, logs survive)', () => {
    const { sim } = prepareRun(raftKv, { seed: 2 });
    sim.run();

    expect(sim.violation).toBeUndefined();
    expect(sim.stats.faults['crash-recovery']).toBeGreaterThan(0);
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(sim.storageOf(id).has('term')).toBe(true);
  });
});

describe('raft-election', () => {
  it('seeds 1..20 elect one leader per term and a leader soon after the faults end; elections are reported', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { sim } = prepareRun(raftElection, { seed });
      sim.run();

      expect(sim.violation).toBeUndefined();
      const elections = sim.outputs.filter((output) => output.name === 'raft.elected');
      expect(elections.length).toBeGreaterThan(0);
      for (const output of elections) expect((output.value as { campaignMs: number }).campaignMs).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('raft-kv-byzantine', () => {
  it('seeds 1..10: a safety violation is found and attributed to the Byzantine node', () => {
    const found: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const result = runScenario('raft-kv-byzantine', { seed });
      if (result.ok) continue;
      expect(result.violation.kind).toBe('safety');
      expect(result.anomaly).toMatch(/Raft assumes crash faults only/);
      expect(result.byzantine).toHaveLength(1);
      expect(result.violation.message).toContain(`Byzantine node ${result.byzantine![0]}`);
      found.push(result.violation.checker);
    }
    expect(found.length).toBeGreaterThanOrEqual(3);
  });
});
