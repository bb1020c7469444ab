import { alterOneField } from '../alter.js';
import type { EventLog } from '../event-log.js';
import { chance, mixKey, unitOf } from '../net/message-keys.js';
import { RandomStream } from '../random.js';
import type { FaultFilter } from './filter.js';
import type { FaultProfile } from './profile.js';

/** What a node's DurableStorage asks at its fault points; set only when the profile has storage faults. */
export interface StorageObserver {
  /** After sync(): true when this sync is lost (its writes stay unsynced and a crash loses them). */
  sync(pendingWrites: number): boolean;
  /** On get() of a present key: the value to return (altered when the read is corrupted). */
  read(key: string, value: unknown): unknown;
  /** On a crash with unsynced writes: how many of the oldest survive (torn write), or 0. */
  keptAtCrash(unsyncedWrites: number): number;
}

const SALT_LOST_SYNC = 0x6a09e667;
const SALT_CORRUPT_READ = 0x3c6ef372;
const SALT_TORN_WRITE = 0xa54ff53a;
const SALT_TORN_PREFIX = 0x510e527f;

/**
 * TigerBeetle-style storage faults, for scenarios that opt in: a sync that reports success but is
 * lost at the next crash, a read that returns a value with one field altered, a crash that keeps a
 * prefix of the unsynced writes (a torn multi-key write) instead of none. Each decision is keyed by
 * (seed, node, kind, how many such operations the node did before), and its id names them:
 * `storage:lost-sync:n1#7` is n1's 7th sync. Lost syncs and torn writes act only where unsynced
 * writes exist at all (profile.loseUnsyncedWrites).
 */
export class StorageFaults implements StorageObserver {
  private readonly key: number;
  private syncs = 0;
  private reads = 0;
  private crashes = 0;

  constructor(
    private readonly node: string,
    private readonly profile: FaultProfile,
    private readonly rootSeed: string,
    private readonly log: EventLog,
    private readonly filter: FaultFilter,
  ) {
    let key = 0x2f1e3d5c;
    for (let i = 0; i < rootSeed.length; i++) key = mixKey(key, rootSeed.charCodeAt(i));
    for (let i = 0; i < node.length; i++) key = mixKey(key, node.charCodeAt(i) + 0x10000);
    this.key = key;
  }

  sync(pendingWrites: number): boolean {
    const count = ++this.syncs;
    let lost = false;
    if (pendingWrites > 0 && chance(mixKey(this.key, count), SALT_LOST_SYNC, this.profile.lostSyncProbability)) {
      const fault = this.allowed('lost-sync', count);
      if (fault) {
        lost = true;
        this.log.stats.faults.storage++;
        this.log.rare({ type: 'storage.lost-sync', node: this.node, fault, writes: pendingWrites });
      }
    }
    return lost;
  }

  read(key: string, value: unknown): unknown {
    const count = ++this.reads;
    if (!chance(mixKey(this.key, count), SALT_CORRUPT_READ, this.profile.corruptReadProbability)) return value;
    const fault = this.allowed('corrupt-read', count);
    const altered = fault ? alterOneField(value, new RandomStream(this.rootSeed, fault)) : undefined;
    if (!fault || !altered) return value;
    this.log.stats.faults.storage++;
    this.log.rare({ type: 'storage.corrupt-read', node: this.node, fault, key, path: altered.path });
    return altered.msg;
  }

  keptAtCrash(unsyncedWrites: number): number {
    const count = ++this.crashes;
    const decision = mixKey(this.key, count);
    if (unsyncedWrites < 2 || !chance(decision, SALT_TORN_WRITE, this.profile.tornWriteProbability)) return 0;
    const fault = this.allowed('torn-write', count);
    if (!fault) return 0;
    const kept = 1 + Math.floor(unitOf(decision, SALT_TORN_PREFIX) * (unsyncedWrites - 1));
    this.log.stats.faults.storage++;
    this.log.rare({ type: 'storage.torn-write', node: this.node, fault, kept, lost: unsyncedWrites - kept });
    return kept;
  }

  private allowed(kind: string, count: number): string | undefined {
    const id = `storage:${kind}:${this.node}#${count}`;
    return this.filter.allows(id) ? id : undefined;
  }
}

/** Whether the profile asks for any storage fault. */
export function hasStorageFaults(profile: FaultProfile): boolean {
  return profile.lostSyncProbability > 0 || profile.corruptReadProbability > 0 || profile.tornWriteProbability > 0;
}
