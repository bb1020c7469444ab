import type { Entry, RaftLog } from './types.js';

/** Index arithmetic of a compacted log. Indexes are absolute (1-based, as in the paper). */

export function lastIndex(log: RaftLog): number {
  return log.baseIndex + log.entries.length;
}

export function lastTerm(log: RaftLog): number {
  const n = log.entries.length;
  return n === 0 ? log.baseTerm : (log.entries[n - 1] as Entry).term;
}

/** The entry at an index, or undefined when it is compacted or beyond the end. */
export function entryAt(log: RaftLog, index: number): Entry | undefined {
  return index > log.baseIndex ? log.entries[index - log.baseIndex - 1] : undefined;
}

/** The term at an index: baseTerm at the snapshot boundary, -1 when unknown (compacted or missing). */
export function termAt(log: RaftLog, index: number): number {
  if (index === log.baseIndex) return log.baseTerm;
  if (index < log.baseIndex) return -1;
  const entry = log.entries[index - log.baseIndex - 1];
  return entry === undefined ? -1 : entry.term;
}

/** First index holding `term`, searching the uncompacted entries (terms never decrease along a log). */
export function firstIndexOfTerm(log: RaftLog, term: number): number {
  const entries = log.entries;
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).term < term) lo = mid + 1;
    else hi = mid;
  }
  return log.baseIndex + 1 + lo;
}

/** Last index holding `term`, or -1 if the uncompacted log has no entry of that term. */
export function lastIndexOfTerm(log: RaftLog, term: number): number {
  const entries = log.entries;
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).term <= term) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return log.baseTerm === term && log.baseIndex > 0 ? log.baseIndex : -1;
  return (entries[lo - 1] as Entry).term === term ? log.baseIndex + lo : -1;
}

/** Raft §5.4.1: is a candidate's log at least as up to date as this one? */
export function isUpToDate(log: RaftLog, candidateLastTerm: number, candidateLastIndex: number): boolean {
  const myTerm = lastTerm(log);
  return candidateLastTerm > myTerm || (candidateLastTerm === myTerm && candidateLastIndex >= lastIndex(log));
}

export function sameEntry(a: Entry, b: Entry): boolean {
  return a.term === b.term && a.op === b.op && a.client === b.client && a.seq === b.seq && a.key === b.key && a.value === b.value;
}

export function describeEntry(entry: Entry | undefined): string {
  if (!entry) return 'nothing';
  return entry.op === 'noop' ? `noop@t${entry.term}` : `put(${entry.key}=${entry.value} by ${entry.client}#${entry.seq})@t${entry.term}`;
}

/**
 * A new log entry. Entries never change once created, so they are frozen: durable storage and
 * messages then share one object instead of copying it on every write (five replicas store each one).
 */
export function newEntry(entry: Entry): Entry {
  return Object.freeze(entry);
}
