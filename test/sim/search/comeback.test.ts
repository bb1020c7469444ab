import { describe, expect, it } from 'vitest';
import { prepareRun, runFuzz, runOptionsOf, runScenarioOnce, summarize, type Scenario, type TraceEvent } from '../../../sim/index.js';
import { plantedBug } from '../../../bench/planted/index.js';
import { findScenario } from '../../../scenarios/registry.js';

const scenario = (name: string): Scenario => findScenario(name)!;
const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

interface Step {
  fault: string;
  groups: string[][];
  oneWay: boolean;
  /** Each server's Raft role at that instant ('-' when down). */
  roles: Record<string, string>;
}

/** Runs a Raft scenario under comeback, noting each comeback partition and every server's role at that instant. */
function comebackSteps(base: Scenario, seed: number): { steps: Step[]; ok: boolean; checker: string | undefined; copies: number } {
  const steps: Step[] = [];
  let copies = 0;
  const prepared = prepareRun(base, {
    seed,
    strategy: 'comeback',
    trace: {
      write: (event: TraceEvent) => {
        const fault = (event as { fault?: string }).fault;
        if (!fault?.startsWith('comeback-')) return;
        if (event.type === 'net.duplicate') copies++;
        if (event.type !== 'fault.partition') return;
        const roles = Object.fromEntries(SERVERS.map((id) => [id, prepared.sim.nodeState<{ role: string }>(id)?.role ?? '-']));
        const partition = event as unknown as { groups: string[][]; oneWay: boolean };
        steps.push({ fault, groups: partition.groups, oneWay: partition.oneWay, roles });
      },
    },
  });
  prepared.sim.run();
  const result = summarize(prepared);
  return { steps, ok: result.ok, checker: result.ok ? undefined : result.violation.checker, copies };
}

describe('comeback: a leader cut off with a minority leads again', () => {
  it('cuts off the node that leads (read from traffic alone) with a minority, and cuts the same node off again when it is back as leader', () => {
    let cuts = 0;
    let cutLeaders = 0;
    let backs = 0;
    // About half the seeds stage a leader's comeback (the others a follower's, test/sim/search/laggard.test.ts).
    for (let seed = 1; seed <= 16; seed++) {
      const run = comebackSteps(scenario('raft-kv'), seed);
      expect(run.ok, `seed ${seed}`).toBe(true);
      let cutNode = '';
      for (const step of run.steps) {
        if (step.fault.startsWith('comeback-cut#')) {
          cuts++;
          const side = step.groups[0]!;
          // A minority with the leader: two of five.
          expect(side.length).toBe(2);
          cutNode = side.find((id) => step.roles[id] === 'leader') ?? '';
          if (cutNode) cutLeaders++;
        } else if (step.fault.startsWith('comeback-back#')) {
          backs++;
          const [alone, unreached] = step.groups as [string[], string[]];
          // Back as leader, its sends reach one witness (itself, witness and its old minority make three).
          expect(alone).toEqual([cutNode]);
          expect(step.roles[cutNode]).toBe('leader');
          expect(step.oneWay).toBe(true);
          expect(unreached.length).toBe(3);
        }
      }
    }
    expect(cuts).toBeGreaterThanOrEqual(8);
    expect(cutLeaders / cuts).toBeGreaterThanOrEqual(0.8);
    expect(backs).toBeGreaterThanOrEqual(2);
  }, 120_000);
});

describe('comeback: what it finds, and how it replays', () => {
  const bug = plantedBug('raft-ack-any-term')!;
  const SEED = 32;

  it(`finds raft-ack-any-term at seed ${SEED} (an ack of the superseded term commits on two of five); the product passes it; plain random does not find it there`, () => {
    // The old leader is cut off with one follower and appends; the successor is struck; the old leader
    // leads again with a log no longer than the follower's old ack, which arrives while its sends reach one node.
    const found = comebackSteps(bug.scenario, SEED);
    expect(found.checker).toBe('raft-leader-completeness');
    expect(found.copies).toBeGreaterThan(0);
    expect(runScenarioOnce(bug.scenario, { seed: SEED, strategy: 'comeback' }).config.search).toMatch(/comebacks/);
    expect(comebackSteps(scenario('raft-kv'), SEED).ok).toBe(true);
    expect(runScenarioOnce(bug.scenario, { seed: SEED }).ok).toBe(true);
  }, 60_000);

  it('same seed, same digest; a fuzz failure replays alone from its repro', async () => {
    const report = await runFuzz(
      { scenario: bug.scenario, ref: bug.scenario.name, source: { module: new URL('../../../bench/planted/index.ts', import.meta.url).href, name: bug.scenario.name } },
      { seeds: `${SEED}..${SEED}`, strategy: 'comeback', workers: 1 },
    );
    expect(report.failures.length).toBe(1);
    const failure = report.failures[0]!;
    expect(failure.strategy).toBe('comeback');
    expect(runScenarioOnce(bug.scenario, runOptionsOf(failure.reproValue)).digest).toBe(failure.digest);
    for (const name of ['primary-backup-kv', 'raft-election']) {
      const first = runScenarioOnce(scenario(name), { seed: 4, strategy: 'comeback' });
      expect(runScenarioOnce(scenario(name), { seed: 4, strategy: 'comeback' }).digest).toBe(first.digest);
    }
  }, 120_000);

  it('its cuts, strikes and late copies are faults with their own ids: masked, they are gone and the bug is not found', () => {
    const faults = (mask: string[]): { ok: boolean; ids: string[] } => {
      const ids: string[] = [];
      const result = runScenarioOnce(bug.scenario, {
        seed: SEED,
        strategy: 'comeback',
        mask,
        trace: {
          write: (event) => {
            const fault = (event as { fault?: string }).fault;
            if (fault?.startsWith('comeback-') && !ids.includes(fault)) ids.push(fault);
          },
        },
      });
      return { ok: result.ok, ids };
    };
    const all = faults([]);
    expect(all.ok).toBe(false);
    const copies = all.ids.filter((id) => id.startsWith('comeback-late:'));
    expect(copies.length).toBeGreaterThan(0);
    expect(all.ids.some((id) => /^comeback-back#\d+$/.test(id))).toBe(true);
    // Without its late answers the returning leader commits nothing on a minority.
    const masked = faults(copies);
    expect(masked.ids.filter((id) => id.startsWith('comeback-late:'))).toEqual([]);
    expect(masked.ok).toBe(true);
  }, 60_000);
});
