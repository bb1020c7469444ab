import { describe, expect, it } from 'vitest';
import { lastIndex, nextIndexAfterConflict, raftNode, type RaftState } from '../../../protocols/raft/index.js';
import { truncateOnAnyAppend } from '../../fixtures/raft/broken-raft.js';
import { SCRIPTED_RAFT, campaign, noop, put, scriptedCluster, termsOf } from '../../fixtures/raft/scripted.js';

/** Figure 7: the term-8 leader's log and the logs of followers (a)..(f) (terms of entries 1..n). */
const LEADER = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
const FOLLOWERS: Record<string, number[]> = {
  fa: [1, 1, 1, 4, 4, 5, 5, 6, 6],
  fb: [1, 1, 1, 4],
  fc: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
  fd: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
  fe: [1, 1, 1, 4, 4, 4, 4],
  ff: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
};

function stateWithLog(terms: number[]): RaftState {
  return { log: { baseIndex: 0, baseTerm: 0, entries: terms.map(noop) } } as RaftState;
}

describe('Raft Figure 7 (scripted, deterministic)', () => {
  it('a term-8 leader repairs all six follower logs to its own', () => {
    const servers = ['leader', ...Object.keys(FOLLOWERS)];
    const sim = scriptedCluster(servers, raftNode(SCRIPTED_RAFT), 2000);
    for (const id of servers) {
      const storage = sim.storageOf(id);
      storage.put('term', 7);
      (FOLLOWERS[id] ?? LEADER).forEach((term, i) => storage.put(`log:${i + 1}`, noop(term)));
    }
    sim.at(10, (s) => campaign(s, 'leader'));
    sim.at(500, (s) => put(s, 'leader', 1, 'x', 'after-repair'));
    sim.run();

    const leader = sim.nodeState<RaftState>('leader')!;
    expect(sim.violation).toBeUndefined();
    expect(leader.role).toBe('leader');
    expect(leader.currentTerm).toBe(8);
    expect(termsOf(leader)).toEqual([...LEADER, 8, 8]);
    for (const id of Object.keys(FOLLOWERS)) {
      const follower = sim.nodeState<RaftState>(id)!;
      expect({ id, terms: termsOf(follower) }).toEqual({ id, terms: [...LEADER, 8, 8] });
      expect(follower.commitIndex).toBe(12);
      expect(follower.kv.data).toEqual({ x: 'after-repair' });
    }
  });

  it('the conflict-term optimisation skips a whole term per round trip', () => {
    const leader = stateWithLog(LEADER);
    const reply = { type: 'raft.appendEntriesReply', term: 8, success: false, matchIndex: 0, round: 0, seq: 0 } as const;
    // (f) holds term 3 at index 11's predecessor region: the leader has no term 3, so it jumps to f's first term-3 index.
    expect(nextIndexAfterConflict(leader, { ...reply, conflictTerm: 3, conflictIndex: 7 })).toBe(7);
    // (e) holds term 4 where the leader has term 5: retry just past the leader's last term-4 entry.
    expect(nextIndexAfterConflict(leader, { ...reply, conflictTerm: 4, conflictIndex: 4 })).toBe(6);
    // (b) is too short: retry right after its last entry.
    expect(nextIndexAfterConflict(leader, { ...reply, conflictTerm: 0, conflictIndex: 5 })).toBe(5);
  });
});

describe('AppendEntries truncates only on a real conflict', () => {
  function staleAppend(server: Parameters<typeof scriptedCluster>[1]) {
    const sim = scriptedCluster(['s1', 's2', 's3'], server, 1000);
    sim.at(10, (s) => campaign(s, 's1'));
    for (let seq = 1; seq <= 3; seq++) sim.at(50 + 60 * seq, (s) => put(s, 's1', seq, 'x', `v${seq}`));
    let before: number[] = [];
    sim.at(400, (s) => {
      before = termsOf(s.nodeState<RaftState>('s2'));
      // What s1 sent when only the no-op and v1 existed, arriving again much later.
      const v1 = { term: 1, op: 'put' as const, client: 'c', seq: 1, key: 'x', value: 'v1' };
      s.inject('s1', 's2', { type: 'raft.appendEntries', term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [v1], leaderCommit: 1, round: 0, seq: 0 });
    });
    sim.run();
    return { sim, before };
  }

  it('a stale, duplicated AppendEntries leaves the entries after it in place', () => {
    const { sim, before } = staleAppend(raftNode(SCRIPTED_RAFT));

    const s2 = sim.nodeState<RaftState>('s2')!;
    expect(before).toEqual([1, 1, 1, 1]);
    expect(lastIndex(s2.log)).toBe(4);
    expect(s2.log.entries.map((entry) => entry.value)).toEqual(['', 'v1', 'v2', 'v3']);
    expect(sim.violation).toBeUndefined();
  });

  it('a follower that truncates on any AppendEntries loses committed entries, and the log checker says so', () => {
    const { sim, before } = staleAppend(truncateOnAnyAppend(SCRIPTED_RAFT));

    expect(before).toEqual([1, 1, 1, 1]);
    expect(sim.violation?.checker).toBe('raft-log-matching');
    expect(sim.violation?.message).toMatch(/^s2 lost committed entry 4 \(put\(x=v3 by c#3\)@t1\)/);
  });
});
