import { hashValue } from '../sim/digest.js';

/**
 * Checksummed messages, shared by the protocols that survive corruption in flight (RPC, MapReduce,
 * clock synchronisation, the failure-model broadcasts): a message carries a hash of its other
 * fields, and a receiver drops one whose hash no longer matches, as if it were lost.
 */

/** A message of `Family` without its checksum: what a sender writes before sealing it. */
export type Unsealed<M, Family> = M extends Family ? Omit<M, 'checksum'> : never;

/** Adds the checksum: a hash of every other field, in the order they were written. */
export function withChecksum<M>(body: object): M {
  return { ...body, checksum: hashValue(body) } as unknown as M;
}

/** False when a field was altered in flight: the message is then treated as lost. */
export function isIntact(msg: unknown): boolean {
  if (typeof msg !== 'object' || msg === null) return false;
  const { checksum, ...body } = msg as { checksum?: unknown };
  return hashValue(body) === checksum;
}
