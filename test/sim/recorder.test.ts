import { describe, expect, it } from 'vitest';
import { Simulation, type NodeLogic } from '../../sim/index.js';
import { profile } from '../helpers/nodes.js';

const counter: NodeLogic<{ count: number; log: number[] }> = {
  init: (ctx) => {
    ctx.setTimer(10, 'tick');
    return { count: 0, log: [] };
  },
  onMessage: () => {},
  onTimer: (state, _timer, ctx) => {
    state.count++;
    state.log.push(state.count * 10);
    ctx.setTimer(10, 'tick');
  },
};

describe('recording mode', () => {
  it('gives each node state at any event, and the same final state as fast mode', () => {
    const record = new Simulation({ seed: '1', nodes: [{ id: 'n1', logic: counter }], profile: profile({}), runMs: 55, record: true });
    const fast = new Simulation({ seed: '1', nodes: [{ id: 'n1', logic: counter }], profile: profile({}), runMs: 55 });
    record.run();
    fast.run();
    // Events: 0 node.init, then timer.fire at 1..5.
    expect(record.stateAt('n1', 0)).toEqual({ count: 0, log: [] });
    expect(record.stateAt('n1', 2)).toEqual({ count: 2, log: [10, 20] });
    expect(record.stateAt('n1', 5)).toEqual({ count: 5, log: [10, 20, 30, 40, 50] });
    expect(record.nodeState('n1')).toEqual(fast.nodeState('n1'));
    expect(record.digestHex()).toBe(fast.digestHex());
  });

  it('refuses stateAt in fast mode with a clear message', () => {
    const fast = new Simulation({ seed: '1', nodes: [{ id: 'n1', logic: counter }], profile: profile({}), runMs: 20 });
    fast.run();
    expect(() => fast.stateAt('n1', 1)).toThrow(/recording mode/);
  });
});
