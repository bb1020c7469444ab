import { NO_FAULTS, Simulation, type NodeLogic, type SimulationConfig } from '../sim/index.js';
import { noopDelay } from './heap-loop.js';

interface TickState {
  fired: number;
}

/**
 * A node that does nothing but re-arm its timers: every event goes through the real actor host
 * (queue, digest, handler call, ctx.setTimer) and nothing else.
 */
function tickerLogic(timersPerNode: number): NodeLogic<TickState> {
  return {
    init(ctx) {
      for (let t = 0; t < timersPerNode; t++) ctx.setTimer(noopDelay(t), 'tick');
      return { fired: 0 };
    },
    onMessage() {},
    onTimer(state, _timer, ctx) {
      ctx.setTimer(noopDelay(state.fired++), 'tick');
    },
  };
}

export interface NoopOptions {
  nodes: number;
  timersPerNode: number;
  events: number;
  record?: boolean;
  trace?: SimulationConfig['trace'];
}

export function noopSimulation(options: NoopOptions): Simulation {
  const logic = tickerLogic(options.timersPerNode);
  const nodes = Array.from({ length: options.nodes }, (_, i) => ({ id: `n${i + 1}`, logic }));
  return new Simulation({
    seed: '1',
    nodes,
    profile: { ...NO_FAULTS },
    // Ends on the event limit, long before this virtual time.
    runMs: Number.MAX_SAFE_INTEGER / 1000,
    maxEvents: options.events,
    record: options.record ?? false,
    ...(options.trace ? { trace: options.trace } : {}),
  });
}

/** Runs the no-op loop for `events` trace events; returns the number of events processed. */
export function engineNoopLoop(options: NoopOptions): number {
  const sim = noopSimulation(options);
  sim.run();
  const violation = sim.violation;
  if (violation && violation.checker !== 'max-events') throw new Error(`no-op run ended with ${violation.checker}: ${violation.message}`);
  return sim.stats.events;
}
