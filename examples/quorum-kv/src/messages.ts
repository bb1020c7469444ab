/** A version orders writes: a higher counter wins, the writer's id breaks ties. */
export interface Version {
  counter: number;
  writer: string;
}

export interface Stored {
  version: Version;
  value: string | null;
}

/** Messages are plain data with a namespaced type tag. `op` matches a reply to its request. */
export type QuorumMsg =
  | { type: 'kv.query'; op: number; key: string }
  | { type: 'kv.queryReply'; op: number; key: string; stored: Stored }
  | { type: 'kv.store'; op: number; key: string; stored: Stored }
  | { type: 'kv.storeAck'; op: number; key: string };

export const ZERO: Stored = { version: { counter: 0, writer: '' }, value: null };

export function newer(a: Version, b: Version): boolean {
  return a.counter !== b.counter ? a.counter > b.counter : a.writer > b.writer;
}
