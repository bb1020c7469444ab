import { describe, expect, it } from 'vitest';
import { prepareRun, runScenarioOnce, summarize, type Scenario, type TraceEvent } from '../../../sim/index.js';
import { findScenario } from '../../../scenarios/registry.js';

const scenario = (name: string): Scenario => findScenario(name)!;

interface Deposition {
  node: string;
  fault: string;
  /** The node's Raft role at the moment it was deposed. */
  role: string;
}

/** Runs raft-kv under chain, noting each deposition and the deposed node's role at that instant. */
function depositions(seed: number): { depositions: Deposition[]; ok: boolean; digest: string } {
  const found: Deposition[] = [];
  const prepared = prepareRun(scenario('raft-kv'), {
    seed,
    strategy: 'chain',
    trace: {
      write: (event: TraceEvent) => {
        const fault = (event as { fault?: string }).fault;
        if (!fault?.startsWith('chain-') || fault.startsWith('chain-late:')) return;
        const node = event.type === 'fault.partition' ? (event as { groups: string[][] }).groups[0]![0]! : event.type === 'node.crash' || event.type === 'node.pause' ? (event as { node: string }).node : undefined;
        if (node === undefined) return;
        // Crash events come after the state is gone: the role is read from the last state seen.
        const state = prepared.sim.nodeState<{ role: string }>(node);
        found.push({ node, fault, role: state?.role ?? lastRole.get(node) ?? '?' });
      },
    },
  });
  const lastRole = new Map<string, string>();
  const sim = prepared.sim;
  const watch = (): void => {
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) {
      const state = sim.nodeState<{ role: string }>(id);
      if (state) lastRole.set(id, state.role);
    }
    if (sim.nowMs < 14_000) sim.at(sim.nowMs + 1, watch);
  };
  sim.at(0, watch);
  sim.run();
  const result = summarize(prepared);
  return { depositions: found, ok: result.ok, digest: result.digest };
}

describe('chain: chained depositions of each new leader', () => {
  it('deposes the node that leads (read from traffic alone), then the next one, on raft-kv', () => {
    const all: Deposition[] = [];
    let chained = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const run = depositions(seed);
      expect(run.ok, `seed ${seed}`).toBe(true);
      all.push(...run.depositions);
      if (new Set(run.depositions.map((d) => d.node)).size >= 2) chained++;
    }
    const leaders = all.filter((d) => d.role === 'leader').length;
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(leaders / all.length, JSON.stringify(all)).toBeGreaterThanOrEqual(0.8);
    expect(chained).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
