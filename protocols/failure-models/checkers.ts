import type { Checker, Simulation } from '../../sim/simulation.js';
import { messageId } from './messages.js';

interface Delivery {
  origin: string;
  seq: number;
}

/** Safety, after every step: no process delivers a message twice, nor one that nobody broadcast. */
export function noDuplicationChecker(): Checker {
  let cursor = 0;
  const originated = new Set<string>();
  const delivered = new Map<string, number>();
  return {
    name: 'rb-no-duplication',
    kind: 'safety',
    afterStep: (_step, sim) => {
      for (; cursor < sim.outputs.length; cursor++) {
        const output = sim.outputs[cursor]!;
        const { origin, seq } = output.value as Delivery;
        const id = messageId(origin, seq);
        if (output.name === 'originate') originated.add(id);
        if (output.name !== 'deliver') continue;
        if (!originated.has(id)) return `${output.node} delivered ${id}, which nobody broadcast`;
        const key = `${output.node}/${id}`;
        const earlier = delivered.get(key);
        if (earlier !== undefined) return `${output.node} delivered ${id} twice (events ${earlier} and ${output.eventIndex})`;
        delivered.set(key, output.eventIndex);
      }
      return undefined;
    },
  };
}

/**
 * Liveness, at the end (after the quiet period): agreement and validity among the processes that are
 * up: each delivers every message that a process now up broadcast or delivered.
 */
export function agreementChecker(): Checker {
  return {
    name: 'rb-agreement',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const up = sim.nodeIds.filter((id) => sim.isUp(id) && sim.roleOf(id) === 'process');
      const upSet = new Set(up);
      const must = new Map<string, number>();
      const by = new Map<string, Set<string>>();
      for (const output of sim.outputs) {
        const { origin, seq } = output.value as Delivery;
        const id = messageId(origin, seq);
        if (!upSet.has(output.node)) continue;
        if ((output.name === 'originate' || output.name === 'deliver') && !must.has(id)) must.set(id, output.timeUs / 1000);
        if (output.name === 'deliver') {
          let nodes = by.get(id);
          if (!nodes) by.set(id, (nodes = new Set()));
          nodes.add(output.node);
        }
      }
      for (const [id, atMs] of must) {
        const missing = up.find((node) => !by.get(id)?.has(node));
        if (missing) return `${missing} never delivered ${id} (first seen at ${atMs} ms), though a process that is up has it; faults ended at ${sim.faultPlanEndUs / 1000} ms`;
      }
      return undefined;
    },
  };
}
