import type { Patch } from 'immer';

interface StateVersion {
  /** Trace index of the event after which the node had this state. */
  eventIndex: number;
  state: unknown;
  /** The change from the previous version; empty for a reset (init, restart, crash). */
  patches: Patch[];
}

/**
 * Recording mode's state history: every version of every node's state, as immer produced it.
 * Versions share unchanged structure, so keeping them all costs only what changed.
 */
export class StateRecorder {
  private readonly versions = new Map<number, StateVersion[]>();

  reset(node: number, eventIndex: number, state: unknown): void {
    this.list(node).push({ eventIndex, state, patches: [] });
  }

  change(node: number, eventIndex: number, state: unknown, patches: Patch[]): void {
    this.list(node).push({ eventIndex, state, patches });
  }

  /** The node's state right after the event with the given index (undefined: not started or crashed). */
  stateAt(node: number, eventIndex: number): unknown {
    const version = this.versionAt(node, eventIndex);
    return version?.state;
  }

  /** The change the event made to the node's state, if that event changed it. */
  patchesAt(node: number, eventIndex: number): Patch[] {
    const version = this.versionAt(node, eventIndex);
    return version && version.eventIndex === eventIndex ? version.patches : [];
  }

  /** Every version of one node's state, oldest first. */
  historyOf(node: number): readonly StateVersion[] {
    return this.versions.get(node) ?? [];
  }

  private versionAt(node: number, eventIndex: number): StateVersion | undefined {
    const list = this.versions.get(node);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found: StateVersion | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const version = list[mid] as StateVersion;
      if (version.eventIndex <= eventIndex) {
        found = version;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private list(node: number): StateVersion[] {
    let list = this.versions.get(node);
    if (!list) {
      list = [];
      this.versions.set(node, list);
    }
    return list;
  }
}
