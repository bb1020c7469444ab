import { copyPlain } from './copy.js';
import type { StorageObserver } from './faults/storage.js';

/** In the undo log: the key held nothing before the write. */
const ABSENT = Symbol('absent');

/**
 * A node's durable key-value store: it survives crash-recovery, volatile state does not.
 * Values are copied on the way in and on the way out, so later mutation of volatile state can never
 * leak into "durable" state (that aliasing would silently hide real crash-recovery bugs).
 * With loseUnsyncedWrites, a write is visible at once but only durable after sync(): a crash
 * discards every write since the last sync. The store keeps one map and an undo log of unsynced
 * writes, so reads and writes touch one map, sync() is O(1) and only a crash pays for the undo.
 */
export class DurableStorage {
  private readonly values = new Map<string, unknown>();
  /** Unsynced writes, oldest first: each key and what it held before (ABSENT: nothing). */
  private readonly undoKeys: string[] = [];
  private readonly undoValues: unknown[] = [];
  private writes = 0;
  /** Storage faults; undefined (no cost) when the profile has none. */
  observer: StorageObserver | undefined;
  /** The engine's and the node observer's afterSync hooks, called after every sync, lost or not. */
  afterSync: (() => void) | undefined;

  constructor(private readonly loseUnsyncedWrites: boolean) {}

  get<T = unknown>(key: string): T | undefined {
    const value = copyPlain(this.values.get(key)) as T | undefined;
    if (this.observer === undefined || value === undefined) return value;
    return this.observer.read(key, value) as T;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  put(key: string, value: unknown): void {
    this.writes++;
    const copy = copyPlain(value);
    if (!this.loseUnsyncedWrites) {
      this.values.set(key, copy);
      return;
    }
    // Two lookups, not three: whether the key is new shows in the map's size.
    const sizeBefore = this.values.size;
    const before = this.values.get(key);
    this.values.set(key, copy);
    this.remember(key, this.values.size > sizeBefore ? ABSENT : before);
  }

  delete(key: string): void {
    this.writes++;
    const before = this.loseUnsyncedWrites ? this.values.get(key) : undefined;
    if (this.values.delete(key) && this.loseUnsyncedWrites) this.remember(key, before);
  }

  /** Rolls `map` back over the unsynced writes, newest first, down to (not including) the first `keep`. */
  private undoOnto(map: Map<string, unknown>, keep = 0): void {
    for (let i = this.undoKeys.length - 1; i >= keep; i--) {
      const key = this.undoKeys[i] as string;
      const before = this.undoValues[i];
      if (before === ABSENT) map.delete(key);
      else map.set(key, before);
    }
  }

  private remember(key: string, before: unknown): void {
    this.undoKeys.push(key);
    this.undoValues.push(before);
  }

  /**
   * Keys in a defined order: the order in which they were first written (a key deleted and written
   * again counts from the new write; one restored by a crash counts from the restore).
   */
  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Makes every pending write durable (an fsync), unless a storage fault loses this sync. */
  sync(): void {
    if (this.observer === undefined || !this.observer.sync(this.undoKeys.length)) this.forget();
    if (this.afterSync !== undefined) this.afterSync();
  }

  private forget(): void {
    this.undoKeys.length = 0;
    this.undoValues.length = 0;
  }

  get writeCount(): number {
    return this.writes;
  }

  /**
   * Called by the engine on a crash: unsynced writes are lost (all of them, or all but the oldest
   * few when a torn-write fault keeps a prefix). Returns how many keys the lost writes touched.
   */
  loseUnsynced(): number {
    const kept = this.observer !== undefined && this.undoKeys.length > 0 ? this.observer.keptAtCrash(this.undoKeys.length) : 0;
    const lostKeys = this.undoKeys.slice(kept);
    this.undoOnto(this.values, kept);
    this.forget();
    return new Set(lostKeys).size;
  }

  /** A copy of what a crash would keep right now (for inspection and tests). */
  snapshot(): Record<string, unknown> {
    const kept = new Map(this.values);
    this.undoOnto(kept);
    const out: Record<string, unknown> = {};
    for (const [key, value] of kept) out[key] = copyPlain(value);
    return out;
  }
}
