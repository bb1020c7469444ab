import { raftKv } from '../../scenarios/raft-kv.js';
import { forgetting, patchScenario, servers, syncOnTimerOnly, writtenAfterSync } from './patch.js';
import type { PlantedBug } from './types.js';

const lastIndex = (state: any): number => state.log.baseIndex + state.log.entries.length;

/** Raft (raft-kv: 5 servers, 9 clients): term and vote handling, dedup, snapshots, commit rules, persistence order. */
export const raftBugs: PlantedBug[] = [
  {
    id: 'raft-vote-reply-any-election',
    protocol: 'raft',
    description: 'a candidate counts a granted vote without checking it answers its current election (a late vote from an earlier term counts)',
    scenario: patchScenario(raftKv, 'planted:raft-vote-reply-any-election', servers, {
      incoming: (state, _from, msg) =>
        msg.type === 'raft.requestVoteReply' && msg.granted && msg.term <= state.currentTerm
          ? { ...msg, requestTerm: msg.preVote ? state.currentTerm + 1 : state.currentTerm }
          : msg,
    }),
  },
  {
    id: 'raft-vote-ignores-votedfor',
    protocol: 'raft',
    description: 'a follower grants a vote whenever the term is not stale, forgetting it already voted for someone else in this term',
    scenario: patchScenario(raftKv, 'planted:raft-vote-ignores-votedfor', servers, {
      incoming: (state, from, msg) => {
        if (msg.type === 'raft.requestVote' && !msg.preVote && msg.term === state.currentTerm && state.votedFor !== from) state.votedFor = null;
        return msg;
      },
    }),
  },
  {
    id: 'raft-append-no-term-check',
    protocol: 'raft',
    description: 'a follower accepts AppendEntries from a deposed leader (the stale-term check is missing)',
    scenario: patchScenario(raftKv, 'planted:raft-append-no-term-check', servers, {
      incoming: (state, _from, msg) => (msg.type === 'raft.appendEntries' && msg.term < state.currentTerm ? { ...msg, term: state.currentTerm } : msg),
    }),
  },
  {
    id: 'raft-term-not-persisted',
    protocol: 'raft',
    description: 'currentTerm is kept in memory only (the vote is persisted): after a restart the node votes again in a term it already voted in',
    scenario: patchScenario(raftKv, 'planted:raft-term-not-persisted', servers, { storage: forgetting((key) => key === 'term') }),
  },
  {
    id: 'raft-lazy-fsync',
    protocol: 'raft',
    description: 'group commit done wrong: fsync is deferred to the next timer, so votes and acks leave before their writes are durable',
    scenario: patchScenario(raftKv, 'planted:raft-lazy-fsync', servers, syncOnTimerOnly()),
  },
  {
    id: 'raft-entries-after-fsync',
    protocol: 'raft',
    description: 'persistence order: log entries are written after the fsync that should cover them, so an ack can precede their durability',
    scenario: patchScenario(raftKv, 'planted:raft-entries-after-fsync', servers, { storage: writtenAfterSync((key) => key.startsWith('log:')) }),
  },
  {
    id: 'raft-commit-past-new-entries',
    protocol: 'raft',
    description: 'a follower advances commitIndex to min(leaderCommit, last log index) instead of the last entry the leader just confirmed',
    scenario: patchScenario(raftKv, 'planted:raft-commit-past-new-entries', servers, {
      afterMessage: (state, _from, msg) => {
        if (msg.type !== 'raft.appendEntries' || msg.term !== state.currentTerm) return;
        const commit = Math.min(msg.leaderCommit, lastIndex(state));
        if (commit > state.commitIndex) state.commitIndex = commit;
      },
    }),
  },
  {
    id: 'raft-snapshot-without-sessions',
    protocol: 'raft',
    description: 'InstallSnapshot carries the data but not the client sessions: a follower that later leads re-executes a retried put',
    scenario: patchScenario(raftKv, 'planted:raft-snapshot-without-sessions', servers, {
      outgoing: (_to, msg) => (msg.type === 'raft.installSnapshot' ? { ...msg, snapshot: { ...msg.snapshot, sessions: {} } } : msg),
    }),
  },
  {
    id: 'raft-snapshot-discards-log',
    protocol: 'raft',
    description: 'installing a snapshot discards the whole log, including acknowledged entries after the snapshot',
    scenario: patchScenario(raftKv, 'planted:raft-snapshot-discards-log', servers, {
      afterMessage: (state, _from, msg, ctx) => {
        if (msg.type !== 'raft.installSnapshot' || state.log.baseIndex !== msg.snapshot.index) return;
        const last = lastIndex(state);
        for (let index = state.log.baseIndex + 1; index <= last; index++) ctx.storage.delete('log:' + index);
        state.log.entries.length = 0;
      },
    }),
  },
  {
    id: 'raft-ack-any-term',
    protocol: 'raft',
    description: "a leader counts AppendEntries acks from an earlier term of its own towards commitment (the reply's term is not compared)",
    scenario: patchScenario(raftKv, 'planted:raft-ack-any-term', servers, {
      incoming: (state, _from, msg) =>
        msg.type === 'raft.appendEntriesReply' && msg.success && msg.term < state.currentTerm ? { ...msg, term: state.currentTerm } : msg,
    }),
  },
  {
    id: 'raft-fixed-election-timeout',
    protocol: 'raft',
    description: 'the election timeout is not randomised (every node draws the midpoint): split votes repeat',
    scenario: patchScenario(raftKv, 'planted:raft-fixed-election-timeout', servers, { random: () => () => 0.5 }),
  },
];
