import type { Operation } from './types.js';

/**
 * The call and return entries of one sub-history as an array-backed doubly linked list, in time
 * order (a call before a return at the same time, so touching operations count as concurrent).
 * Node 0 is the head sentinel; operation i has call node 2i+1 and return node 2i+2. An operation
 * that never returns (info or pending) has no return node: it may be linearized late or not at all.
 */
export class EntryList {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** For a call node, its return node; 0 when the operation never returns. */
  readonly match: Int32Array;
  /** Operations that must be linearized (those with a return entry). */
  readonly returning: number;

  constructor(ops: readonly Operation[]) {
    const n = ops.length;
    const nodes = 2 * n + 1;
    this.next = new Int32Array(nodes).fill(-1);
    this.prev = new Int32Array(nodes).fill(-1);
    this.match = new Int32Array(nodes);
    const calls: number[] = [];
    const returns: number[] = [];
    const times = new Float64Array(nodes);
    let returning = 0;
    for (let i = 0; i < n; i++) {
      const op = ops[i] as Operation;
      if (!(op.returnUs >= op.callUs)) throw new RangeError(`operation ${op.id} returns (${op.returnUs} µs) before it is called (${op.callUs} µs)`);
      times[2 * i + 1] = op.callUs;
      calls.push(2 * i + 1);
      if (op.returnUs !== Infinity) {
        times[2 * i + 2] = op.returnUs;
        returns.push(2 * i + 2);
        this.match[2 * i + 1] = 2 * i + 2;
        returning++;
      }
    }
    this.returning = returning;
    // By time, calls before returns, then by history order: each kind is sorted on its own (histories
    // come nearly in call order, so this is mostly a check) and the two are merged.
    const byTime = (a: number, b: number) => times[a]! - times[b]! || a - b;
    if (!isSorted(calls, times)) calls.sort(byTime);
    if (!isSorted(returns, times)) returns.sort(byTime);
    const order = new Int32Array(calls.length + returns.length);
    let c = 0;
    let r = 0;
    for (let k = 0; k < order.length; k++) {
      const takeCall = r === returns.length || (c < calls.length && times[calls[c]!]! <= times[returns[r]!]!);
      order[k] = takeCall ? calls[c++]! : returns[r++]!;
    }
    let last = 0;
    for (const node of order) {
      this.next[last] = node;
      this.prev[node] = last;
      last = node;
    }
  }

  /** Takes a call (and its return) out of the list; lift and unlift nest like dancing links. */
  lift(call: number): void {
    this.unlink(call);
    const ret = this.match[call]!;
    if (ret !== 0) this.unlink(ret);
  }

  unlift(call: number): void {
    const ret = this.match[call]!;
    if (ret !== 0) this.relink(ret);
    this.relink(call);
  }

  private unlink(node: number): void {
    const before = this.prev[node]!;
    const after = this.next[node]!;
    this.next[before] = after;
    if (after !== -1) this.prev[after] = before;
  }

  private relink(node: number): void {
    const after = this.next[node]!;
    this.next[this.prev[node]!] = node;
    if (after !== -1) this.prev[after] = node;
  }
}

/** Whether nodes (created in ascending order) are already ordered by time, ties by node. */
function isSorted(nodes: readonly number[], times: Float64Array): boolean {
  for (let k = 1; k < nodes.length; k++) if (times[nodes[k - 1]!]! > times[nodes[k]!]!) return false;
  return true;
}

export function isCall(node: number): boolean {
  return (node & 1) === 1;
}

export function opIndexOf(node: number): number {
  return (node - 1) >> 1;
}
