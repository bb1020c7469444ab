import { hashValue } from '../digest.js';
import type { FaultProfile } from '../faults/profile.js';
import { messageIdSuffix } from '../net/message-keys.js';

/**
 * Whether a strategy may deliver a past message once more, late: the network it assumes must be one
 * that duplicates, reorders and delays without bound (a copy of an old message is all three at once).
 */
export function lateCopiesAdmitted(profile: FaultProfile, tolerated: ReadonlySet<string>, delayBoundMs: number | null): boolean {
  return tolerated.has('duplicate') && tolerated.has('reorder') && tolerated.has('long-delay') && delayBoundMs === null && !profile.fifo;
}

/**
 * Fault ids of late copies (`stale:n2>n1@3fa2c1.1`): from the link, the message's content and how many
 * copies of that content went on that link before, not from a global count, so a copy masked or cut
 * by shrinking leaves the other copies' ids as they were, like per-message fault ids
 * (sim/net/message-keys.ts).
 */
export class LateCopyIds {
  private readonly copies = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  next(from: string, to: string, msg: unknown): string {
    const content = hashValue(msg) >>> 8;
    const copy = `${from}>${to} ${content}`;
    const occurrence = (this.copies.get(copy) ?? 0) + 1;
    this.copies.set(copy, occurrence);
    return `${this.prefix}:${from}>${to}${messageIdSuffix(content, occurrence)}`;
  }
}
