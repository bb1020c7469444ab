import { writeFileSync } from 'node:fs';
import {
  mapSetReplacer,
  prepareRun,
  reproOf,
  summarize,
  traceHeader,
  type PreparedRun,
  type RunOptions,
  type RunResult,
  type Scenario,
  type TraceEvent,
  type TraceFile,
} from '../../scenarios/index.js';
import { OutputWriteError } from '../output/paths.js';
import { renderHtml } from './html/render-html.js';
import { encodeStateHistory } from './state-history.js';
import { lanesOf } from './trace-model.js';

/** One run in recording mode with its trace kept in memory, exactly as a trace file would hold it. */
export function recordedRun(scenario: Scenario, options: RunOptions, scenarioRef = scenario.name): { trace: TraceFile; prepared: PreparedRun; result: RunResult } {
  const events: TraceEvent[] = [];
  // A round trip through JSON, so that the page shows what a trace file would (Maps and Sets tagged).
  const sink = { write: (event: TraceEvent) => events.push(JSON.parse(JSON.stringify(event, mapSetReplacer)) as TraceEvent) };
  const prepared = prepareRun(scenario, { ...options, record: true, trace: sink });
  prepared.sim.run();
  const result = summarize(prepared, scenarioRef);
  const trace: TraceFile = {
    header: { type: 'trace.header', ...traceHeader(scenario.name, reproOf(scenarioRef, options), JSON.parse(JSON.stringify(result.config))) },
    events,
    footer: { type: 'trace.footer', digest: result.digest, events: result.stats.events, ok: result.ok, ...(result.ok ? {} : { violation: result.violation }) },
  };
  return { trace, prepared, result };
}

/**
 * The HTML page of a run given by (scenario, options, seed), for `replay --html`: one run in
 * recording mode that keeps its trace in memory, exactly as a trace file would hold it, and the
 * node states from that same run. `expectedDigest` is the digest the caller's own run gave; the
 * states are embedded only when this run reproduces it.
 */
export function runHtml(scenario: Scenario, options: RunOptions, expectedDigest?: string, scenarioRef = scenario.name): { html: string; digest: string; note: string } {
  const { trace, prepared, result } = recordedRun(scenario, options, scenarioRef);
  if (expectedDigest !== undefined && expectedDigest !== result.digest) {
    const note = `the recording run gave digest ${result.digest}, not ${expectedDigest}; node states are not shown`;
    return { html: renderHtml(trace, { statesNote: note }), digest: result.digest, note };
  }
  const recorder = prepared.sim.recorder!;
  const simIndex = new Map(prepared.sim.nodeIds.map((id, index) => [id, index]));
  const lanes = lanesOf(trace);
  const states = encodeStateHistory(lanes, (lane) => {
    const index = simIndex.get(lanes[lane] as string);
    return index === undefined ? [] : recorder.historyOf(index);
  });
  return { html: renderHtml(trace, { states }), digest: result.digest, note: `node states recorded in the same run (digest ${result.digest})` };
}

/** Writes `runHtml` to a file and returns the line to print on stderr. */
export function writeRunHtml(path: string, scenario: Scenario, options: RunOptions, expectedDigest?: string, scenarioRef = scenario.name): string {
  const { html, note } = runHtml(scenario, options, expectedDigest, scenarioRef);
  try {
    writeFileSync(path, html);
  } catch (error) {
    throw new OutputWriteError(path, error);
  }
  return `wrote ${path} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB): ${note}`;
}
