import { describe, expect, it } from 'vitest';
import { prepareRun, type Scenario, type TraceEvent } from '../../../scenarios/index.js';
import { vectorBefore, vectorRules, type VectorClock } from '../../../protocols/clocks/vector.js';
import { courseNotesReceive, vectorScenarioWith } from '../../fixtures/clocks/broken-clocks.js';

/**
 * An oracle that shares no code with the checker: happens-before rebuilt from the trace alone
 * (net.send / net.deliver in each node's trace order), closed by brute-force search, and compared
 * with the vector stamps that the trace's send payloads carry, over every pair of sends.
 */
interface Send {
  node: string;
  stamp: VectorClock;
  vertex: number;
}

function bruteForce(scenario: Scenario, seed: number, timeMs: number): { pairs: number; concurrent: number; wrong: string[] } {
  const trace: TraceEvent[] = [];
  const withoutCheckers: Scenario = { ...scenario, setup: (env) => ({ ...scenario.setup(env), checkers: [] }) };
  const { sim } = prepareRun(withoutCheckers, { seed, timeMs, trace: { write: (event) => trace.push(event) } });
  sim.run();

  const successors: number[][] = [];
  const lastOnNode = new Map<string, number>();
  const sendVertexOf = new Map<number, number>();
  const sends: Send[] = [];
  const addVertex = (node: string): number => {
    const vertex = successors.length;
    successors.push([]);
    const previous = lastOnNode.get(node);
    if (previous !== undefined) successors[previous]!.push(vertex);
    lastOnNode.set(node, vertex);
    return vertex;
  };
  for (const event of trace) {
    if (event.type === 'net.send') {
      const vertex = addVertex(event.from);
      sendVertexOf.set(event.msg, vertex);
      sends.push({ node: event.from, stamp: (event.payload as { stamp: VectorClock }).stamp, vertex });
    } else if (event.type === 'net.deliver') {
      const vertex = addVertex(event.to);
      successors[sendVertexOf.get(event.msg)!]!.push(vertex);
    }
  }
  const wrong: string[] = [];
  let pairs = 0;
  let concurrent = 0;
  const reachedFrom = new Map<Send, Uint8Array>();
  for (const a of sends) {
    const reached = new Uint8Array(successors.length);
    const stack = [...successors[a.vertex]!];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (reached[v]) continue;
      reached[v] = 1;
      stack.push(...successors[v]!);
    }
    reachedFrom.set(a, reached);
  }
  for (const a of sends) {
    for (const b of sends) {
      if (a === b) continue;
      pairs++;
      const before = reachedFrom.get(a)![b.vertex] === 1;
      if (!before && reachedFrom.get(b)![a.vertex] !== 1) concurrent++;
      if (before !== vectorBefore(a.stamp, b.stamp)) wrong.push(`${a.node}@${a.vertex} vs ${b.node}@${b.vertex}`);
    }
  }
  return { pairs, concurrent, wrong };
}

describe('vector clocks against a brute-force happens-before oracle', () => {
  it.each([1, 2, 3])('the standard rules satisfy a→b ⇔ V(a) < V(b) on every pair of sends (seed %i)', (seed) => {
    const { pairs, concurrent, wrong } = bruteForce(vectorScenarioWith(vectorRules), seed, 300);
    expect(pairs).toBeGreaterThan(5_000);
    expect(concurrent).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it.each([1, 2, 3])('the course-notes receive rule breaks it on some pair, as the checker says (seed %i)', (seed) => {
    expect(bruteForce(vectorScenarioWith(courseNotesReceive), seed, 300).wrong.length).toBeGreaterThan(0);
  });
});
