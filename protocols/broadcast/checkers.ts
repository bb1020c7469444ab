import type { Checker, Simulation } from '../../sim/simulation.js';

interface Delivery {
  origin: string;
  seq: number;
}

const idOf = (d: Delivery): string => `${d.origin}#${d.seq}`;

/**
 * Exactly-once, in-order delivery of broadcast messages, checked incrementally over the nodes'
 * outputs as the run goes, so a violation is reported at the event that caused it.
 */
export function exactlyOnceChecker(): Checker {
  let cursor = 0;
  const originated = new Set<string>();
  const delivered = new Map<string, number>();
  const lastSeq = new Map<string, number>();
  return {
    name: 'broadcast-exactly-once',
    kind: 'safety',
    afterStep: (_step, sim) => {
      const outputs = sim.outputs;
      for (; cursor < outputs.length; cursor++) {
        const output = outputs[cursor]!;
        const d = output.value as Delivery;
        if (output.name === 'originate') {
          originated.add(idOf(d));
          continue;
        }
        if (output.name !== 'deliver') continue;
        if (!originated.has(idOf(d))) return `${output.node} delivered ${idOf(d)}, which no node broadcast`;
        const key = `${output.node}/${idOf(d)}`;
        const earlier = delivered.get(key);
        if (earlier !== undefined) {
          return `${output.node} delivered ${idOf(d)} twice (events ${earlier} and ${output.eventIndex})`;
        }
        delivered.set(key, output.eventIndex);
        const orderKey = `${output.node}/${d.origin}`;
        const previous = lastSeq.get(orderKey) ?? 0;
        if (d.seq !== previous + 1) {
          return `${output.node} delivered ${idOf(d)} after ${d.origin}#${previous}: per-origin order broken`;
        }
        lastSeq.set(orderKey, d.seq);
      }
      return undefined;
    },
  };
}

/**
 * Agreement, checked at the end (after the quiet period that follows the fault plan): every node
 * that is up delivers every message that a node still standing broadcast or delivered.
 */
export function agreementChecker(): Checker {
  return {
    name: 'broadcast-agreement',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const correct = sim.nodeIds.filter((id) => sim.isUp(id));
      const mustDeliver = new Map<string, { id: string; atMs: number }>();
      const deliveredBy = new Map<string, Set<string>>();
      for (const output of sim.outputs) {
        const d = output.value as Delivery;
        const id = idOf(d);
        if (output.name === 'originate' && correct.includes(output.node)) mustDeliver.set(id, { id, atMs: output.timeUs / 1000 });
        if (output.name === 'deliver') {
          // Agreement binds correct processes only: a message that only a since-crashed node ever delivered
          // (its origin, cut off until it crash-stopped) may be lost. Push + anti-entropy gives no uniform agreement.
          if (!mustDeliver.has(id) && correct.includes(output.node)) mustDeliver.set(id, { id, atMs: output.timeUs / 1000 });
          let nodes = deliveredBy.get(id);
          if (!nodes) deliveredBy.set(id, (nodes = new Set()));
          nodes.add(output.node);
        }
      }
      for (const { id, atMs } of mustDeliver.values()) {
        const nodes = deliveredBy.get(id) ?? new Set<string>();
        const missing = correct.find((node) => !nodes.has(node));
        if (missing) {
          return `${missing} never delivered ${id} (first seen at ${atMs} ms); faults ended at ${sim.faultPlanEndUs / 1000} ms, run ended at ${sim.nowMs} ms`;
        }
      }
      return undefined;
    },
  };
}
