/**
 * The shrink pool's worker entry: one candidate run per task. Each worker is a child process that
 * loads the scenario module once (as the fuzz workers do).
 */
import type { Scenario } from '../scenario.js';
import { loadScenario, type ScenarioSource } from '../fuzz/scenario-source.js';
import { probeRun, type Probe, type ProbeOptions } from './probe.js';

export interface ProbeTask {
  source: ScenarioSource;
  options: ProbeOptions;
}

// The parent decides when workers stop (Ctrl-C reaches the whole process group).
if (typeof process.send === 'function') process.on('SIGINT', () => {});

const loaded = new Map<string, Promise<Scenario>>();

export default async function runProbe(task: ProbeTask): Promise<Probe> {
  const key = `${task.source.module}#${task.source.name ?? ''}`;
  let scenario = loaded.get(key);
  if (!scenario) {
    scenario = loadScenario(task.source);
    loaded.set(key, scenario);
  }
  return probeRun(await scenario, task.options);
}
