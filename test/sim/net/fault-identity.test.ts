import { describe, expect, it } from 'vitest';
import { hashValue, runScenarioOnce, type TraceEvent } from '../../../sim/index.js';
import { raftKv } from '../../../scenarios/raft-kv.js';

/** Every per-message fault of a run: its id and the content hash of the message it hit. */
function perMessageFaults(options: { mask?: string[] }): Map<string, number> {
  const contentOf = new Map<number, number>();
  const hits = new Map<string, number>();
  const write = (event: TraceEvent): void => {
    if (event.type === 'net.send') contentOf.set(event.msg, hashValue(event.payload));
    else if ((event.type === 'net.drop' && event.reason === 'random') || event.type === 'net.duplicate' || event.type === 'net.reorder' || event.type === 'net.delay') {
      hits.set(event.fault!, contentOf.get(event.msg)!);
    }
  };
  runScenarioOnce(raftKv, { seed: 3, timeMs: 6000, faults: 'drop=0.05,dup=0.05,reorder=0.1,longDelayProbability=0.01,nemesis=0', trace: { write }, ...options });
  return hits;
}

describe('stable fault identity', () => {
  it('suppressing an early fault re-aims no other: every fault that still fires keeps its id and hits the same message content', () => {
    const original = perMessageFaults({});
    expect(original.size).toBeGreaterThan(50);
    const [first] = original.keys();
    const masked = perMessageFaults({ mask: [first!] });
    expect(masked.has(first!)).toBe(false);
    let shared = 0;
    for (const [id, content] of masked) {
      if (!original.has(id)) continue;
      shared++;
      expect({ id, content }).toEqual({ id, content: original.get(id) });
    }
    // The run diverged after the first fault, yet most faults still fire, on the same messages.
    expect(shared).toBeGreaterThan(original.size / 2);
  });

  it('ids name the link, the content and its occurrence', () => {
    for (const id of perMessageFaults({}).keys()) expect(id).toMatch(/^(drop|duplicate|reorder|delay):[a-z0-9]+>[a-z0-9]+@[0-9a-f]{6}\.\d+$/);
  });
});
