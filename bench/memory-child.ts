/**
 * Child process of the memory benchmark: runs the no-op engine loop for N events with the trace
 * streamed to a JSONL file, then prints its own peak RSS. A fresh process, so that the figure is
 * this run's peak and nothing else's.
 *
 * Usage: node dist/bench/memory-child.js <events> <trace.jsonl>
 */
import { traceRunToFile } from './groups/memory.js';

const [eventsArg, path] = process.argv.slice(2);
const events = Number(eventsArg);
if (!(events > 0) || !path) {
  process.stderr.write('usage: memory-child <events> <trace.jsonl>\n');
  process.exitCode = 2;
} else {
  const result = traceRunToFile(events, path);
  process.stdout.write(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}
