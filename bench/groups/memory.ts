import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonlTraceWriter } from '../../sim/index.js';
import { noopSimulation } from '../engine-noop.js';
import { limitRow, unavailableRow, type BenchRow } from '../rows.js';

export interface TraceRunResult {
  events: number;
  digest: string;
}

/** Runs the no-op loop (100 nodes × 10 timers) for `events` events, streaming every event to `path`. */
export function traceRunToFile(events: number, path: string): TraceRunResult {
  const writer = new JsonlTraceWriter(path);
  try {
    writer.writeHeader({ benchmark: 'memory', events });
    const sim = noopSimulation({ nodes: 100, timersPerNode: 10, events, trace: writer });
    sim.run();
    const digest = sim.digestHex();
    writer.writeFooter({ digest });
    return { events: sim.stats.events, digest };
  } finally {
    writer.close();
  }
}

const CHILD = fileURLToPath(new URL('../memory-child.js', import.meta.url));

/** Peak RSS of a child process running `events` events with the trace streamed to a temp file (deleted after). */
export function memoryRow(events: number, limitMb = 300): BenchRow {
  const name = `memory: ${events.toLocaleString('en-US')}-event run, trace streamed to a file`;
  const path = join(tmpdir(), `faultline-bench-trace-${process.pid}.jsonl`);
  try {
    const child = spawnSync(process.execPath, [CHILD, String(events), path], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) return unavailableRow(name, `≤ ${limitMb} MB`, `the child failed: ${(child.stderr || '').trim().split('\n').pop()}`);
    const result = JSON.parse(child.stdout) as TraceRunResult & { peakRssKb: number; peakSource: string; maxRssKb: number };
    const traceMb = statSync(path).size / 1e6;
    const source =
      result.peakSource === 'VmHWM'
        ? `the child's VmHWM (its maxRSS, ${(result.maxRssKb / 1024).toFixed(0)} MB, includes this parent's high-water mark on Linux)`
        : `the child's process.resourceUsage().maxRSS`;
    return limitRow(name, result.peakRssKb / 1024, 'MB', limitMb, `peak RSS from ${source}; ${result.events.toLocaleString('en-US')} events, trace ${traceMb.toFixed(0)} MB (deleted)`);
  } finally {
    rmSync(path, { force: true });
  }
}
