import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkOperations,
  JsonlTraceWriter,
  linearizabilityChecker,
  NO_FAULTS,
  operationsFromHistory,
  parseHistory,
  registerModel,
  Simulation,
  type HistoryEvent,
} from '../../../sim/index.js';
import { laggingReplicaNodes } from '../../fixtures/linearizability/lagging-replica.js';

function run(variant: 'read-primary' | 'read-replica', seed: string) {
  const checker = linearizabilityChecker(registerModel);
  const sim = new Simulation({ seed, nodes: laggingReplicaNodes(variant), profile: { ...NO_FAULTS, name: 'test' }, runMs: 10_000, checkers: [checker] });
  const violation = sim.run();
  return { sim, violation, checker };
}

describe('linearizabilityChecker on a simulated register', () => {
  it.each(['1', '2', '3'])('passes when reads go to the primary (seed %s)', (seed) => {
    const { violation, checker, sim } = run('read-primary', seed);
    expect(sim.history.length).toBeGreaterThan(200);
    expect(violation).toBeUndefined();
    expect(checker.lastResult?.verdict).toBe('linearizable');
  });

  it.each(['1', '2', '3'])('catches stale reads from a lagging replica (seed %s)', (seed) => {
    const { violation, checker } = run('read-replica', seed);
    expect(checker.lastResult?.verdict).toBe('not-linearizable');
    expect(violation?.kind).toBe('safety');
    expect(violation?.checker).toBe('linearizability(register)');
    expect(violation?.message).toMatch(/not linearizable .*no linearization can include c\d read -> /);
  });
});

describe('operationsFromHistory', () => {
  const event = (op: number, type: HistoryEvent['type'], timeUs: number, f: string, value?: unknown, key?: string): HistoryEvent => ({
    op,
    type,
    process: `p${op}`,
    node: 'c1',
    f,
    ...(key === undefined ? {} : { key }),
    value,
    timeUs,
    eventIndex: timeUs,
  });

  it('pairs completions, leaves out failed operations and keeps info ones open-ended', () => {
    const ops = operationsFromHistory([
      event(1, 'invoke', 0, 'put', 'a', 'x'),
      event(2, 'invoke', 1, 'get', undefined, 'x'),
      event(3, 'invoke', 2, 'put', 'b', 'x'),
      event(4, 'invoke', 3, 'append', 'c', 'x'),
      event(1, 'ok', 5, 'put'),
      event(2, 'ok', 6, 'get', undefined),
      event(3, 'fail', 7, 'put'),
      event(4, 'info', 8, 'append'),
    ]);
    expect(ops.map((op) => op.id)).toEqual([1, 2, 4]);
    expect(ops[0]).toMatchObject({ input: { f: 'put', key: 'x', value: 'a' }, output: null, callUs: 0, returnUs: 5 });
    expect(ops[1]).toMatchObject({ input: { f: 'get', key: 'x' }, output: null, returnUs: 6 });
    expect(ops[2]).toMatchObject({ input: { f: 'append', key: 'x', value: 'c' }, output: undefined, returnUs: Infinity });
  });

  it('leaves an operation without completion pending', () => {
    const ops = operationsFromHistory([event(1, 'invoke', 0, 'write', 3)]);
    expect(ops[0]?.returnUs).toBe(Infinity);
  });
});

describe('a recorded trace, read back as a history file', () => {
  it('gives the same operations and verdict as the live history (seed 2, stale-read variant)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-lin-')), 'run.jsonl');
    const writer = new JsonlTraceWriter(path);
    const sim = new Simulation({ seed: '2', nodes: laggingReplicaNodes('read-replica'), profile: { ...NO_FAULTS, name: 'test' }, runMs: 10_000, trace: writer });
    writer.writeHeader({ version: 'test' });
    sim.run();
    writer.close();
    const fromFile = parseHistory(readFileSync(path, 'utf8'), path);
    const live = operationsFromHistory(sim.history);
    expect(fromFile.map((op) => [op.id, op.input, op.output, op.callUs, op.returnUs])).toEqual(live.map((op) => [op.id, op.input, op.output, op.callUs, op.returnUs]));
    expect(checkOperations(registerModel, fromFile).verdict).toBe('not-linearizable');
  });
});
