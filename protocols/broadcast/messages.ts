/** Messages of the reliable broadcast protocol (a tagged union). */

export interface DataMessage {
  type: 'bcast.data';
  origin: string;
  seq: number;
  body: string;
  /** Hash of (origin, seq, body): a corrupted message fails it and is treated as lost. */
  checksum: number;
}

/** Anti-entropy: "I have delivered every message of origin o up to seq have[o]". */
export interface GossipMessage {
  type: 'bcast.gossip';
  have: Record<string, number>;
  /** Ask for a gossip in return (so that pulls go both ways). */
  reply: boolean;
}

export type BroadcastMessage = DataMessage | GossipMessage;
