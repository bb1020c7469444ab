import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkOperations,
  kvModel,
  makeCasRegisterModel,
  parseHistory,
  type Model,
  type OpInput,
  type Verdict,
} from '../../sim/index.js';
import { timeOnce } from '../measure.js';
import { infoRow, unavailableRow, type BenchRow } from '../rows.js';

interface HistoryGroup {
  name: string;
  files: { path: string; expected?: Verdict }[];
  model: (file: string) => Model<unknown, OpInput, unknown>;
}

const listFiles = (dir: string, suffix: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(suffix)).sort().map((file) => join(dir, file)) : [];

/** The external histories of test/oracles, with the verdicts their sources give. */
function historyGroups(oracles: string): HistoryGroup[] {
  const knossos = join(oracles, 'knossos', 'cas-register');
  const porcupine = join(oracles, 'porcupine');
  // knossos registers start at 0, except the two rethink histories, which start at nil (README).
  const knossosModel = (file: string) => makeCasRegisterModel({ initial: /rethink-fail-/.test(file) ? null : 0 }) as Model<unknown, OpInput, unknown>;
  return [
    {
      name: 'knossos cas-register',
      files: [
        ...listFiles(join(knossos, 'good'), '.edn').map((path) => ({ path, expected: 'linearizable' as const })),
        ...listFiles(join(knossos, 'bad'), '.edn').map((path) => ({ path, expected: 'not-linearizable' as const })),
      ],
      model: knossosModel,
    },
    {
      name: 'porcupine etcd',
      files: listFiles(join(porcupine, 'etcd'), '.log').map((path) => ({ path })),
      model: () => makeCasRegisterModel({ initial: null }) as Model<unknown, OpInput, unknown>,
    },
    {
      name: 'porcupine kv',
      files: listFiles(join(porcupine, 'kv'), '.txt').map((path) => ({
        path,
        expected: path.endsWith('-bad.txt') ? ('not-linearizable' as const) : ('linearizable' as const),
      })),
      model: () => kvModel as unknown as Model<unknown, OpInput, unknown>,
    },
  ];
}

/** Total checking time (wall) per group of external histories, parsing excluded, with the verdicts found. */
export function linearizabilityRows(oracles: string, limitFiles = Infinity, timeoutMs = 60_000): BenchRow[] {
  const groups = historyGroups(oracles);
  return groups.map((group) => {
    const files = group.files.slice(0, limitFiles);
    const name = `linearizability: ${group.name}`;
    if (files.length === 0) return unavailableRow(name, '', `no histories under ${oracles}`);
    const counts: Record<Verdict, number> = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
    let operations = 0;
    let wrong = 0;
    let totalMs = 0;
    for (const file of files) {
      const ops = parseHistory(readFileSync(file.path, 'utf8'), file.path);
      operations += ops.length;
      let verdict: Verdict = 'unknown';
      totalMs += timeOnce(() => {
        verdict = checkOperations(group.model(file.path), ops, { timeoutMs }).verdict;
        return 1;
      }).wallMs;
      counts[verdict]++;
      if (file.expected && verdict !== 'unknown' && verdict !== file.expected) wrong++;
    }
    const verdicts = `${counts.linearizable} linearizable, ${counts['not-linearizable']} not, ${counts.unknown} unknown (timeout ${timeoutMs / 1000} s each)`;
    const known = files.some((file) => file.expected) ? `; ${wrong === 0 ? 'every known verdict matched' : `${wrong} verdicts contradict the source`}` : '; verdicts not given by the source';
    return infoRow(name, totalMs, 'ms', `${files.length} histories, ${operations.toLocaleString('en-US')} operations: ${verdicts}${known}`);
  });
}
