import { linearizabilityChecker, partitionByKey, type Checker, type Model, type OpInput } from 'faultline';
import type { ReplicaState } from './replica.js';

/**
 * The sequential specification, as data: one register per key, starting empty. A get must return
 * what the register holds; a put sets it. partitionByKey checks each key on its own.
 */
export const registerPerKey: Model<string, OpInput, unknown> = {
  name: 'register-per-key',
  init: () => '',
  step(state, input, output) {
    if (input.f === 'put') return { ok: true, state: String(input.value) };
    return { ok: output === undefined || output === state, state };
  },
  partition: partitionByKey,
};

/** Every completed get and put, checked for linearizability at the end of the run. */
export const linearizable = (): Checker => linearizabilityChecker(registerPerKey);

/**
 * A step checker: a replica's version of a key never goes back, not even across a crash. Its memory
 * lives in this closure, so it must be made per run: call it from the scenario's setup().
 */
export function versionsNeverGoBack(replicas: string[]): Checker {
  const highest = new Map<string, number>();
  return {
    name: 'versions-never-go-back',
    kind: 'safety',
    nodes: replicas,
    afterStep(step, sim) {
      const state = sim.nodeState(step.node) as ReplicaState | undefined;
      if (!state) return undefined; // down
      for (const [key, stored] of Object.entries(state.store)) {
        const id = `${step.node}/${key}`;
        const before = highest.get(id) ?? 0;
        if (stored.version.counter < before) return `${step.node} went back on key ${key}: version ${stored.version.counter} after ${before}`;
        highest.set(id, stored.version.counter);
      }
      return undefined;
    },
  };
}

/** Liveness: once the faults stop, every client completes an operation. */
export function clientsProgress(clients: string[]): Checker {
  return {
    name: 'clients-progress',
    kind: 'liveness',
    atEnd(sim) {
      const stalled = clients.filter((id) => !sim.history.some((e) => e.node === id && e.type === 'ok' && e.timeUs > sim.faultPlanEndUs));
      if (stalled.length === 0) return undefined;
      return { kind: 'liveness', message: `${stalled.join(', ')} completed no operation after the faults ended` };
    },
  };
}
