import { describe, expect, it } from 'vitest';
import { prepareRun, summarize } from '../../sim/index.js';
import { CausalLog, inCone, touchOf } from '../../sim/shrink/cone.js';
import { probeRun } from '../../sim/shrink/probe.js';
import type { TraceEvent } from '../../sim/trace.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';
import { truncateOnAnyAppend } from '../fixtures/raft/broken-raft.js';
import { brokenRaftKv } from '../fixtures/raft/scenarios.js';

/** A hand-written run: n1 tells n2, n2 tells n3 (the violation is n3's step); n4 chats with n5 alone. */
const EVENTS: TraceEvent[] = [
  { i: 0, t: 0, type: 'node.init', node: 'n1' },
  { i: 1, t: 0, type: 'node.init', node: 'n4' },
  { i: 2, t: 10, type: 'net.send', from: 'n1', to: 'n2', msg: 1, payload: 'a' },
  { i: 3, t: 11, type: 'net.send', from: 'n4', to: 'n5', msg: 2, payload: 'x' },
  { i: 4, t: 12, type: 'net.drop', from: 'n4', to: 'n5', msg: 2, reason: 'random', fault: 'drop:n4>n5#1' },
  { i: 5, t: 20, type: 'net.deliver', from: 'n1', to: 'n2', msg: 1, duplicate: false, corrupted: false },
  { i: 6, t: 21, type: 'net.send', from: 'n2', to: 'n3', msg: 3, payload: 'b' },
  { i: 7, t: 22, type: 'node.crash', node: 'n5', mode: 'recover', fault: 'crash#1', lostWrites: 0 },
  { i: 8, t: 25, type: 'net.send', from: 'n1', to: 'n3', msg: 4, payload: 'late' },
  { i: 9, t: 26, type: 'net.drop', from: 'n1', to: 'n3', msg: 4, reason: 'random', fault: 'drop:n1>n3#1' },
  { i: 10, t: 30, type: 'net.deliver', from: 'n2', to: 'n3', msg: 3, duplicate: false, corrupted: false },
  { i: 11, t: 31, type: 'node.pause', node: 'n2', fault: 'pause#1', untilUs: 40 },
  { i: 12, t: 32, type: 'timer.fire', node: 'n3', name: 'tick', timer: 1 },
];

function logOf(events: readonly TraceEvent[]): CausalLog {
  const log = new CausalLog();
  for (const event of events) log.write(event);
  return log;
}

describe('the causal past of a violation (sim/shrink/cone.ts)', () => {
  it('follows each node back in order and each delivery back to its send', () => {
    expect([...logOf(EVENTS).frontierOf(12)].sort()).toEqual([
      ['n1', 2],
      ['n2', 6],
      ['n3', 12],
    ]);
  });

  it('a step of another node is not in the past of the violating step', () => {
    // n2's delivery (5) happens before n3's delivery (10) only through the send at 6.
    expect([...logOf(EVENTS).frontierOf(5)].sort()).toEqual([
      ['n1', 2],
      ['n2', 5],
    ]);
  });

  it('judges faults: those touching nodes outside the past, or acting after the node left it, are outside', () => {
    const frontier = logOf(EVENTS).frontierOf(12);
    const verdict = (index: number) => inCone(touchOf(EVENTS[index] as TraceEvent), frontier);
    expect(verdict(4)).toBe(false); // a drop on n4>n5: neither is in the past
    expect(verdict(7)).toBe(false); // n5 crashes: n5 is not in the past
    expect(verdict(9)).toBe(true); // a drop to n3 before n3's last step there: the message could have mattered
    expect(verdict(11)).toBe(false); // n2 pauses after its last step in the past
  });

  it('a violation on a step with no node depends on everything before it', () => {
    const heal: TraceEvent = { i: 13, t: 33, type: 'fault.heal', fault: 'partition#1' };
    const frontier = logOf([...EVENTS, heal]).frontierOf(13);
    expect(frontier.get('n4')).toBe(13);
    expect(frontier.get('n5')).toBe(13);
  });
});

/** The first failing seed of the broken tally fixture. */
function failingSeed(): number {
  for (let seed = 1; seed <= 60; seed++) if (!probeRun(lossyTally, { seed }).failing) continue;
  else return seed;
  throw new Error('no failing seed in 1..60: the fixture changed');
}

describe('probeRun (a candidate run)', { timeout: 60_000 }, () => {
  const seed = failingSeed();

  it('marks, in a failing run, which fired faults lie in the causal past of the violation', () => {
    const probe = probeRun(lossyTally, { seed });
    expect(probe.failing).toBe(true);
    expect(probe.faults.length).toBeGreaterThan(0);
    expect(probe.faults.every((fault) => typeof fault.cone === 'boolean')).toBe(true);
  });

  it('stopped before the failure it passes; stopped after, it is the very same failing run', () => {
    const prepared = prepareRun(lossyTally, { seed });
    prepared.sim.run();
    const whole = summarize(prepared);
    if (whole.ok) throw new Error('expected a failure');
    const early = probeRun(lossyTally, { seed, stopAtUs: Math.floor(whole.violation.timeUs / 2) });
    expect(early.failing).toBe(false);
    const late = probeRun(lossyTally, { seed, stopAtUs: whole.violation.timeUs + 1 });
    expect(late.failing).toBe(true);
    expect(late.digest).toBe(whole.digest);
  });
});

describe('a candidate stopped at a virtual time (a mid-run safety failure of a broken Raft)', { timeout: 300_000 }, () => {
  const scenario = brokenRaftKv({ name: 'truncate-on-any-append', server: truncateOnAnyAppend(), servers: 5, timeMs: 20_000, faults: { duplicateProbability: 0.1, reorderProbability: 0.2, duplicateDelayMsMax: 300 } });

  it('passes when stopped before the violation, and is the same run when stopped a margin after it', () => {
    const failing = [1, 2, 3, 4, 5].map((seed) => ({ seed, probe: probeRun(scenario, { seed }) })).find(({ probe }) => probe.violation?.kind === 'safety');
    if (!failing?.probe.violation) throw new Error('no safety failure in seeds 1..5: the fixture changed');
    const { seed, probe } = failing;
    const violationUs = probe.violation!.timeUs;
    expect(violationUs).toBeLessThan(20_000_000);
    expect(probeRun(scenario, { seed, stopAtUs: violationUs - 1 }).failing).toBe(false);
    const capped = probeRun(scenario, { seed, stopAtUs: violationUs + 100_000 });
    expect(capped.violation).toEqual(probe.violation);
    expect(capped.digest).toBe(probe.digest);
    expect(capped.faults.map((f) => [f.id, f.cone])).toEqual(probe.faults.map((f) => [f.id, f.cone]));
    // In a chatty protocol most faults reach the violation's past, but the marking is per fault.
    expect(probe.faults.some((f) => f.cone)).toBe(true);
  });
});
