import { copyPlain } from './copy.js';

const DELETED = Symbol('deleted');

/**
 * A node's durable key-value store: it survives crash-recovery, volatile state does not.
 * Values are copied on the way in and on the way out, so later mutation of volatile state can never
 * leak into "durable" state (that aliasing would silently hide real crash-recovery bugs).
 * With loseUnsyncedWrites, writes stay pending until sync() and a crash discards them.
 */
export class DurableStorage {
  private readonly durable = new Map<string, unknown>();
  private readonly pending = new Map<string, unknown>();
  private writes = 0;

  constructor(private readonly loseUnsyncedWrites: boolean) {}

  get<T = unknown>(key: string): T | undefined {
    const value = this.pending.has(key) ? this.pending.get(key) : this.durable.get(key);
    return value === DELETED ? undefined : (copyPlain(value) as T | undefined);
  }

  has(key: string): boolean {
    const value = this.pending.has(key) ? this.pending.get(key) : this.durable.get(key);
    return value !== undefined && value !== DELETED;
  }

  put(key: string, value: unknown): void {
    this.writes++;
    const copy = copyPlain(value);
    if (this.loseUnsyncedWrites) this.pending.set(key, copy);
    else this.durable.set(key, copy);
  }

  delete(key: string): void {
    this.writes++;
    if (this.loseUnsyncedWrites) this.pending.set(key, DELETED);
    else this.durable.delete(key);
  }

  /** Keys in a defined order: durable insertion order, then keys that exist only as pending writes. */
  keys(): string[] {
    const out: string[] = [];
    for (const key of this.durable.keys()) if (this.has(key)) out.push(key);
    for (const key of this.pending.keys()) if (!this.durable.has(key) && this.has(key)) out.push(key);
    return out;
  }

  /** Makes every pending write durable (an fsync). */
  sync(): void {
    // Most syncs find nothing pending; clear() would still allocate a fresh table.
    if (this.pending.size === 0) return;
    // forEach, not for-of: no [key, value] pair is allocated per entry. Same insertion order.
    this.pending.forEach(this.makeDurable);
    this.pending.clear();
  }

  private readonly makeDurable = (value: unknown, key: string): void => {
    if (value === DELETED) this.durable.delete(key);
    else this.durable.set(key, value);
  };

  get writeCount(): number {
    return this.writes;
  }

  /** Called by the engine on a crash: pending writes are lost. Returns how many were lost. */
  loseUnsynced(): number {
    const lost = this.pending.size;
    this.pending.clear();
    return lost;
  }

  /** A copy of what a crash would keep right now (for inspection and tests). */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.durable) out[key] = copyPlain(value);
    return out;
  }
}
