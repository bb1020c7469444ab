import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenario.js';
import type { ScenarioSource } from '../fuzz/scenario-source.js';
import { probeRun, type Probe, type ProbeOptions } from './probe.js';
import type { ProbeTask } from './worker.js';

/** Runs candidate runs: in this process, or in parallel on worker processes. Results come back in candidate order. */
export interface ProbeRunner {
  readonly workers: number;
  run(candidates: readonly ProbeOptions[]): Promise<Probe[]>;
  close(): Promise<void>;
}

export function inlineRunner(scenario: Scenario): ProbeRunner {
  return {
    workers: 1,
    run: async (candidates) => candidates.map((options) => probeRun(scenario, options)),
    close: async () => {},
  };
}

const WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Worker processes load compiled JavaScript; from TypeScript sources (tests) candidates run inline. */
export function shrinkWorkersAvailable(): boolean {
  return WORKER_FILE.protocol === 'file:' && existsSync(fileURLToPath(WORKER_FILE));
}

/** A pool of child processes (as fuzz uses), each running one candidate per task. */
export async function poolRunner(source: ScenarioSource, workers: number): Promise<ProbeRunner> {
  const { default: Tinypool } = await import('tinypool');
  const pool = new Tinypool({
    filename: WORKER_FILE.href,
    runtime: 'child_process',
    // One GC thread per worker: N workers' collectors would otherwise compete with the workers on N cores.
    execArgv: [...process.execArgv.filter((flag) => !flag.startsWith('--inspect')), '--single-threaded-gc'],
    serialization: 'advanced',
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  return {
    workers,
    run: async (candidates) => Promise.all(candidates.map((options) => pool.run({ source, options } satisfies ProbeTask) as Promise<Probe>)),
    close: () => pool.destroy(),
  };
}

export function defaultShrinkWorkers(): number {
  return availableParallelism();
}
