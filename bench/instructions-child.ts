/**
 * The workloads bench/instructions.sh counts instructions of (under valgrind's callgrind), loaded
 * from any build's dist, so that two versions run the same driver:
 *
 *   node dist/bench/instructions-child.js <dist-root> noop <events>
 *   node dist/bench/instructions-child.js <dist-root> seeds <scenario> <first> <last> [mix]
 *   node dist/bench/instructions-child.js <dist-root> raft <all|none> <virtualMs>
 *
 * `noop` is the engine no-op loop of `npm run bench` (100 nodes × 10 timers); `seeds` runs seeds the
 * way a fuzz worker does (with `mix`: the default strategy mix with coverage feedback, as 0.3.0's
 * default fuzz runs them; a build without a mix runs them plain). `raft` runs raft-kv seed 1 in the
 * order of the `--vs` raft rows (a virtual minute with every checker and one with none, then
 * virtualMs of each), then one measured run of virtualMs with every checker (`all`) or none inside
 * Array.prototype.reduceRight, a builtin nothing else in a run calls: bench/raft-instructions.sh has
 * callgrind count only inside it (--toggle-collect), so start-up and warm-up are left out.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const [root, mode, ...rest] = process.argv.slice(2);
  if (!root || !mode) throw new Error('usage: instructions-child <dist-root> noop <events> | seeds <scenario> <first> <last> [mix]');
  const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  if (mode === 'noop') {
    const { engineNoopLoop } = await load('bench/engine-noop.js');
    const events = engineNoopLoop({ nodes: 100, timersPerNode: 10, events: Number(rest[0]) });
    process.stdout.write(`events ${events}\n`);
    return;
  }
  if (mode === 'raft') {
    const { findScenario, runScenario } = await load('scenarios/index.js');
    const all = findScenario('raft-kv');
    const none = { ...all, setup: (env: unknown) => ({ ...all.setup(env), checkers: [] }) };
    const virtualMs = Number(rest[1]);
    runScenario(all, { seed: 1, timeMs: 60_000 });
    runScenario(none, { seed: 1, timeMs: 60_000 });
    runScenario(all, { seed: 1, timeMs: virtualMs });
    runScenario(none, { seed: 1, timeMs: virtualMs });
    const measured = rest[0] === 'none' ? none : all;
    const events = [0].reduceRight(() => runScenario(measured, { seed: 1, timeMs: virtualMs }).stats.events as number, 0);
    process.stdout.write(`events ${events}\n`);
    return;
  }
  const [name, first, last, mix] = rest;
  const api = await load('scenarios/index.js');
  const seedRun = await load('sim/fuzz/seed-run.js');
  let options: Record<string, unknown> = {};
  if (mix === 'mix') options = { strategy: 'mix', mixShares: (await load('sim/search/strategies.js')).DEFAULT_MIX };
  const scenario = api.findScenario(name);
  let ok = 0;
  for (let seed = Number(first); seed <= Number(last); seed++) if (seedRun.runSeed(scenario, options, seed, name).ok) ok++;
  process.stdout.write(`seeds ${Number(last) - Number(first) + 1} ok ${ok}\n`);
}

await main();
