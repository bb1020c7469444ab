import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithTrace } from '../../../cli/commands/run.js';
import { readTraceFile, resolveScenario, type RunOptions, type Scenario, type TraceEvent, type TraceFile } from '../../../scenarios/index.js';

/** Runs a scenario the way `faultline run --trace` does and reads the trace file back. */
export function recordTrace(scenario: string | Scenario, options: RunOptions): TraceFile {
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-export-')), 'trace.jsonl');
  runWithTrace(resolveScenario(scenario), options, path);
  return readTraceFile(path);
}

/** A trace file's shape around a hand-written list of events. */
export function handTrace(events: TraceEvent[], footer: Record<string, unknown> | undefined = { digest: '0', ok: true }): TraceFile {
  return { header: { type: 'trace.header', scenario: 'hand-written', seed: '1', config: { timeMs: 10, nodes: [{ id: 'a' }, { id: 'b' }] } }, events, footer };
}

export const countType = (trace: TraceFile, type: TraceEvent['type']): number => trace.events.filter((event) => event.type === type).length;

/** Messages that neither arrived nor were dropped by the end of the run. */
export function unfinishedSends(trace: TraceFile): number {
  const finished = new Set<number>();
  for (const event of trace.events) if (event.type === 'net.deliver' || event.type === 'net.drop') finished.add(event.msg);
  return trace.events.filter((event) => event.type === 'net.send' && !finished.has(event.msg)).length;
}
