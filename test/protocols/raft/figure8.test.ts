import { describe, expect, it } from 'vitest';
import { raftNode, type RaftState } from '../../../protocols/raft/index.js';
import { commitByCountingEarlierTerms } from '../../fixtures/raft/broken-raft.js';
import { SCRIPTED_RAFT, campaign, put, scriptedCluster, termsOf } from '../../fixtures/raft/scripted.js';
import type { NodeLogic } from '../../../sim/index.js';
import type { RaftMessage } from '../../../protocols/raft/index.js';

const SERVERS = ['s1', 's2', 's3', 's4', 's5'];
const ONE_ENTRY_PER_MESSAGE = { ...SCRIPTED_RAFT, maxEntriesPerAppend: 1 };

/**
 * The Raft paper's Figure 8, scripted on 1 ms links. (a) s1 leads term 1 and gets entry A (index 2) to
 * s2 only. (b) s1 crashes; s5 leads term 2 with s3 and s4 and appends its own entry at index 2, which
 * nobody receives. (c) s5 crashes; s1 leads term 3 and replicates A to s3 and s4 (one entry per
 * message, so A reaches a quorum before s1's term-3 no-op does) and is cut off right then. (d) s5
 * returns and wins term 4 with s3 and s4, whose last term (1) is older than its own (2), and
 * overwrites A.
 */
function figure8(server: NodeLogic<RaftState, RaftMessage>) {
  const sim = scriptedCluster(SERVERS, server, 1000);
  const seen: { s1CommitAtC?: number; holdersOfA?: string[] } = {};
  sim.at(10, (s) => campaign(s, 's1'));
  sim.at(100, (s) => s.partition([['s1', 's2'], ['s3', 's4', 's5']], false));
  sim.at(100, (s) => put(s, 's1', 1, 'x', 'A'));
  sim.at(150, (s) => s.crash('s1', 'recover'));
  sim.at(160, (s) => campaign(s, 's5'));
  sim.at(163.5, (s) => {
    s.heal();
    s.partition([['s5'], ['s1', 's2', 's3', 's4']], false);
  });
  sim.at(200, (s) => {
    s.crash('s5', 'recover');
    s.heal();
    s.restart('s1');
  });
  sim.at(210, (s) => campaign(s, 's1'));
  sim.at(220, (s) => campaign(s, 's1'));
  sim.at(227.5, (s) => {
    const s1 = s.nodeState<RaftState>('s1')!;
    seen.s1CommitAtC = s1.commitIndex;
    seen.holdersOfA = SERVERS.filter((id) => s.nodeState<RaftState>(id)?.log.entries[1]?.value === 'A');
    s.partition([['s1'], ['s2', 's3', 's4', 's5']], false);
    s.crash('s1', 'recover');
  });
  sim.at(300, (s) => {
    s.heal();
    s.restart('s5');
  });
  sim.at(310, (s) => campaign(s, 's5'));
  sim.at(320, (s) => campaign(s, 's5'));
  sim.run();
  return { sim, seen };
}

describe('Raft Figure 8 (scripted, deterministic)', () => {
  it('never commits an earlier-term entry by counting replicas, so s5 may safely overwrite it', () => {
    const { sim, seen } = figure8(raftNode(ONE_ENTRY_PER_MESSAGE));

    // (c): A from term 1 is on a majority (s1, s2, s3, s4) while s1 leads term 3, yet is not committed.
    expect(seen.holdersOfA).toEqual(['s1', 's2', 's3', 's4']);
    expect(seen.s1CommitAtC).toBeLessThan(2);
    // (d): s5 leads term 4 and its term-2 entry replaces A everywhere; every checker held.
    expect(sim.violation).toBeUndefined();
    const s5 = sim.nodeState<RaftState>('s5')!;
    expect(s5.role).toBe('leader');
    expect(s5.currentTerm).toBe(4);
    for (const id of ['s2', 's3', 's4', 's5']) {
      expect(termsOf(sim.nodeState<RaftState>(id))).toEqual([1, 2, 4]);
      expect(sim.nodeState<RaftState>(id)!.commitIndex).toBe(3);
    }
  });

  it('a leader that commits by counting earlier-term replicas is caught by Leader Completeness', () => {
    const { sim, seen } = figure8(commitByCountingEarlierTerms(ONE_ENTRY_PER_MESSAGE));

    expect(seen.s1CommitAtC).toBe(2);
    expect(sim.violation?.checker).toBe('raft-leader-completeness');
    expect(sim.violation?.message).toMatch(/s5, leader of term 4, lacks entry 2 \(put\(x=A by c#1\)@t1\) that s1 committed in term 3/);
  });
});
