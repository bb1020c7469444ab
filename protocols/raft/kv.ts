import type { Entry, KvMachine, Snapshot } from './types.js';

/** FNV-1a style mixing of one string into a 32-bit hash. */
function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ s.length, 16777619);
}

/**
 * The state machine's running fingerprint after applying `entry`: equal chains mean equal sequences
 * of applied commands (up to hash collisions). Checkers recompute it to compare replicas in O(1).
 */
export function chainNext(chain: number, entry: Entry): number {
  let h = Math.imul(chain ^ entry.term, 16777619);
  h = Math.imul(h ^ entry.seq, 16777619);
  h = mixString(h, entry.op);
  h = mixString(h, entry.client);
  h = mixString(h, entry.key);
  h = mixString(h, entry.value);
  return h >>> 0;
}

export function emptyMachine(): KvMachine {
  return { data: {}, sessions: {}, chain: 0 };
}

/**
 * Applies one committed entry. A put whose (client, seq) the session table has already seen is not
 * executed again: a retried command takes effect once, and the table is part of the replicated state.
 */
export function applyEntry(machine: KvMachine, entry: Entry): void {
  machine.chain = chainNext(machine.chain, entry);
  if (entry.op !== 'put') return;
  const applied = machine.sessions[entry.client] ?? 0;
  if (entry.seq <= applied) return;
  machine.sessions[entry.client] = entry.seq;
  machine.data[entry.key] = entry.value;
}

export function takeSnapshot(machine: KvMachine, index: number, term: number): Snapshot {
  return { index, term, data: { ...machine.data }, sessions: { ...machine.sessions }, chain: machine.chain };
}

/** A fresh machine from a snapshot (copies: the snapshot itself stays immutable). */
export function machineFromSnapshot(snapshot: Snapshot): KvMachine {
  return { data: { ...snapshot.data }, sessions: { ...snapshot.sessions }, chain: snapshot.chain };
}
