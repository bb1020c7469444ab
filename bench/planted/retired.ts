import { chainKv } from '../../scenarios/chain-kv.js';
import { primaryBackupKv } from '../../scenarios/primary-backup-kv.js';
import type { NodeSpec, Scenario } from '../../sim/index.js';
import type { Patch } from './patch.js';

/**
 * Planted bugs taken out of the benchmark because no checker could ever see them: the rule they
 * bend is already enforced by another guard of the product, or it decides nothing a checker
 * reads. Kept with their patches so that `bench/planted/effect.ts` can show it again.
 */
export interface RetiredBug {
  id: string;
  description: string;
  /** Why no checker can fail, and what replaced it. */
  why: string;
  base: Scenario;
  which(node: NodeSpec): boolean;
  patch: Patch;
}

const replicas = (node: NodeSpec): boolean => node.role === 'replica';
const pbServers = (node: NodeSpec): boolean => node.role === 'server';

export const retiredBugs: RetiredBug[] = [
  {
    id: 'chain-ack-any-epoch',
    description: 'a replica takes acks from a successor of an older configuration as acks in the current one',
    why: 'the replica never reads an ack\'s epoch (it checks that the sender is its current successor), so the rewrite changes nothing; replaced by chain-head-renumbers-retry',
    base: chainKv,
    which: replicas,
    patch: { incoming: (state, _from, msg) => (msg.type === 'chain.ack' && msg.epoch < state.config.epoch ? { ...msg, epoch: state.config.epoch } : msg) },
  },
  {
    id: 'chain-updates-any-epoch',
    description: 'a replica applies updates from a predecessor of an older chain configuration (the epoch check is missing)',
    why:
      'updates are taken only from the current predecessor, whatever their epoch; the epoch only starts a new tail\'s catch-up, and every update a predecessor that stays one sends after the tail joined is a valid catch-up target; replaced by chain-head-acks-applied-retry',
    base: chainKv,
    which: replicas,
    patch: { incoming: (state, _from, msg) => (msg.type === 'chain.updates' && msg.epoch < state.config.epoch ? { ...msg, epoch: state.config.epoch } : msg) },
  },
  {
    id: 'chain-lease-any-epoch',
    description: 'the tail accepts a read lease granted for an older epoch as its own and serves reads with it',
    why:
      'the master sends a lease only to the tail that pinged, and never lets two holders\' leases overlap (a new holder starts after the latest lease ends), so an old lease taken as current is still exclusive and still ends on time; replaced by chain-new-tail-not-caught-up',
    base: chainKv,
    which: replicas,
    patch: {
      incoming: (state, _from, msg) =>
        msg.type === 'chain.config' && msg.lease && msg.lease.epoch < state.config.epoch ? { ...msg, lease: { ...msg.lease, epoch: Math.max(state.config.epoch, msg.config.epoch) } } : msg,
    },
  },
  {
    id: 'pb-backup-commit-unclamped',
    description: "a backup takes the primary's commit point as its own even past the end of its log",
    why:
      'a backup\'s commit point decides only which log entries it leaves unanswered if it becomes primary (a client retries those); what is committed, executed and answered is unchanged; replaced by pb-primary-local-reads',
    base: primaryBackupKv,
    which: pbServers,
    patch: {
      afterMessage: (state, _from, msg) => {
        if (msg.type === 'pb.replicate' && msg.view === state.installed && msg.commit > state.commit) state.commit = msg.commit;
      },
    },
  },
];
