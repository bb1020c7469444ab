import { describe, expect, it } from 'vitest';
import { DurableStorage, type HistoryEvent, type NodeOutput, type Simulation } from '../../../scenarios/index.js';
import { balanceChecker, kvChecker, subsetSums } from '../../../protocols/rpc/index.js';

/** A hand-built end-of-run view: a history, the outputs joining ops to xids, the server's storage. */
function endOfRun(ops: { f: string; value?: unknown; key?: string; outcome: 'ok' | 'info' | 'fail' | 'open'; result?: unknown; runs: number }[], stored: Record<string, unknown>): Simulation {
  const history: HistoryEvent[] = [];
  const outputs: NodeOutput[] = [];
  const at = { timeUs: 0, eventIndex: 0 };
  ops.forEach((op, i) => {
    const xid = `c1:${i + 1}`;
    const base = { op: i + 1, process: 'c1', node: 'c1', f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), ...at };
    history.push({ ...base, type: 'invoke', value: op.value });
    outputs.push({ node: 'c1', name: 'call', value: { xid, op: i + 1 }, ...at });
    for (let run = 0; run < op.runs; run++) outputs.push({ node: 's1', name: 'execute', value: { xid }, ...at });
    if (op.outcome !== 'open') history.push({ ...base, type: op.outcome, value: op.result });
  });
  const storage = new DurableStorage(false);
  for (const [key, value] of Object.entries(stored)) storage.put(key, value);
  return { history, outputs, storageOf: () => storage, nowUs: 0, nowMs: 0, faultPlanEndUs: 0 } as unknown as Simulation;
}

describe('rpc-balance', () => {
  const check = (sim: Simulation) => balanceChecker('s1', 100).atEnd!(sim);

  it('accepts acknowledged operations applied once each', () => {
    const sim = endOfRun([{ f: 'debit', value: 10, outcome: 'ok', runs: 1 }, { f: 'credit', value: 3, outcome: 'ok', runs: 1 }], { balance: 93 });
    expect(check(sim)).toBeUndefined();
  });

  it('accepts an unknown (info) debit applied or not, and an open credit applied or not', () => {
    const ops = [{ f: 'debit', value: 10, outcome: 'info' as const, runs: 1 }, { f: 'credit', value: 4, outcome: 'open' as const, runs: 0 }];
    for (const balance of [100, 90, 104, 94]) expect(check(endOfRun(ops, { balance }))).toBeUndefined();
    expect(check(endOfRun(ops, { balance: 80 }))).toMatch(/final balance 80/);
  });

  it('rejects an acknowledged debit applied twice, and names it', () => {
    const sim = endOfRun([{ f: 'debit', value: 10, outcome: 'ok', runs: 2 }], { balance: 80 });
    expect(check(sim)).toMatch(/final balance 80, but the acknowledged operations imply 90.*c1:1 \(debit 10, ok\) ×2/);
  });

  it('counts a failed operation as not applied', () => {
    expect(check(endOfRun([{ f: 'debit', value: 10, outcome: 'fail', runs: 0 }], { balance: 100 }))).toBeUndefined();
    expect(check(endOfRun([{ f: 'debit', value: 10, outcome: 'fail', runs: 1 }], { balance: 90 }))).toMatch(/final balance 90/);
  });

  it('subset sums: every total of some subset', () => {
    expect([...subsetSums([3, -5])].sort((a, b) => a - b)).toEqual([-5, -2, 0, 3]);
  });
});

describe('rpc-kv', () => {
  const check = (sim: Simulation) => kvChecker('s1').atEnd!(sim);

  it('accepts a read of the latest acknowledged put, or of an unknown put', () => {
    const sim = endOfRun(
      [
        { f: 'put', key: 'k', value: 'a', outcome: 'ok', runs: 1 },
        { f: 'put', key: 'k', value: 'b', outcome: 'info', runs: 1 },
        { f: 'get', key: 'k', outcome: 'ok', result: 'b', runs: 1 },
      ],
      { 'kv:k': 'b' },
    );
    expect(check(sim)).toBeUndefined();
  });

  it('rejects a read that goes back to an older acknowledged put', () => {
    const sim = endOfRun(
      [
        { f: 'put', key: 'k', value: 'a', outcome: 'ok', runs: 2 },
        { f: 'put', key: 'k', value: 'b', outcome: 'ok', runs: 1 },
        { f: 'get', key: 'k', outcome: 'ok', result: 'a', runs: 1 },
      ],
      { 'kv:k': 'a' },
    );
    expect(check(sim)).toMatch(/read 'a', but the latest acknowledged put wrote 'b'/);
  });

  it('rejects a final value that no put could have left', () => {
    const sim = endOfRun([{ f: 'put', key: 'k', value: 'a', outcome: 'ok', runs: 1 }], { 'kv:k': '' });
    expect(check(sim)).toMatch(/key k ends holding nothing/);
  });
});
