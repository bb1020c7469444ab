/**
 * Raft figures: seeds per second of raft-kv (default 20 s runs, one thread), wall time of one virtual
 * hour of raft-kv, and time to elect in raft-election. Run: `npm run build && node dist/bench/raft.js [seeds]`.
 * Goal (issue 5): one virtual hour in <= 2 s wall with >= 50 client ops per virtual second.
 */
import { prepareRun, runScenario, findScenario } from '../scenarios/index.js';

const wallNowMs = (): number => performance.now();
const seeds = Number(process.argv[2] ?? 200);

let start = wallNowMs();
let failures = 0;
for (let seed = 1; seed <= seeds; seed++) if (!runScenario('raft-kv', { seed }).ok) failures++;
const seedsMs = wallNowMs() - start;
console.log(`raft-kv: ${seeds} seeds (20 s virtual each) in ${(seedsMs / 1000).toFixed(1)} s = ${((seeds / seedsMs) * 1000).toFixed(1)} seeds/s on one thread, ${failures} failing`);

start = wallNowMs();
const hour = runScenario('raft-kv', { seed: 1, timeMs: 3_600_000 });
const hourMs = wallNowMs() - start;
const opsPerS = hour.stats.historyOps / 3600;
console.log(`raft-kv --seed 1 --time 1h: ${(hourMs / 1000).toFixed(2)} s wall (goal <= 2 s), ${hour.stats.events} events, ${opsPerS.toFixed(1)} client ops/s, ok=${hour.ok}`);

const election = findScenario('raft-election')!;
const campaignMs: number[] = [];
const firstLeaderMs: number[] = [];
for (let seed = 1; seed <= 100; seed++) {
  const { sim } = prepareRun(election, { seed });
  sim.run();
  const elected = sim.outputs.filter((output) => output.name === 'raft.elected');
  if (elected[0]) firstLeaderMs.push(elected[0].timeUs / 1000);
  for (const output of elected) campaignMs.push((output.value as { campaignMs: number }).campaignMs);
}
const quantile = (values: number[], q: number): string => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!.toFixed(0);
console.log(`raft-election seeds 1..100: first leader median ${quantile(firstLeaderMs, 0.5)} ms (max ${quantile(firstLeaderMs, 1)}); ${campaignMs.length} elections, pre-vote to leader median ${quantile(campaignMs, 0.5)} ms, p90 ${quantile(campaignMs, 0.9)} ms`);
