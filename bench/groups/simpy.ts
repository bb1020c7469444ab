import { spawnSync } from 'node:child_process';
import { peerRow, unavailableRow, type BenchRow } from '../rows.js';

/**
 * The same loop in SimPy 2 (Debian's python3-simpy ships the 2.x API: `SimPy.Simulation`): one
 * process per pending event, each holding for the shared 1..8 delay pattern and counting.
 * Timed inside Python with process_time, like the JavaScript side's CPU time.
 */
const SIMPY_LOOP = `
import sys, time
from SimPy.Simulation import Process, initialize, activate, simulate, hold
pending, events = int(sys.argv[1]), int(sys.argv[2])
count = [0]
class Ticker(Process):
    def run(self, n):
        while True:
            yield hold, self, 1 + ((n * 7919) & 7)
            n += 1
            count[0] += 1
def once():
    count[0] = 0
    initialize()
    for p in range(pending):
        t = Ticker()
        activate(t, t.run(p))
    start = time.process_time()
    simulate(until=events * 4.5 / pending)
    return count[0] / (time.process_time() - start)
once()
rates = sorted(once() for _ in range(int(sys.argv[3])))
print(rates[len(rates) // 2])
`;

/** Interpreters to try, in order: the one on PATH may be a pyenv build without Debian's packages. */
const PYTHONS = ['python3', '/usr/bin/python3'];

export interface SimpyResult {
  eventsPerSecond: number;
  python: string;
}

export function findSimpyPython(): string | undefined {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ['-c', 'import SimPy.Simulation'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

export function measureSimpy(pending: number, events: number, rounds: number): SimpyResult | string {
  const python = findSimpyPython();
  if (!python) return `SimPy 2 (python3-simpy) is not importable from ${PYTHONS.join(' or ')}`;
  const run = spawnSync(python, ['-c', SIMPY_LOOP, String(pending), String(events), String(rounds)], { encoding: 'utf8' });
  const rate = Number(run.stdout.trim());
  if (run.status !== 0 || !(rate > 0)) return `the SimPy loop failed: ${(run.stderr || run.stdout).trim().split('\n').pop()}`;
  return { eventsPerSecond: rate, python };
}

export function simpyRow(engineEventsPerSecond: number, simpy: SimpyResult | string): BenchRow {
  const name = 'engine no-op events vs SimPy';
  if (typeof simpy === 'string') return unavailableRow(name, '≥ 6×', simpy);
  return peerRow(
    name,
    engineEventsPerSecond,
    'events/s',
    simpy.eventsPerSecond,
    `SimPy 2 ${(simpy.eventsPerSecond / 1e6).toFixed(2)} M/s`,
    6,
    `same timeout loop in SimPy 2.x (${simpy.python}), median per CPU second`,
  );
}
