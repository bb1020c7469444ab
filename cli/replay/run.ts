import {
  prepareRun,
  reproOf,
  summarize,
  traceHeader,
  type FuzzTarget,
  type PreparedRun,
  type RunOptions,
  type RunResult,
  type TraceSink,
} from '../../sim/index.js';
import { GuardedTraceWriter } from '../output/guarded-trace.js';
import { TeeSink, TimelineWindow } from './timeline.js';

export interface ReplayRun {
  prepared: PreparedRun;
  result: RunResult;
  window: TimelineWindow;
  /** Set when --trace could not be written whole (a full disk): one line for stderr. */
  traceProblem?: string;
}

/** Events shown on each side of the timeline's centre. */
export const TIMELINE_RADIUS = 8;

/**
 * Re-runs one seed with the sinks replay needs: the timeline window, optionally a trace file and a
 * comparison with a recorded trace. Recording mode (node state history) only when state is asked for.
 */
export function replayRun(target: FuzzTarget, options: RunOptions, sinks: { until?: number; record: boolean; tracePath?: string; extra?: TraceSink }): ReplayRun {
  const window = new TimelineWindow(TIMELINE_RADIUS, sinks.until);
  const writer = sinks.tracePath ? new GuardedTraceWriter(sinks.tracePath) : undefined;
  const all: TraceSink[] = [window, ...(writer ? [writer] : []), ...(sinks.extra ? [sinks.extra] : [])];
  try {
    const prepared = prepareRun(target.scenario, { ...options, record: sinks.record, trace: new TeeSink(all) });
    writer?.writeHeader(traceHeader(target.scenario.name, reproOf(target.ref, options), prepared.config));
    prepared.sim.run();
    const result = summarize(prepared, target.ref);
    writer?.writeFooter({ digest: result.digest, events: result.stats.events, ok: result.ok, ...(result.ok ? {} : { violation: result.violation }) });
    writer?.close();
    return { prepared, result, window, ...(writer?.problem ? { traceProblem: writer.problem } : {}) };
  } finally {
    writer?.close();
  }
}
