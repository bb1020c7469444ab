/**
 * Shrink benchmark over the planted-bug catalog: per bug, the first failing seed of default fuzzing
 * (seeds 1..N), then `shrink` with its default budget. Prints original → minimal faults, runs, wall
 * time and whether a budget ran out, and checks the targets of issue #15.
 *
 *   npm run bench:shrink [-- --bugs id,id --seeds 100 --workers 2]
 */
import { runScenarioOnce, shrinkFailure, type Scenario } from '../sim/index.js';
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
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function firstFailingSeed(scenario: Scenario, seeds: number): number | undefined {
  for (let seed = 1; seed <= seeds; seed++) if (!runScenarioOnce(scenario, { seed }).ok) return seed;
  return undefined;
}

const MODULE = new URL('./planted/index.js', import.meta.url).href;
const wanted = flag('bugs')?.split(',');
const seeds = Number(flag('seeds') ?? 100);
const workers = flag('workers') !== undefined ? Number(flag('workers')) : undefined;
const rows: Row[] = [];
for (const bug of plantedBugs.filter((b) => !wanted || wanted.includes(b.id))) {
  const seed = firstFailingSeed(bug.scenario, seeds);
  if (seed === undefined) {
    rows.push({ bug: bug.id, seed: undefined, originalFaults: 0, minimalFaults: 0, runs: 0, wallMs: 0, budgetExhausted: false, checker: `not found in seeds 1..${seeds}` });
    console.log(`${bug.id.padEnd(28)} no failing seed in 1..${seeds}`);
    continue;
  }
  const result = await shrinkFailure(bug.scenario, { seed }, { source: { module: MODULE, name: bug.scenario.name }, ...(workers ? { workers } : {}) });
  if (!result.shrunk) throw new Error(`${bug.id} seed ${seed}: ${result.reason}`);
  const row: Row = {
    bug: bug.id,
    seed: String(seed),
    originalFaults: result.original.faultCount,
    minimalFaults: result.minimal.faultCount,
    runs: result.runs,
    wallMs: result.wallMs,
    budgetExhausted: result.budgetExhausted,
    checker: result.minimal.violation.checker,
  };
  rows.push(row);
  console.log(
    `${bug.id.padEnd(28)} seed ${String(seed).padStart(3)}  faults ${String(row.originalFaults).padStart(4)} → ${String(row.minimalFaults).padStart(3)}  runs ${String(row.runs).padStart(4)}  ${(row.wallMs / 1000).toFixed(1).padStart(5)} s${row.budgetExhausted ? `  budget (${row.budgetExhausted}) ran out` : ''}  [${row.checker}]`,
  );
}

const found = rows.filter((row) => row.seed !== undefined);
const small = found.filter((row) => row.minimalFaults <= 5).length;
const exhausted = found.filter((row) => row.budgetExhausted).length;
const times = found.map((row) => row.wallMs).sort((a, b) => a - b);
const medianMs = times.length === 0 ? 0 : times.length % 2 ? (times[(times.length - 1) / 2] as number) : ((times[times.length / 2 - 1] as number) + (times[times.length / 2] as number)) / 2;
console.log(
  `\n${found.length} bugs found · ${small}/${found.length} (${found.length ? Math.round((100 * small) / found.length) : 0}%) shrink to ≤ 5 faults (target ≥ 90%) · ${exhausted} ran out of budget (target 0) · median shrink ${(medianMs / 1000).toFixed(1)} s (target < 10 s)`,
);
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
