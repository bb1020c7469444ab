/**
 * The fuzz pool's worker entry (tinypool calls the default export once per batch). Each worker is a
 * child process. It loads the scenario module once and sends each failure to the parent the moment
 * it is found, so a failure survives even if the batch is later cancelled (Ctrl-C).
 */
import type { Scenario } from '../scenario.js';
import { loadScenario, type ScenarioSource } from './scenario-source.js';
import { guardProcessExit, thrownText } from './module-guard.js';
import { runSeedBatch, type BatchStartedMessage, type FailureMessage, type FuzzRunOptions, type SeedOutcome, type WorkerLoadFailure } from './seed-run.js';

export interface BatchTask {
  source: ScenarioSource;
  scenarioRef: string;
  runOptions: FuzzRunOptions;
  seeds: number[];
  /** Names the batch in the message that says it started. */
  batch: number;
}

// Ctrl-C reaches the whole process group: the parent decides when workers stop (it keeps their
// failures and terminates them), so a worker must not die on its own first.
if (typeof process.send === 'function') process.on('SIGINT', () => {});
// A scenario module or handler that calls process.exit would end this worker silently; it throws instead.
if (typeof process.send === 'function') guardProcessExit();

const loaded = new Map<string, Promise<Scenario>>();

export default async function runBatch(task: BatchTask): Promise<SeedOutcome[] | WorkerLoadFailure> {
  const key = `${task.source.module}#${task.source.name ?? ''}`;
  let scenario = loaded.get(key);
  if (!scenario) {
    scenario = loadScenario(task.source);
    loaded.set(key, scenario);
  }
  let resolved: Scenario;
  try {
    resolved = await scenario;
  } catch (error) {
    // Sent as a value: an error crossing the process boundary would lose its kind.
    return { faultlineLoadFailure: `scenario ${task.scenarioRef} failed to load in a worker process: ${thrownText(error)}` };
  }
  const started: BatchStartedMessage = { faultlineBatchStarted: task.batch };
  process.send?.(started);
  return runSeedBatch(resolved, task.runOptions, task.seeds, task.scenarioRef, (failure) => {
    const message: FailureMessage = { faultlineFailure: failure };
    process.send?.(message);
  });
}
