import { bareHeapLoop } from '../heap-loop.js';
import { engineNoopLoop } from '../engine-noop.js';
import { interleavedRates } from '../measure.js';
import { peerRow, type BenchRow } from '../rows.js';

export interface EngineSizes {
  /** Events per repetition. */
  events: number;
  rounds: number;
  /** Pending events (the heap's size): nodes × timers per node in the engine. */
  nodes: number;
  timersPerNode: number;
}

export interface EngineFigures {
  engineEventsPerSecond: number;
  heapEventsPerSecond: number;
}

/** Engine no-op events against the bare heap loop, interleaved in the same process. */
export function measureEngine(sizes: EngineSizes): EngineFigures {
  const pending = sizes.nodes * sizes.timersPerNode;
  const [heap, engine] = interleavedRates(
    [
      () => {
        bareHeapLoop(pending, sizes.events);
        return sizes.events;
      },
      () => engineNoopLoop({ nodes: sizes.nodes, timersPerNode: sizes.timersPerNode, events: sizes.events }),
    ],
    sizes.rounds,
  );
  return { engineEventsPerSecond: engine as number, heapEventsPerSecond: heap as number };
}

export function engineRow(figures: EngineFigures, sizes: EngineSizes): BenchRow {
  return peerRow(
    'engine no-op events (fast mode, no trace)',
    figures.engineEventsPerSecond,
    'events/s',
    figures.heapEventsPerSecond,
    `bare (time, seq) heap ${(figures.heapEventsPerSecond / 1e6).toFixed(2)} M/s`,
    0.7,
    `${sizes.nodes} nodes × ${sizes.timersPerNode} timers re-armed in onTimer (${sizes.nodes * sizes.timersPerNode} pending); median of ${sizes.rounds} interleaved rounds of ${sizes.events.toLocaleString('en-US')} events, per CPU second`,
  );
}
