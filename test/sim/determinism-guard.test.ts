import { describe, expect, it } from 'vitest';
import { Simulation, type NodeLogic } from '../../sim/index.js';
import { profile, simulation } from '../helpers/nodes.js';

const ambient: Record<string, () => unknown> = {
  'Math.random': () => Math.random(),
  'Date.now': () => Date.now(),
  'performance.now': () => performance.now(),
  setTimeout: () => setTimeout(() => {}, 1),
  setImmediate: () => setImmediate(() => {}),
  queueMicrotask: () => queueMicrotask(() => {}),
};

function cheater(call: () => unknown): NodeLogic {
  return {
    init: (ctx) => {
      ctx.setTimer(5, 'tick');
      return {};
    },
    onMessage: () => {},
    onTimer: () => {
      call();
    },
  };
}

describe('the determinism guard', () => {
  for (const [name, call] of Object.entries(ambient)) {
    it(`${name} in a handler ends the run as nondeterminism, naming the node and event`, () => {
      const sim = simulation([{ id: 'n7', logic: cheater(call) }], {}, 100);
      const violation = sim.run();
      expect(violation?.kind).toBe('nondeterminism');
      expect(violation?.checker).toBe('determinism-guard');
      expect(violation?.message).toContain(name);
      expect(violation?.message).toContain('node n7');
      expect(violation?.message).toContain('timer.fire');
    });
  }

  it('rejects a handler that returns a Promise', () => {
    const logic: NodeLogic = {
      init: (ctx) => {
        ctx.setTimer(1, 't');
        return {};
      },
      onMessage: () => {},
      onTimer: (async () => {}) as unknown as NodeLogic['onTimer'],
    };
    const asyncSim = simulation([{ id: 'n1', logic }], {}, 100);
    expect(asyncSim.run()?.message).toContain('Promise');
  });

  it('restores the real functions after the run', () => {
    simulation([{ id: 'n1', logic: cheater(() => Math.random()) }], {}, 100).run();
    expect(typeof Math.random()).toBe('number');
    expect(Date.now()).toBeGreaterThan(0);
  });
});

describe('run bounds', () => {
  const pingPong: NodeLogic = {
    init: (ctx) => {
      if (ctx.id === 'a') ctx.send('b', { type: 'ping' });
      return {};
    },
    onMessage: (_state, from, msg, ctx) => ctx.send(from, msg),
  };
  const nodes = () => [
    { id: 'a', logic: pingPong },
    { id: 'b', logic: pingPong },
  ];

  it('ends at the virtual time limit', () => {
    const sim = simulation(nodes(), {}, 1000);
    expect(sim.run()).toBeUndefined();
    expect(sim.stats.virtualTimeMs).toBe(1000);
  });

  it('ends with a limit result at the event limit', () => {
    const sim = new Simulation({ seed: '1', nodes: nodes(), profile: profile({}), runMs: 1e9, maxEvents: 5000 });
    const violation = sim.run();
    expect(violation?.kind).toBe('limit');
    expect(violation?.checker).toBe('max-events');
    // The bound is checked between steps; one step (a delivery and its reply) records two events.
    expect(sim.eventIndex).toBeGreaterThanOrEqual(5000);
    expect(sim.eventIndex).toBeLessThanOrEqual(5001);
  });

  it('ends with a limit result when the wall-clock budget is used up', () => {
    const sim = new Simulation({ seed: '1', nodes: nodes(), profile: profile({}), runMs: 1e12, wallBudgetMs: 0 });
    const violation = sim.run();
    expect(violation?.kind).toBe('limit');
    expect(violation?.checker).toBe('wall-budget');
  });
});
