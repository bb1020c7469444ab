import type { DurableStorage } from '../../sim/storage.js';
import type { Entry, RaftLog, Snapshot } from './types.js';

/**
 * Durable layout: `term`, `vote`, one key per log entry (`log:<index>`, so persisting is O(1) per
 * entry) and `snap` for the latest snapshot. Every function here syncs before returning, so a caller
 * that answers afterwards has its state on disk even when the profile loses unsynced writes.
 */

/**
 * Recently made entry keys, by index modulo their number. Each entry is written by every replica
 * (five in raft-kv): one string per index instead of one per write, whose hash the store's map then
 * computes once, and whose lookups compare one pointer. The same text either way.
 */
const RECENT_KEYS = 1024;
const recentKeyIndex = new Float64Array(RECENT_KEYS).fill(-1);
const recentKeys: string[] = new Array<string>(RECENT_KEYS).fill('');

function entryKey(index: number): string {
  const slot = index & (RECENT_KEYS - 1);
  if (recentKeyIndex[slot] === index) return recentKeys[slot] as string;
  const key = 'log:' + index;
  recentKeyIndex[slot] = index;
  recentKeys[slot] = key;
  return key;
}

export function saveTermAndVote(storage: DurableStorage, term: number, votedFor: string | null): void {
  storage.put('term', term);
  storage.put('vote', votedFor);
  storage.sync();
}

/** Writes entries fromIndex..lastIndex of the log (already in memory) and syncs. */
export function saveEntries(storage: DurableStorage, log: RaftLog, fromIndex: number): void {
  const last = log.baseIndex + log.entries.length;
  for (let index = fromIndex; index <= last; index++) storage.put(entryKey(index), log.entries[index - log.baseIndex - 1]);
  storage.sync();
}

/** Deletes the keys of indexes fromIndex..toIndex (a truncated suffix or a compacted prefix). No sync. */
export function deleteEntries(storage: DurableStorage, fromIndex: number, toIndex: number): void {
  for (let index = fromIndex; index <= toIndex; index++) storage.delete(entryKey(index));
}

export function saveSnapshot(storage: DurableStorage, snapshot: Snapshot): void {
  storage.put('snap', snapshot);
  storage.sync();
}

export interface DurableRaft {
  currentTerm: number;
  votedFor: string | null;
  snapshot: Snapshot | null;
  log: RaftLog;
}

/** Everything a restart reads back: a fresh node reads an empty store. */
export function loadDurable(storage: DurableStorage): DurableRaft {
  const snapshot = storage.get<Snapshot>('snap') ?? null;
  const log: RaftLog = { baseIndex: snapshot?.index ?? 0, baseTerm: snapshot?.term ?? 0, entries: [] };
  for (let index = log.baseIndex + 1; ; index++) {
    const entry = storage.get<Entry>(entryKey(index));
    if (entry === undefined) break;
    log.entries.push(entry);
  }
  return {
    currentTerm: storage.get<number>('term') ?? 0,
    votedFor: storage.get<string | null>('vote') ?? null,
    snapshot,
    log,
  };
}
