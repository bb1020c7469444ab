import { describe, expect, it } from 'vitest';
import { prepareRun, runScenarioOnce, summarize, type Scenario, type TraceEvent } from '../../../sim/index.js';
import { plantedBug } from '../../../bench/planted/index.js';
import { findScenario } from '../../../scenarios/registry.js';

const scenario = (name: string): Scenario => findScenario(name)!;
const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

interface LaggardRun {
  ok: boolean;
  checker: string | undefined;
  laggard: string;
  /** The laggard's role when cut off, whether it held a snapshot right after the heal, and whether it led later. */
  roleWhenCut: string;
  healedBeforeWindowEnd: boolean;
  snapshotAfterHeal: boolean;
  ledAfterHeal: boolean;
  /** Roles of the nodes crashed by the strategy, at the instant before each crash. */
  struckRoles: string[];
  copies: number;
}

function laggardRun(base: Scenario, seed: number, mask: string[] = []): LaggardRun {
  const out: LaggardRun = { ok: true, checker: undefined, laggard: '', roleWhenCut: '', healedBeforeWindowEnd: false, snapshotAfterHeal: false, ledAfterHeal: false, struckRoles: [], copies: 0 };
  const roles = new Map<string, string>();
  let healedAtMs = -1;
  const prepared = prepareRun(base, {
    seed,
    strategy: 'laggard',
    mask,
    trace: {
      write: (event: TraceEvent) => {
        const fault = (event as { fault?: string }).fault;
        if (!fault?.startsWith('laggard-')) return;
        if (event.type === 'fault.partition') {
          out.laggard = (event as unknown as { groups: string[][] }).groups[0]![0]!;
          out.roleWhenCut = prepared.sim.nodeState<{ role: string }>(out.laggard)?.role ?? '-';
        } else if (event.type === 'fault.heal' && prepared.sim.nowMs < 14_000) {
          out.healedBeforeWindowEnd = true;
          healedAtMs = prepared.sim.nowMs;
        } else if (event.type === 'node.crash') out.struckRoles.push(roles.get((event as { node: string }).node) ?? '?');
        else if (event.type === 'net.duplicate') out.copies++;
      },
    },
  });
  const sim = prepared.sim;
  const watch = (): void => {
    for (const id of SERVERS) {
      const state = sim.nodeState<{ role: string; snapshot: unknown }>(id);
      if (state) roles.set(id, state.role);
      if (id !== out.laggard || healedAtMs < 0 || !state) continue;
      if (state.snapshot && sim.nowMs <= healedAtMs + 500) out.snapshotAfterHeal = true;
      if (state.role === 'leader') out.ledAfterHeal = true;
    }
    if (sim.nowMs < 14_000) sim.at(sim.nowMs + 1, watch);
  };
  sim.at(0, watch);
  sim.run();
  const result = summarize(prepared);
  out.ok = result.ok;
  out.checker = result.ok ? undefined : result.violation.checker;
  return out;
}

describe('laggard: a follower lagged until a state transfer comes to lead', () => {
  it('cuts off a follower, heals as the leader starts a snapshot transfer to it, and crashes leaders (raft-kv)', () => {
    let transfers = 0;
    let led = 0;
    let struck = 0;
    let struckLeaders = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const run = laggardRun(scenario('raft-kv'), seed);
      expect(run.ok, `seed ${seed}`).toBe(true);
      expect(run.roleWhenCut, `seed ${seed}`).toBe('follower');
      if (run.healedBeforeWindowEnd) {
        transfers++;
        // The new message type the leader sent was the snapshot: the laggard holds one right after.
        expect(run.snapshotAfterHeal, `seed ${seed}`).toBe(true);
      }
      if (run.ledAfterHeal) led++;
      struck += run.struckRoles.length;
      struckLeaders += run.struckRoles.filter((role) => role === 'leader').length;
    }
    expect(transfers).toBeGreaterThanOrEqual(5);
    expect(led).toBeGreaterThanOrEqual(1);
    expect(struckLeaders / struck).toBeGreaterThanOrEqual(0.7);
  }, 120_000);

  it('finds raft-snapshot-without-sessions at seed 5 (a put re-executed by a leader whose snapshot had no sessions); the product passes it; masking the late requests loses it', () => {
    const bug = plantedBug('raft-snapshot-without-sessions')!;
    const found = laggardRun(bug.scenario, 5);
    expect(found.checker).toBe('raft-linearizability');
    expect(found.ledAfterHeal).toBe(true);
    expect(found.copies).toBeGreaterThan(0);
    expect(laggardRun(scenario('raft-kv'), 5).ok).toBe(true);
    expect(runScenarioOnce(bug.scenario, { seed: 5 }).ok).toBe(true);
    const copies: string[] = [];
    runScenarioOnce(bug.scenario, {
      seed: 5,
      strategy: 'laggard',
      trace: {
        write: (event) => {
          const fault = (event as { fault?: string }).fault;
          if (event.type === 'net.duplicate' && fault?.startsWith('laggard-late:')) copies.push(fault);
        },
      },
    });
    expect(laggardRun(bug.scenario, 5, copies).ok).toBe(true);
  }, 60_000);

  it('same seed, same digest', () => {
    for (const name of ['raft-kv', 'primary-backup-kv']) {
      const first = runScenarioOnce(scenario(name), { seed: 3, strategy: 'laggard' });
      expect(runScenarioOnce(scenario(name), { seed: 3, strategy: 'laggard' }).digest).toBe(first.digest);
    }
  }, 60_000);
});
