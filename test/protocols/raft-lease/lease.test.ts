import { describe, expect, it } from 'vitest';
import { NO_FAULTS, runScenario, type HistoryEvent, type RunResult, type Scenario } from '../../../scenarios/index.js';
import { leaseUs } from '../../../protocols/raft/index.js';
import { DEFAULT_RAFT_CONFIG } from '../../../protocols/raft/index.js';
import { RAFT_LIVENESS_BOUNDS, raftCluster } from '../../../scenarios/raft-kv.js';
import { prepareRun } from '../../../sim/index.js';

const TIMEOUT_MS = 180_000;

function firstFailure(scenario: string, seeds: number, options: { swarm?: boolean; timeMs?: number } = {}): RunResult | undefined {
  for (let seed = 1; seed <= seeds; seed++) {
    const result = runScenario(scenario, { seed, ...options });
    if (!result.ok) return result;
  }
  return undefined;
}

const describeFailure = (result: RunResult | undefined): string => (result && !result.ok ? `seed ${result.seed}: ${result.violation.checker}: ${result.violation.message}` : 'none');

/** A fault-free cluster with or without leases, to compare read latency. */
const calmCluster = (leaseReads: boolean): Scenario => ({
  name: `calm-${leaseReads ? 'lease' : 'readindex'}`,
  description: 'raft kv without faults',
  defaultTimeMs: 5000,
  faults: NO_FAULTS,
  setup: () => raftCluster({ servers: 5, clients: 4, thinkMsMean: 30, keys: ['x'], bounds: RAFT_LIVENESS_BOUNDS, raft: { leaseReads } }),
});

function meanReadLatencyMs(scenario: Scenario): number {
  const prepared = prepareRun(scenario, { seed: 1 });
  prepared.sim.run();
  const invokes = new Map<number, HistoryEvent>();
  const latencies: number[] = [];
  for (const event of prepared.sim.history) {
    if (event.type === 'invoke') invokes.set(event.op, event);
    else if (event.type === 'ok' && event.f === 'get') latencies.push((event.timeUs - invokes.get(event.op)!.timeUs) / 1000);
  }
  expect(latencies.length).toBeGreaterThan(50);
  return latencies.reduce((a, b) => a + b, 0) / latencies.length;
}

describe('raft leader leases', () => {
  it('the lease is the election timeout minus twice the drift bound: 300 ms · (1 − 2·100e-6)', () => {
    expect(leaseUs({ ...DEFAULT_RAFT_CONFIG, leaseReads: true, leaseDriftPpmMax: 100 })).toBe(299_940);
    expect(DEFAULT_RAFT_CONFIG.leaseReads).toBe(false);
  });

  it('lease reads skip the ReadIndex round: reads answer in less than half the time (seed 1, no faults)', () => {
    const withLease = meanReadLatencyMs(calmCluster(true));
    const withReadIndex = meanReadLatencyMs(calmCluster(false));
    expect(withLease).toBeLessThan(withReadIndex / 2);
  }, TIMEOUT_MS);

  it('raft-kv-lease is linearizable on seeds 1..8 (drift within 100 ppm, pauses, partitions, crashes)', () => {
    expect(describeFailure(firstFailure('raft-kv-lease', 8))).toBe('none');
  }, TIMEOUT_MS);

  it('raft-kv-lease --swarm holds on seeds 1..8', () => {
    expect(describeFailure(firstFailure('raft-kv-lease', 8, { swarm: true }))).toBe('none');
  }, TIMEOUT_MS);
});

describe('raft leader leases: a clock set back breaks them, and linearizability catches the stale read', () => {
  /** A calm cluster in which, at 3 s, the leader is cut off alone and its clock set back by 2 s (beyond the lease's assumptions). */
  const setBackLeader = (): Scenario => ({ ...calmCluster(true), name: 'lease-set-back', defaultTimeMs: 12_000, setup: () => raftCluster({ servers: 5, clients: 9, thinkMsMean: 60, keys: ['x'], bounds: RAFT_LIVENESS_BOUNDS, raft: { leaseReads: true } }) });

  it('leader partitioned and set back 2 s at 3 s: a stale read is caught within seeds 1..10', () => {
    let caught: string | undefined;
    for (let seed = 1; seed <= 10 && !caught; seed++) {
      const prepared = prepareRun(setBackLeader(), { seed });
      prepared.sim.at(3000, (sim) => {
        const servers = sim.nodeIds.filter((id) => id.startsWith('n'));
        const leader = servers.find((id) => sim.nodeState<{ role: string }>(id)?.role === 'leader')!;
        sim.partition([[leader], servers.filter((id) => id !== leader)], false, 'manual');
        sim.jumpClock(leader, -2000, 'manual');
      });
      prepared.sim.at(6000, (sim) => sim.heal('manual'));
      prepared.sim.run();
      const violation = prepared.sim.violation;
      if (violation) caught = `${violation.checker}: ${violation.message}`;
    }
    expect(caught).toMatch(/^raft-linearizability: /);
  }, TIMEOUT_MS);
});

describe('raft-kv-lease-drift: the known anomaly', () => {
  // Found by `fuzz raft-kv-lease-drift --seeds 1000`: seeds 182 and 601 fail (2 in 1,000).
  it('seed 182 serves a stale read, caught by linearizability; raft-kv-lease holds on the same seed', () => {
    const result = runScenario('raft-kv-lease-drift', { seed: 182 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.checker).toBe('raft-linearizability');
    expect(result.anomaly).toMatch(/lease/);
    expect(runScenario('raft-kv-lease', { seed: 182 }).ok).toBe(true);
  }, TIMEOUT_MS);
});
