import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findScenario, runScenario, type Scenario } from '../../scenarios/index.js';
import { timeOnce } from '../measure.js';
import { infoRow, limitRow, unavailableRow, type BenchRow } from '../rows.js';

/** The scenario's own setup with no checkers: what the engine and the protocol cost alone. */
function withoutCheckers(scenario: Scenario): Scenario {
  return { ...scenario, setup: (env) => ({ ...scenario.setup(env), checkers: [] }) };
}

interface RaftRun {
  wallMs: number;
  cpuMs: number;
  events: number;
  clientOps: number;
  ok: boolean;
}

function runOnce(scenario: Scenario, timeMs: number, seed: number): RaftRun {
  let events = 0;
  let clientOps = 0;
  let ok = false;
  const sample = timeOnce(() => {
    const result = runScenario(scenario, { seed, timeMs });
    events = result.stats.events;
    clientOps = result.stats.historyOps;
    ok = result.ok;
    return events;
  });
  return { wallMs: sample.wallMs, cpuMs: sample.cpuMs, events, clientOps, ok };
}

/** The run with the median wall time of several. */
function medianRun(runs: RaftRun[]): RaftRun {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1] as RaftRun;
}

/**
 * raft-kv (5 servers, default faults and load) for a stretch of virtual time, scaled to one virtual
 * hour: the whole run with every checker (what one fuzzing seed costs), and the same run with no
 * checkers (the engine and the protocol alone). Each is warmed up by one virtual minute (as a
 * fuzzing worker is after its first seed), then run `rounds` times, interleaved; the median counts.
 */
export function raftRowsHere(virtualMs: number, seed = 1, rounds = 3): BenchRow[] {
  const scenario = findScenario('raft-kv');
  if (!scenario) return [unavailableRow('raft-kv, one virtual hour', '≤ 2 s', 'scenario raft-kv is not registered')];
  const bareScenario = withoutCheckers(scenario);
  const perHour = 3_600_000 / virtualMs;
  const warmUpMs = Math.min(virtualMs, 60_000);
  runOnce(scenario, warmUpMs, seed);
  runOnce(bareScenario, warmUpMs, seed);
  const fullRuns: RaftRun[] = [];
  const bareRuns: RaftRun[] = [];
  for (let round = 0; round < rounds; round++) {
    fullRuns.push(runOnce(scenario, virtualMs, seed));
    bareRuns.push(runOnce(bareScenario, virtualMs, seed));
  }
  const full = medianRun(fullRuns);
  const bare = medianRun(bareRuns);
  const spread = (runs: RaftRun[]) => `runs ${runs.map((run) => ((run.wallMs * perHour) / 1000).toFixed(2)).join(', ')} s`;
  const span = virtualMs === 3_600_000 ? 'one virtual hour' : `${virtualMs / 1000} virtual s, scaled to 1 h`;
  const load = `${Math.round(full.clientOps / (virtualMs / 1000))} client ops per virtual s`;
  return [
    limitRow('raft-kv, 1 virtual hour, all checkers (wall)', (full.wallMs * perHour) / 1000, 's', 2, `${span}, seed ${seed}, ${load}, ${full.ok ? 'every checker held' : 'a checker failed'}; median of ${rounds} (${spread(fullRuns)}) after a 1-virtual-minute warm-up; CPU ${((full.cpuMs * perHour) / 1000).toFixed(2)} s`),
    limitRow('raft-kv, 1 virtual hour, no checkers (wall)', (bare.wallMs * perHour) / 1000, 's', 2, `engine + Raft + clients only; ${spread(bareRuns)}; CPU ${((bare.cpuMs * perHour) / 1000).toFixed(2)} s`),
    infoRow('raft-kv events/s (all checkers)', (full.events * 1000) / full.wallMs, 'events/s', `${full.events.toLocaleString('en-US')} events; ${Math.round(virtualMs / full.wallMs)}× real time`),
    infoRow('raft-kv events/s (no checkers)', (bare.events * 1000) / bare.wallMs, 'events/s', `${Math.round(virtualMs / bare.wallMs)}× real time`),
  ];
}

const CHILD = fileURLToPath(new URL('../raft-child.js', import.meta.url));

/** The raft-kv rows, measured in a fresh child process (in this one when run from TypeScript sources). */
export function raftRows(virtualMs: number): BenchRow[] {
  if (!existsSync(CHILD)) return raftRowsHere(virtualMs);
  const child = spawnSync(process.execPath, [CHILD, String(virtualMs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) return [unavailableRow('raft-kv, one virtual hour', '≤ 2 s', `the child failed: ${(child.stderr || '').trim().split('\n').pop()}`)];
  return JSON.parse(child.stdout) as BenchRow[];
}
