import type { AdversaryAction, AdversaryInput, ProtocolAdversary } from '../../sim/byzantine.js';
import type { RaftMessage } from './messages.js';
import type { Entry } from './types.js';

export interface RaftAdversaryOptions {
  /** Per message of a kind the adversary knows how to twist: the probability that it lies. */
  lieProbability: number;
}

/**
 * A Raft-aware Byzantine node: its own logic runs honestly, but what it sends lies in the ways that
 * hurt Raft most. It grants votes it must refuse (two leaders in a term), claims a longer log than it
 * has (a stale leader overwrites committed entries), tells different followers different entries for
 * the same index (log divergence) and acknowledges entries it never stored (commits without a quorum).
 */
export function raftAdversary(options: RaftAdversaryOptions): ProtocolAdversary<RaftMessage> {
  return (input: AdversaryInput<RaftMessage>): AdversaryAction<RaftMessage>[] => {
    const { msg, to, rng } = input;
    const lie = rng.chance(options.lieProbability);
    if (!lie) return [{ to, msg }];
    switch (msg.type) {
      case 'raft.requestVoteReply':
        if (msg.granted) break;
        return [{ to, msg: { ...msg, granted: true }, kind: 'equivocate', note: `vote granted to ${to} for term ${msg.requestTerm} against the rules` }];
      case 'raft.requestVote':
        return [
          {
            to,
            msg: { ...msg, lastLogTerm: msg.lastLogTerm + 1000, lastLogIndex: msg.lastLogIndex + 1000 },
            kind: 'alter',
            note: `claims a log ending at term ${msg.lastLogTerm + 1000}`,
          },
        ];
      case 'raft.appendEntries': {
        if (msg.entries.length === 0) break;
        const forged: Entry[] = msg.entries.map((entry) => (entry.op === 'put' ? { ...entry, value: `${entry.value}!forged-for-${to}` } : entry));
        return [{ to, msg: { ...msg, entries: forged }, kind: 'equivocate', note: `entries from ${msg.prevLogIndex + 1} rewritten for ${to}` }];
      }
      case 'raft.appendEntriesReply':
        if (msg.success) break;
        return [
          {
            to,
            msg: { ...msg, success: true, matchIndex: msg.conflictIndex + 1000 },
            kind: 'alter',
            note: 'acknowledges entries it does not hold',
          },
        ];
      default:
        break;
    }
    return [{ to, msg }];
  };
}
