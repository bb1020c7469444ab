import * as nodeCrypto from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Simulation, type NodeLogic } from '../../sim/index.js';
import { profile, simulation } from '../helpers/nodes.js';

/** Every ambient source of time, randomness and asynchrony a handler can reach, and what the error names. */
const ambient: [string, string, () => unknown][] = [
  ['Math.random', 'Math.random()', () => Math.random()],
  ['Date.now', 'Date.now()', () => Date.now()],
  ['new Date()', 'new Date()', () => new Date()],
  ['Date() called as a function', 'Date()', () => (Date as unknown as () => string)()],
  ['performance.now', 'performance.now()', () => performance.now()],
  ['performance.timeOrigin', 'performance.timeOrigin', () => performance.timeOrigin],
  ['process.hrtime', 'process.hrtime()', () => process.hrtime()],
  ['process.hrtime.bigint', 'process.hrtime.bigint()', () => process.hrtime.bigint()],
  ['process.uptime', 'process.uptime()', () => process.uptime()],
  ['setTimeout', 'setTimeout()', () => setTimeout(() => {}, 1)],
  ['setInterval', 'setInterval()', () => setInterval(() => {}, 1)],
  ['setImmediate', 'setImmediate()', () => setImmediate(() => {})],
  ['queueMicrotask', 'queueMicrotask()', () => queueMicrotask(() => {})],
  ['process.nextTick', 'process.nextTick()', () => process.nextTick(() => {})],
  ['globalThis.crypto.getRandomValues', 'crypto.getRandomValues()', () => globalThis.crypto.getRandomValues(new Uint8Array(4))],
  ['globalThis.crypto.randomUUID', 'crypto.randomUUID()', () => globalThis.crypto.randomUUID()],
  ['node:crypto getRandomValues', 'crypto.getRandomValues()', () => nodeCrypto.getRandomValues(new Uint8Array(4))],
  ['node:crypto randomBytes', 'crypto.randomBytes()', () => nodeCrypto.randomBytes(4)],
  ['node:crypto randomInt', 'crypto.randomInt()', () => nodeCrypto.randomInt(10)],
  ['node:crypto randomFillSync', 'crypto.randomFillSync()', () => nodeCrypto.randomFillSync(new Uint8Array(4))],
  ['node:crypto randomUUID (named import)', 'crypto.randomUUID()', () => randomUUID()],
  ['new WeakRef', 'new WeakRef()', () => new WeakRef({})],
  ['new FinalizationRegistry', 'new FinalizationRegistry()', () => new FinalizationRegistry(() => {})],
  // No global to patch for these: V8's promise hook sees them. None returns its promise.
  ['Promise.resolve().then, not returned', 'Promise', () => void Promise.resolve(1).then((x) => x)],
  ['an async function called, not returned', 'Promise', () => void (async () => {})()],
  ['an async function that awaits, not returned', 'Promise', () => void (async () => { await null; })()],
  ['new Promise, not returned', 'Promise', () => void new Promise(() => {})],
];

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
  for (const [name, named, call] of ambient) {
    it(`${name} in a handler ends the run as nondeterminism, naming the node and event`, () => {
      const sim = simulation([{ id: 'n7', logic: cheater(call) }], {}, 100);
      const violation = sim.run();
      expect(violation?.kind).toBe('nondeterminism');
      expect(violation?.checker).toBe('determinism-guard');
      expect(violation?.message).toContain(named);
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
    const realDate = Date;
    simulation([{ id: 'n1', logic: cheater(() => Math.random()) }], {}, 100).run();
    expect(typeof Math.random()).toBe('number');
    expect(Date.now()).toBeGreaterThan(0);
    expect(Date).toBe(realDate);
    expect(new Date().getTime()).toBeGreaterThan(0);
    expect(process.hrtime.bigint()).toBeGreaterThan(0n);
    expect(performance.timeOrigin).toBeGreaterThan(0);
    expect(nodeCrypto.randomBytes(2).length).toBe(2);
    expect(randomUUID()).toMatch(/^[0-9a-f-]{36}$/);
    expect(new WeakRef({}).deref()).toBeDefined();
  });

  it('guards a replacement made between runs (fake timers) and gives it back after the run', () => {
    const real = process.nextTick;
    const calls: string[] = [];
    const fake = ((callback: () => void) => void calls.push(typeof callback)) as typeof process.nextTick;
    process.nextTick = fake;
    try {
      const violation = simulation([{ id: 'n1', logic: cheater(() => process.nextTick(() => {})) }], {}, 100).run();
      expect(violation?.message).toContain('process.nextTick()');
      expect(calls).toEqual([]);
      // After the run the replacement is back, exactly, and is what a call reaches.
      expect(process.nextTick).toBe(fake);
      process.nextTick(() => {});
      expect(calls).toEqual(['function']);
    } finally {
      process.nextTick = real;
    }
  });

  it('lets a handler compute with dates from values: new Date(ms), Date.parse, Date.UTC, instanceof', () => {
    const seen: string[] = [];
    const logic = cheater(() => {
      const at = new Date(1_700_000_000_000);
      seen.push(at.toISOString(), String(Date.parse('2020-01-01T00:00:00Z')), String(Date.UTC(2020, 0, 1)), String(at instanceof Date));
    });
    expect(simulation([{ id: 'n1', logic }], {}, 100).run()).toBeUndefined();
    expect(seen).toEqual(['2023-11-14T22:13:20.000Z', '1577836800000', '1577836800000', 'true']);
  });

  it('lets the engine and checkers make promises outside handlers (only a handler is watched)', () => {
    const sim = simulation([{ id: 'n1', logic: cheater(() => {}) }], {}, 100);
    sim.at(50, () => void Promise.resolve(), 'scripted promise');
    expect(sim.run()).toBeUndefined();
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
