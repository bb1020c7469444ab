import { xidOf, type RpcResult } from './messages.js';

/** What the server remembers about one client's calls. */
export interface ClientRecord {
  /** The client said it is done with every seq <= doneUpTo: those entries are discarded. */
  doneUpTo: number;
  /** Old replies by seq, resent to retransmissions until the client is done with them. */
  replies: Record<string, RpcResult>;
}

/**
 * The at-most-once dedup table. `clients` is what may be made durable; `executing` (the pending
 * marks) is always volatile: an execution in progress dies with the server, and since a call's
 * effect and its table entry are written in one step, a call that was executing at a crash has not
 * happened at all.
 */
export interface DedupTable {
  clients: Record<string, ClientRecord>;
  executing: Record<string, true>;
}

export type Verdict =
  | { kind: 'new' }
  | { kind: 'executing' }
  | { kind: 'done'; result: RpcResult }
  /** Seq <= doneUpTo with no entry: a late duplicate of a call the client has finished with. */
  | { kind: 'stale' };

export const emptyTable = (): DedupTable => ({ clients: {}, executing: {} });

function recordOf(table: DedupTable, client: string): ClientRecord {
  let record = table.clients[client];
  if (!record) table.clients[client] = record = { doneUpTo: 0, replies: {} };
  return record;
}

/** Applies the client's piggybacked "done with every seq <= doneUpTo". Returns true if it changed. */
export function discardUpTo(table: DedupTable, client: string, doneUpTo: number): boolean {
  const record = recordOf(table, client);
  if (!(doneUpTo > record.doneUpTo)) return false;
  record.doneUpTo = doneUpTo;
  for (const seq of Object.keys(record.replies)) {
    if (Number(seq) <= doneUpTo) delete record.replies[seq];
  }
  return true;
}

export function classify(table: DedupTable, client: string, seq: number): Verdict {
  if (table.executing[xidOf(client, seq)]) return { kind: 'executing' };
  const record = table.clients[client];
  if (!record) return { kind: 'new' };
  const result = record.replies[String(seq)];
  if (result !== undefined) return { kind: 'done', result };
  return seq <= record.doneUpTo ? { kind: 'stale' } : { kind: 'new' };
}

export function markExecuting(table: DedupTable, client: string, seq: number): void {
  table.executing[xidOf(client, seq)] = true;
}

/** Clears the pending mark and keeps the reply, unless the client is already done with the call. */
export function complete(table: DedupTable, client: string, seq: number, result: RpcResult): void {
  delete table.executing[xidOf(client, seq)];
  const record = recordOf(table, client);
  if (seq > record.doneUpTo) record.replies[String(seq)] = result;
}

/** Number of remembered replies (for tests and the README's claim that the table stays small). */
export function tableSize(table: DedupTable): number {
  let size = 0;
  for (const client of Object.keys(table.clients)) size += Object.keys(table.clients[client]!.replies).length;
  return size;
}
