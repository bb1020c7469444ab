/**
 * Shrink benchmark over the planted-bug catalog: per bug, the first failure default fuzzing finds
 * (the strategy mix, seeds 1..N, as bench:bugs hunts), then `shrink` of that failure's repro with the
 * default budget. Prints original → minimal faults, runs, wall time and whether a budget ran out,
 * and checks the targets of issue #15.
 *
 *   npm run bench:shrink [-- --bugs id,id --seeds 1000 --workers 2 --json rows.json]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runOptionsOf, shrinkFailure } from '../sim/index.js';
import { huntFailure } from './bugs.js';
import { plantedBugs } from './planted/index.js';

interface Row {
  bug: string;
  seed: string | undefined;
  originalFaults: number;
  minimalFaults: number;
  runs: number;
  wallMs: number;
  budgetExhausted: false | 'runs' | 'time';
  checker: string;
  /** Whether the printed repro command, run by the CLI alone, fails the same checker with the minimal run's digest. */
  replays: boolean;
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const MODULE = new URL('./planted/index.js', import.meta.url).href;
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Runs a printed `faultline replay …` command with this build's CLI: it must fail the checker and verify the digest. */
function replaysAlone(command: string, checker: string, digest: string): boolean {
  const replay = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" ${command.replace(/^faultline /, '')}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return replay.status === 1 && replay.stdout.includes(checker) && replay.stdout.includes(`digest matches ${digest}`);
}
const wanted = flag('bugs')?.split(',');
const seeds = Number(flag('seeds') ?? 1000);
const workers = flag('workers') !== undefined ? Number(flag('workers')) : undefined;
const rows: Row[] = [];
// Wall times depend on what else the machine runs: the load average is printed beside them.
const load = (): string => loadavg().map((n) => n.toFixed(1)).join(' / ');
console.log(`load average (1 / 5 / 15 min) at the start: ${load()}`);
for (const bug of plantedBugs.filter((b) => !wanted || wanted.includes(b.id))) {
  const failure = await huntFailure(bug, 'mix', { seeds, budgetS: 60, workers: workers ?? 'auto' });
  const seed = failure?.seed;
  if (failure === undefined) {
    rows.push({ bug: bug.id, seed: undefined, originalFaults: 0, minimalFaults: 0, runs: 0, wallMs: 0, budgetExhausted: false, checker: `not found in seeds 1..${seeds}`, replays: false });
    console.log(`${bug.id.padEnd(28)} no failing seed in 1..${seeds}`);
    continue;
  }
  // The repro names the catalog's file, so that its printed command replays from any directory.
  const scenarioRef = `${fileURLToPath(MODULE)}#${bug.scenario.name}`;
  const result = await shrinkFailure(bug.scenario, runOptionsOf(failure.reproValue), { scenarioRef, source: { module: MODULE, name: bug.scenario.name }, ...(workers ? { workers } : {}) });
  if (!result.shrunk) throw new Error(`${bug.id} seed ${seed}: ${result.reason}`);
  const row: Row = {
    bug: bug.id,
    seed: `${seed}${failure.reproValue.strategy && failure.reproValue.strategy !== 'random' ? ` (${failure.reproValue.strategy})` : ''}`,
    originalFaults: result.original.faultCount,
    minimalFaults: result.minimal.faultCount,
    runs: result.runs,
    wallMs: result.wallMs,
    budgetExhausted: result.budgetExhausted,
    checker: result.minimal.violation.checker,
    replays: replaysAlone(result.command, result.minimal.violation.checker, result.minimal.digest),
  };
  rows.push(row);
  console.log(
    `${bug.id.padEnd(28)} seed ${String(row.seed).padEnd(14)}  faults ${String(row.originalFaults).padStart(4)} → ${String(row.minimalFaults).padStart(3)}  runs ${String(row.runs).padStart(4)}  ${(row.wallMs / 1000).toFixed(1).padStart(5)} s${row.budgetExhausted ? `  budget (${row.budgetExhausted}) ran out` : ''}  [${row.checker}]${row.replays ? '' : '  REPRO DOES NOT REPLAY'}`,
  );
}

const found = rows.filter((row) => row.seed !== undefined);
const small = found.filter((row) => row.minimalFaults <= 5).length;
const exhausted = found.filter((row) => row.budgetExhausted).length;
const replaying = found.filter((row) => row.replays).length;
const times = found.map((row) => row.wallMs).sort((a, b) => a - b);
const medianMs = times.length === 0 ? 0 : times.length % 2 ? (times[(times.length - 1) / 2] as number) : ((times[times.length / 2 - 1] as number) + (times[times.length / 2] as number)) / 2;
console.log(
  `\n${found.length} bugs found · ${small}/${found.length} (${found.length ? Math.round((100 * small) / found.length) : 0}%) shrink to ≤ 5 faults (target ≥ 90%) · ${exhausted} ran out of budget (target 0) · median shrink ${(medianMs / 1000).toFixed(1)} s (target < 10 s) · ${replaying}/${found.length} minimal repros replay from their printed command`,
);
console.log(`load average (1 / 5 / 15 min) at the end: ${load()}`);
const json = flag('json');
if (json) writeFileSync(json, JSON.stringify(rows, null, 2) + '\n');
