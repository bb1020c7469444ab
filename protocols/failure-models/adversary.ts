import type { AdversaryAction, AdversaryInput, ProtocolAdversary } from '../../sim/byzantine.js';
import { checksumOf } from '../broadcast/node.js';
import type { BroadcastMessage } from '../broadcast/messages.js';

/**
 * A broadcast-aware Byzantine process: beside each data message it sends, it sometimes forges one in
 * another process's name, with a valid checksum (a checksum guards against noise, not against a liar).
 * Crash-recovery broadcast trusts the origin field, so honest processes deliver what nobody broadcast.
 */
export function forgingAdversary(forgeProbability: number): ProtocolAdversary<BroadcastMessage> {
  let forged = 0;
  return (input: AdversaryInput<BroadcastMessage>): AdversaryAction<BroadcastMessage>[] => {
    const { msg, to, rng, peers } = input;
    if (msg.type !== 'bcast.data' || !rng.chance(forgeProbability) || peers.length < 2) return [{ to, msg }];
    const victim = rng.pick(peers.filter((peer) => peer !== to));
    const seq = 1 + rng.int(3);
    const body = `forged-${++forged}`;
    const fake: BroadcastMessage = { type: 'bcast.data', origin: victim, seq, body, checksum: checksumOf(victim, seq, body) };
    return [{ to, msg }, { to, msg: fake, kind: 'custom', note: `forged ${victim}#${seq}` }];
  };
}
