import type { Checker, Simulation } from '../../sim/simulation.js';
import { messageId } from './messages.js';

interface BodyEvent {
  origin: string;
  seq: number;
  body: string;
}

/**
 * Safety for Byzantine reliable broadcast, over honest processes only (a Byzantine one may output
 * anything): no honest process delivers a message twice; two honest processes never deliver different
 * bodies for one (origin, seq); a message from an honest origin is delivered only with the body it
 * broadcast, and only if it broadcast it.
 */
export function byzantineConsistencyChecker(): Checker {
  let cursor = 0;
  const originated = new Map<string, string>();
  const deliveredBody = new Map<string, { node: string; body: string }>();
  const deliveredBy = new Set<string>();
  return {
    name: 'rb-consistency',
    kind: 'safety',
    afterStep: (_step, sim) => {
      for (; cursor < sim.outputs.length; cursor++) {
        const output = sim.outputs[cursor]!;
        if (sim.isByzantine(output.node)) continue;
        const { origin, seq, body } = output.value as BodyEvent;
        const id = messageId(origin, seq);
        if (output.name === 'originate') originated.set(id, body);
        if (output.name !== 'deliver') continue;
        const key = `${output.node}/${id}`;
        if (deliveredBy.has(key)) return `${output.node} delivered ${id} twice`;
        deliveredBy.add(key);
        if (!sim.isByzantine(origin) && originated.get(id) !== body) {
          return `${output.node} delivered ${id} with body ${JSON.stringify(body)}, but honest ${origin} ${originated.has(id) ? `broadcast ${JSON.stringify(originated.get(id))}` : 'never broadcast it'}`;
        }
        const first = deliveredBody.get(id);
        if (first && first.body !== body) return `${first.node} delivered ${id} as ${JSON.stringify(first.body)} but ${output.node} as ${JSON.stringify(body)}`;
        if (!first) deliveredBody.set(id, { node: output.node, body });
      }
      return undefined;
    },
  };
}

/**
 * Liveness at the end, over honest processes that are up: every message an honest origin broadcast,
 * and every message any of them delivered (even from a Byzantine origin: totality), all of them deliver.
 */
export function byzantineAgreementChecker(): Checker {
  return {
    name: 'rb-agreement',
    kind: 'liveness',
    atEnd: (sim: Simulation) => {
      const honest = sim.nodeIds.filter((id) => sim.roleOf(id) === 'process' && !sim.isByzantine(id) && sim.isUp(id));
      const honestSet = new Set(honest);
      const must = new Map<string, number>();
      const by = new Map<string, Set<string>>();
      for (const output of sim.outputs) {
        if (!honestSet.has(output.node)) continue;
        const { origin, seq } = output.value as BodyEvent;
        const id = messageId(origin, seq);
        if (!must.has(id)) must.set(id, output.timeUs / 1000);
        if (output.name === 'deliver') {
          let nodes = by.get(id);
          if (!nodes) by.set(id, (nodes = new Set()));
          nodes.add(output.node);
        }
      }
      for (const [id, atMs] of must) {
        const missing = honest.find((node) => !by.get(id)?.has(node));
        if (missing) return `honest ${missing} never delivered ${id} (first seen at ${atMs} ms by an honest process)`;
      }
      return undefined;
    },
  };
}
