/**
 * Child process of the memory benchmark: runs the no-op engine loop for N events with the trace
 * streamed to a JSONL file, then prints its own peak RSS. A fresh process, so that the figure is
 * this run's peak and nothing else's.
 *
 * Usage: node dist/bench/memory-child.js <events> <trace.jsonl>
 */
import { readFileSync } from 'node:fs';
import { traceRunToFile } from './groups/memory.js';

/**
 * This process's own peak RSS in KB. On Linux, getrusage's maxRSS (process.resourceUsage().maxRSS)
 * starts from the parent's high-water mark at fork/exec, so a large parent would show through; the
 * kernel's per-address-space VmHWM does not. Elsewhere maxRSS is all there is.
 */
function ownPeakRssKb(): { kb: number; source: string } {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return { kb: Number(match[1]), source: 'VmHWM' };
  } catch {
    // not Linux
  }
  return { kb: process.resourceUsage().maxRSS, source: 'maxRSS' };
}

const [eventsArg, path] = process.argv.slice(2);
const events = Number(eventsArg);
if (!(events > 0) || !path) {
  process.stderr.write('usage: memory-child <events> <trace.jsonl>\n');
  process.exitCode = 2;
} else {
  const result = traceRunToFile(events, path);
  const peak = ownPeakRssKb();
  process.stdout.write(JSON.stringify({ ...result, peakRssKb: peak.kb, peakSource: peak.source, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}
