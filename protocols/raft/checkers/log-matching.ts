import type { Checker } from '../../../sim/simulation.js';
import { describeEntry, entryAt, lastIndex, sameEntry, termAt } from '../log.js';
import type { Entry, RaftState } from '../types.js';
import { byzantineNote } from './attribution.js';

interface Seen {
  entry: Entry;
  prevTerm: number;
  node: string;
  next: Seen | undefined;
}

interface NodeCursor {
  /** Entries up to here were verified; checkedEntry is the object that sat at checkedIndex. */
  checkedIndex: number;
  checkedEntry: Entry | undefined;
  /** The node's commit index and the entry there, at the end of its previous step. */
  commitIndex: number;
  committedEntry: Entry | undefined;
}

/**
 * Log Matching (Figure 3): if two logs hold an entry with the same index and term, the logs are
 * identical up to that index. By induction it is enough that every (index, term) pair always comes
 * with the same command and the same term just before it, so each entry is checked once, when it
 * appears. Also checked: a node never loses or replaces an entry it has committed.
 */
export function logMatchingChecker(servers: readonly string[]): Checker {
  const byIndex: (Seen | undefined)[] = [];
  const cursors = new Map<string, NodeCursor>(servers.map((id) => [id, { checkedIndex: 0, checkedEntry: undefined, commitIndex: 0, committedEntry: undefined }]));

  const verify = (node: string, index: number, entry: Entry, prevTerm: number, sim: Parameters<NonNullable<Checker['afterStep']>>[1]): string | undefined => {
    let seen = byIndex[index];
    if (!seen) {
      byIndex[index] = { entry, prevTerm, node, next: undefined };
      return undefined;
    }
    for (; ; seen = seen.next) {
      if (seen.entry.term === entry.term) {
        if ((seen.entry === entry || sameEntry(seen.entry, entry)) && seen.prevTerm === prevTerm) return undefined;
        const what = seen.prevTerm !== prevTerm ? `preceded by term ${seen.prevTerm} vs ${prevTerm}` : `${describeEntry(seen.entry)} vs ${describeEntry(entry)}`;
        return `log matching broken at index ${index}, term ${entry.term}: ${seen.node} and ${node} hold different entries (${what})` + byzantineNote(sim, [seen.node, node]);
      }
      if (!seen.next) break;
    }
    seen.next = { entry, prevTerm, node, next: undefined };
    return undefined;
  };

  return {
    name: 'raft-log-matching',
    kind: 'safety',
    nodes: servers,
    afterStep: (step, sim) => {
      const cursor = cursors.get(step.node)!;
      const state = sim.nodeState<RaftState>(step.node);
      if (!state) {
        cursor.checkedIndex = 0;
        cursor.checkedEntry = undefined;
        cursor.commitIndex = 0;
        cursor.committedEntry = undefined;
        return undefined;
      }
      const log = state.log;
      const last = lastIndex(log);
      if (cursor.committedEntry !== undefined && cursor.commitIndex > log.baseIndex) {
        const now = entryAt(log, cursor.commitIndex);
        // Entries are shared frozen objects: the same one is nearly always still there.
        if (now !== cursor.committedEntry && (now === undefined || !sameEntry(now, cursor.committedEntry))) {
          return `${step.node} lost committed entry ${cursor.commitIndex} (${describeEntry(cursor.committedEntry)}): its log now has ${describeEntry(now)} there` + byzantineNote(sim, [step.node]);
        }
      }
      if (state.commitIndex > last) return `${step.node} has commitIndex ${state.commitIndex} beyond its last entry ${last}` + byzantineNote(sim, [step.node]);
      // Resume after the last verified entry if it is still in place; otherwise (truncation, restart,
      // snapshot) verify again from the snapshot boundary.
      let from = cursor.checkedIndex;
      if (from <= log.baseIndex || from > last || entryAt(log, from) !== cursor.checkedEntry) from = log.baseIndex;
      for (let index = from + 1; index <= last; index++) {
        const message = verify(step.node, index, entryAt(log, index)!, termAt(log, index - 1), sim);
        if (message) return message;
      }
      cursor.checkedIndex = last;
      cursor.checkedEntry = entryAt(log, last);
      cursor.commitIndex = state.commitIndex;
      cursor.committedEntry = entryAt(log, state.commitIndex);
      return undefined;
    },
  };
}
