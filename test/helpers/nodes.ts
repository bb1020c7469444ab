import { NO_FAULTS, Simulation, type Checker, type FaultProfile, type NodeLogic, type NodeSpec } from '../../sim/index.js';

/** Small node logics for engine tests. Each run gets its own instances: no state shared across tests. */

export interface Numbered {
  type: 'test.seq';
  seq: number;
}

/** Sends `count` numbered messages to `to`, one every `gapMs`. */
export function sender(to: string, count: number, gapMs = 1): NodeLogic<{ next: number }, Numbered> {
  return {
    init: (ctx) => {
      ctx.setTimer(gapMs, 'send');
      return { next: 1 };
    },
    onMessage: () => {},
    onTimer: (state, _timer, ctx) => {
      ctx.send(to, { type: 'test.seq', seq: state.next });
      state.next++;
      if (state.next <= count) ctx.setTimer(gapMs, 'send');
    },
  };
}

/** Records the sequence numbers it receives, and whether each arrived corrupted (seq not an integer in range). */
export function receiver(): NodeLogic<{ received: number[] }, Numbered> {
  return {
    init: () => ({ received: [] }),
    onMessage: (state, _from, msg) => {
      state.received.push(msg.seq);
    },
  };
}

export function profile(overrides: Partial<FaultProfile>): FaultProfile {
  return { ...NO_FAULTS, name: 'test', ...overrides };
}

export function simulation(nodes: NodeSpec[], overrides: Partial<FaultProfile> = {}, runMs = 100_000, checkers: Checker[] = []): Simulation {
  return new Simulation({ seed: '7', nodes, profile: profile(overrides), runMs, checkers });
}
