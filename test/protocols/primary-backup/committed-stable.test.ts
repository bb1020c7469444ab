import { describe, expect, it } from 'vitest';
import { committedStableChecker } from '../../../protocols/primary-backup/checkers.js';
import type { Checker, NodeOutput, Simulation, StepInfo } from '../../../sim/index.js';

/** Feeds outputs one by one to the checker, as the engine would after each step. */
function judge(outputs: Omit<NodeOutput, 'timeUs' | 'eventIndex'>[], logs: Record<string, string[]>): string | undefined {
  const checker: Checker = committedStableChecker();
  const seen: NodeOutput[] = [];
  const sim = {
    outputs: seen,
    nodeState: (id: string) => ({ log: (logs[id] ?? []).map((reqId) => ({ reqId })) }),
  } as unknown as Simulation;
  for (const output of outputs) {
    seen.push({ ...output, timeUs: 0, eventIndex: seen.length });
    const verdict = checker.afterStep!({} as StepInfo, sim);
    if (verdict) return verdict;
  }
  return undefined;
}

describe('pb-committed-stable', () => {
  it('accepts a primary that activates its (older) view late, after a later view committed more (a pause)', () => {
    const verdict = judge(
      [
        { node: 'p1', name: 'pb.activate', value: { view: 5, primary: 'p1' } },
        { node: 'p1', name: 'pb.commit', value: { view: 5, seq: 1, reqId: 'c1#1' } },
        { node: 'p3', name: 'pb.activate', value: { view: 4, primary: 'p3' } },
      ],
      { p1: ['c1#1'], p3: [] },
    );
    expect(verdict).toBeUndefined();
  });

  it('catches a primary that activates a later view without an entry committed in an earlier one', () => {
    const verdict = judge(
      [
        { node: 'p1', name: 'pb.activate', value: { view: 4, primary: 'p1' } },
        { node: 'p1', name: 'pb.commit', value: { view: 4, seq: 1, reqId: 'c1#1' } },
        { node: 'p2', name: 'pb.activate', value: { view: 5, primary: 'p2' } },
      ],
      { p1: ['c1#1'], p2: [] },
    );
    expect(verdict).toMatch(/p2 activated view 5 without c1#1, committed at position 1 in view 4/);
  });

  it('catches two commits at one position, whatever their views', () => {
    const verdict = judge(
      [
        { node: 'p1', name: 'pb.commit', value: { view: 5, seq: 1, reqId: 'c1#1' } },
        { node: 'p3', name: 'pb.commit', value: { view: 4, seq: 1, reqId: 'c2#1' } },
      ],
      {},
    );
    expect(verdict).toMatch(/committed c2#1 at position 1 in view 4, where c1#1 was committed in view 5/);
  });
});
