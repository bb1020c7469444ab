/**
 * Child process of the fuzz benchmark's machine reference: runs seeds first..last of a scenario in
 * this one thread, with no pool, and prints the wall time. Two of these side by side, against one
 * doing all the seeds, show how far two processes scale on this machine at all.
 *
 * Usage: node --single-threaded-gc dist/bench/seed-loop.js <scenario> <first> <last>
 */
import { findScenario, runScenario } from '../scenarios/index.js';

const [name, firstArg, lastArg] = process.argv.slice(2);
const scenario = name ? findScenario(name) : undefined;
const first = Number(firstArg);
const last = Number(lastArg);
if (!scenario || !Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first > last) {
  process.stderr.write('usage: seed-loop <scenario> <first> <last>\n');
  process.exitCode = 2;
} else {
  const startMs = performance.now();
  for (let seed = first; seed <= last; seed++) runScenario(scenario, { seed });
  process.stdout.write(JSON.stringify({ seeds: last - first + 1, wallMs: performance.now() - startMs }) + '\n');
}
