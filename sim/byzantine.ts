import { alterOneField } from './alter.js';
import { hashValue } from './digest.js';
import type { RandomStream } from './random.js';
import type { FaultProfile } from './faults/profile.js';

export interface AdversaryInput<M = unknown> {
  from: string;
  to: string;
  msg: M;
  peers: readonly string[];
  rng: RandomStream;
  nowUs: number;
  /** This node's most recent sends (oldest first), for replay attacks. */
  pastSends: readonly { to: string; msg: M }[];
}

export type AdversaryKind = 'equivocate' | 'alter' | 'replay' | 'custom';

/** One message the adversary puts on the wire in place of (or beside) the honest one. */
export interface AdversaryAction<M = unknown> {
  to: string;
  msg: M;
  /** Honest messages pass with no kind; altered or injected ones name what was done. */
  kind?: AdversaryKind;
  note?: string;
}

/**
 * A protocol-aware adversary: returns what to send instead of msg (an empty list suppresses it), or
 * undefined to fall back to the generic adversary below.
 */
export type ProtocolAdversary<M = unknown> = (input: AdversaryInput<M>) => AdversaryAction<M>[] | undefined;

/**
 * The generic seeded adversary: equivocation (the same field given different values for different
 * peers), altered fields, and replay of a stale message to a random peer.
 */
export function genericAdversary<M>(input: AdversaryInput<M>, profile: FaultProfile): AdversaryAction<M>[] {
  const { rng, msg, to } = input;
  const roll = rng.float();
  const replayRoll = rng.float();
  const out: AdversaryAction<M>[] = [];
  if (roll < profile.byzantineEquivocateProbability) {
    const altered = alterOneField(msg, rng, hashValue(msg));
    out.push(altered ? { to, msg: altered.msg, kind: 'equivocate', note: altered.path } : { to, msg });
  } else if (roll < profile.byzantineEquivocateProbability + profile.byzantineAlterProbability) {
    const altered = alterOneField(msg, rng);
    out.push(altered ? { to, msg: altered.msg, kind: 'alter', note: altered.path } : { to, msg });
  } else {
    out.push({ to, msg });
  }
  if (replayRoll < profile.byzantineReplayProbability && input.pastSends.length > 0 && input.peers.length > 0) {
    const stale = rng.pick(input.pastSends);
    out.push({ to: rng.pick(input.peers), msg: stale.msg, kind: 'replay' });
  }
  return out;
}
