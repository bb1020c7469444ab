import {
  FAULTLINE_VERSION,
  JsonlTraceWriter,
  prepareRun,
  reproCommand,
  summarize,
  type FuzzTarget,
  type PreparedRun,
  type RunOptions,
  type RunResult,
  type TraceSink,
} from '../../sim/index.js';
import { TeeSink, TimelineWindow } from './timeline.js';

export interface ReplayRun {
  prepared: PreparedRun;
  result: RunResult;
  window: TimelineWindow;
}

/** Events shown on each side of the timeline's centre. */
export const TIMELINE_RADIUS = 8;

/**
 * Re-runs one seed with the sinks replay needs: the timeline window, optionally a trace file and a
 * comparison with a recorded trace. Recording mode (node state history) only when state is asked for.
 */
export function replayRun(target: FuzzTarget, options: RunOptions, sinks: { until?: number; record: boolean; tracePath?: string; extra?: TraceSink }): ReplayRun {
  const window = new TimelineWindow(TIMELINE_RADIUS, sinks.until);
  const writer = sinks.tracePath ? new JsonlTraceWriter(sinks.tracePath) : undefined;
  const all: TraceSink[] = [window, ...(writer ? [writer] : []), ...(sinks.extra ? [sinks.extra] : [])];
  try {
    const prepared = prepareRun(target.scenario, { ...options, record: sinks.record, trace: new TeeSink(all) });
    const { timeMs, faults, swarm, mask, onlyFaults, strategy } = options;
    writer?.writeHeader({
      version: FAULTLINE_VERSION,
      scenario: target.scenario.name,
      ...(target.ref !== target.scenario.name ? { scenarioRef: target.ref } : {}),
      seed: prepared.config.seed,
      options: { timeMs, faults, swarm, mask, onlyFaults, strategy },
      config: prepared.config,
    });
    prepared.sim.run();
    const result = summarize(prepared);
    if (!result.ok) result.repro = reproCommand({ ...result.config, scenario: target.ref }, target.scenario.defaultTimeMs);
    writer?.writeFooter({ digest: result.digest, events: result.stats.events, ok: result.ok, ...(result.ok ? {} : { violation: result.violation }) });
    return { prepared, result, window };
  } finally {
    writer?.close();
  }
}
