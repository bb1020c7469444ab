/**
 * A compact, JSON-ready encoding of every node's state history (recording mode's versions), for
 * the HTML viewer to show "the node's state after event #i". Each node keeps one entry per event
 * that changed its state: a full snapshot every CHECKPOINT_EVERY entries and after every reset
 * (init, crash, restart), and otherwise only the difference from the previous entry. The
 * difference is found by walking both versions and skipping subtrees that are the same object,
 * which immer's structural sharing makes the common case, so encoding costs what changed.
 *
 * Maps become plain objects keyed by their (stringified) keys and Sets become arrays: the viewer
 * only displays states.
 */

export const CHECKPOINT_EVERY = 32;

/** One change: set `v` at path `p`, delete at `p` (`d`), or cut the array at `p` to length `n`. */
export type StateOp = { p: (string | number)[]; v: unknown } | { p: (string | number)[]; d: 1 } | { p: (string | number)[]; n: number };

/** One version: a snapshot (`s`, `null` while the node is down) or changes to the previous one (`o`). */
export type StateEntry = { s: unknown } | { o: StateOp[] };

export interface NodeStateHistory {
  /** Engine event index after which each entry holds. */
  at: number[];
  entries: StateEntry[];
}

export interface EncodedStates {
  /** Per lane (same order as the viewer's lanes). */
  nodes: NodeStateHistory[];
}

export interface StateVersionLike {
  eventIndex: number;
  state: unknown;
  patches: readonly unknown[];
}

export function encodeStateHistory(lanes: readonly string[], historyOf: (lane: number) => readonly StateVersionLike[]): EncodedStates {
  return { nodes: lanes.map((_lane, index) => encodeNode(historyOf(index))) };
}

function encodeNode(versions: readonly StateVersionLike[]): NodeStateHistory {
  const at: number[] = [];
  const entries: StateEntry[] = [];
  let previous: unknown;
  let sinceCheckpoint = 0;
  for (const version of versions) {
    // Two versions after one event: the later one holds, stored whole so no diff has a stale base.
    const sameEvent = at.length > 0 && at[at.length - 1] === version.eventIndex;
    if (sameEvent) {
      at.pop();
      entries.pop();
    }
    const reset = version.patches.length === 0;
    if (sameEvent || reset || sinceCheckpoint >= CHECKPOINT_EVERY || previous === undefined || version.state === undefined) {
      entries.push({ s: version.state === undefined ? null : toPlain(version.state) });
      sinceCheckpoint = 0;
    } else {
      const ops: StateOp[] = [];
      diffInto(previous, version.state, [], ops);
      entries.push({ o: ops });
      sinceCheckpoint++;
    }
    at.push(version.eventIndex);
    previous = version.state;
  }
  return { at, entries };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set);

function keyText(key: unknown): string {
  return typeof key === 'string' ? key : JSON.stringify(key) ?? String(key);
}

/** The displayable JSON form of a state. */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of value) out[keyText(key)] = toPlain(entry);
    return out;
  }
  if (value instanceof Set) return [...value].map(toPlain);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toPlain((value as Record<string, unknown>)[key]);
  return out;
}

function diffInto(before: unknown, after: unknown, path: (string | number)[], ops: StateOp[]): void {
  if (before === after) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) diffInto(before[i], after[i], [...path, i], ops);
    if (after.length < before.length) ops.push({ p: path, n: after.length });
    for (let i = common; i < after.length; i++) ops.push({ p: [...path, i], v: toPlain(after[i]) });
    return;
  }
  if (before instanceof Map && after instanceof Map) {
    for (const key of before.keys()) if (!after.has(key)) ops.push({ p: [...path, keyText(key)], d: 1 });
    for (const [key, value] of after) {
      if (before.has(key)) diffInto(before.get(key), value, [...path, keyText(key)], ops);
      else ops.push({ p: [...path, keyText(key)], v: toPlain(value) });
    }
    return;
  }
  if (before instanceof Set && after instanceof Set) {
    // Sets grow by appending in the common case: encode that as array appends.
    const old = [...before];
    const now = [...after];
    if (now.length >= old.length && old.every((value, i) => now[i] === value)) {
      for (let i = old.length; i < now.length; i++) ops.push({ p: [...path, i], v: toPlain(now[i]) });
    } else {
      ops.push({ p: path, v: toPlain(after) });
    }
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) if (!Object.prototype.hasOwnProperty.call(after, key)) ops.push({ p: [...path, key], d: 1 });
    for (const key of Object.keys(after)) {
      if (Object.prototype.hasOwnProperty.call(before, key)) diffInto(before[key], after[key], [...path, key], ops);
      else ops.push({ p: [...path, key], v: toPlain(after[key]) });
    }
    return;
  }
  if (Number.isNaN(before) && Number.isNaN(after)) return;
  ops.push({ p: path, v: toPlain(after) });
}

/** Applies one entry's changes to a plain state (the viewer does the same in the page). */
export function applyStateOps(state: unknown, ops: readonly StateOp[]): unknown {
  let root = state;
  for (const op of ops) {
    if (op.p.length === 0) {
      if ('v' in op) root = structuredClone(op.v);
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (let i = 0; i < op.p.length - 1; i++) parent = parent[op.p[i] as string | number] as Record<string | number, unknown>;
    const key = op.p[op.p.length - 1] as string | number;
    if ('v' in op) parent[key] = structuredClone(op.v);
    else if ('d' in op) delete parent[key];
    else (parent[key] as unknown[]).length = op.n;
  }
  return root;
}
