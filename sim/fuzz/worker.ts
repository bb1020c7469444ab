/**
 * The fuzz pool's worker entry (tinypool calls the default export once per batch). It loads the
 * scenario module once per thread and posts each failure on the task's port the moment it is found,
 * so a failure survives even if the batch is later cancelled (Ctrl-C).
 */
import type { MessagePort } from 'node:worker_threads';
import type { Scenario } from '../scenario.js';
import { loadScenario, type ScenarioSource } from './scenario-source.js';
import { runSeedBatch, type FuzzRunOptions, type SeedOutcome } from './seed-run.js';

export interface BatchTask {
  source: ScenarioSource;
  scenarioRef: string;
  runOptions: FuzzRunOptions;
  seeds: number[];
  port: MessagePort;
}

const loaded = new Map<string, Promise<Scenario>>();

export default async function runBatch(task: BatchTask): Promise<SeedOutcome[]> {
  const key = `${task.source.module}#${task.source.name ?? ''}`;
  let scenario = loaded.get(key);
  if (!scenario) {
    scenario = loadScenario(task.source);
    loaded.set(key, scenario);
  }
  const resolved = await scenario;
  return runSeedBatch(resolved, task.runOptions, task.seeds, task.scenarioRef, (failure) => task.port.postMessage(failure));
}
