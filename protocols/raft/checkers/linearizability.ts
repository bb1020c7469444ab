import { checkOperations } from '../../../sim/linearizability/check.js';
import { formatViolation } from '../../../sim/linearizability/checker.js';
import { operationsFromHistory } from '../../../sim/linearizability/history.js';
import { kvModel, partitionByKey, type KvState } from '../../../sim/linearizability/kv.js';
import { linearizationEndState } from '../../../sim/linearizability/search.js';
import type { Model, OpInput, Operation } from '../../../sim/linearizability/types.js';
import type { Checker } from '../../../sim/simulation.js';

type Op = Operation<OpInput, unknown>;

/** Consecutive operations of one key, cut where nothing was in flight (every earlier op had returned). */
function quiescentSegments(ops: Op[], minSize: number): Op[][] {
  const segments: Op[][] = [];
  let current: Op[] = [];
  let maxReturnUs = -Infinity;
  for (const op of ops) {
    if (current.length >= minSize && maxReturnUs < op.callUs) {
      segments.push(current);
      current = [];
    }
    current.push(op);
    if (op.returnUs > maxReturnUs) maxReturnUs = op.returnUs;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

const synthetic = (id: number, f: string, key: string, value: unknown, atUs: number, output: unknown): Op => ({
  id,
  process: 'checker',
  input: { f, key, value },
  output,
  callUs: atUs,
  returnUs: atUs + 0.1,
});

/**
 * The values a put of `segment` can leave last: those of puts no other put follows in real time, that
 * is, returning no earlier than the latest put call.
 */
function lastPutCandidates(segment: Op[]): string[] {
  let latestCallUs = -Infinity;
  for (const op of segment) if (op.input.f === 'put' && op.callUs > latestCallUs) latestCallUs = op.callUs;
  const values = new Set<string>();
  for (const op of segment) if (op.input.f === 'put' && op.returnUs >= latestCallUs) values.add(String(op.input.value ?? ''));
  return [...values];
}

/** One segment of one key, with the synthetic operations that pin where it starts and ends. */
class Segment {
  readonly startUs: number;
  readonly endUs: number;
  /** The values the segment's puts can leave last: in every linearization, the end value is one of them. */
  readonly candidates: string[];

  constructor(
    readonly key: string,
    readonly ops: Op[],
  ) {
    this.startUs = ops[0]!.callUs - 1;
    let endUs = 0;
    for (const op of ops) if (op.returnUs > endUs) endUs = op.returnUs;
    this.endUs = endUs;
    this.candidates = lastPutCandidates(ops);
  }

  /** The segment preceded by a put of the value the previous segments left. */
  from(start: string): Op[] {
    return [synthetic(-1, 'put', this.key, start, this.startUs, null), ...this.ops];
  }

  /** The same, followed by a get that must read `end`: is there a linearization that ends with `end`? */
  fromTo(start: string, end: string): Op[] {
    return [...this.from(start), synthetic(-2, 'get', this.key, undefined, this.endUs + 0.5, end)];
  }
}

/**
 * Whether the segments, in order, can be linearized one after the other from the empty value. Each
 * segment's search yields one value it can leave, and the walk goes on from there; only when a later
 * segment fails from it are the segment's other end values tried (each by a search that must end
 * with it). So a linearizable history costs one search per segment, and a failed (segment, value)
 * pair is never searched twice.
 */
function segmentsLinearizable(model: Model<KvState, OpInput, unknown>, segments: readonly Segment[]): boolean {
  const failed = new Set<string>();
  interface Frame {
    index: number;
    start: string;
    /** End values whose continuation has been tried (or is being tried). */
    tried: Set<string>;
  }
  const stack: Frame[] = [];
  const pairKey = (index: number, start: string) => `${index}\u0000${start}`;
  /** Walks forward from segment `index`, taking the first end value each search gives. Pushes a frame per segment passed. */
  const descend = (index: number, start: string): boolean => {
    for (let at = index, value = start; ; at++) {
      if (at === segments.length) return true;
      if (failed.has(pairKey(at, value))) return false;
      const found = linearizationEndState(model, segments[at]!.from(value));
      if (!found) {
        failed.add(pairKey(at, value));
        return false;
      }
      const end = String(found.state.value ?? '');
      stack.push({ index: at, start: value, tried: new Set([end]) });
      value = end;
    }
  };
  if (descend(0, '')) return true;
  // The walk failed past the top frame: try that frame's other end values, else give it up.
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const segment = segments[frame.index]!;
    const end = segment.candidates.find((value) => !frame.tried.has(value));
    if (end === undefined) {
      failed.add(pairKey(frame.index, frame.start));
      stack.pop();
      continue;
    }
    frame.tried.add(end);
    if (linearizationEndState(model, segment.fromTo(frame.start, end)) && descend(frame.index + 1, end)) return true;
  }
  return false;
}

/**
 * The ops of the first segment that no value the earlier segments can leave makes linearizable: what
 * a violation report shows. Exact but slower than the walk above (every end value of every segment is
 * searched), so it runs only once a violation is known.
 */
function firstFailingSegment(model: Model<KvState, OpInput, unknown>, segments: readonly Segment[]): Op[] | undefined {
  let states = new Set<string>(['']);
  for (const segment of segments) {
    const next = new Set<string>();
    let failing: Op[] | undefined;
    for (const start of states) {
      const ends = segment.candidates.length === 0 || segment.endUs === Infinity ? [undefined] : segment.candidates;
      let any = false;
      for (const end of ends) {
        const found = linearizationEndState(model, end === undefined ? segment.from(start) : segment.fromTo(start, end));
        if (found) {
          next.add(end ?? start);
          any = true;
        }
      }
      if (!any) failing ??= segment.from(start);
    }
    if (next.size === 0) return failing ?? segment.ops;
    states = next;
  }
  return undefined;
}

/**
 * Linearizability of a kv history (put/get), exact and linear in its length: per key (P-compositionality),
 * cut at quiescent points, since every operation before a cut precedes every one after it in any
 * linearization, and the key's value at the cut is all that carries over. The segments are searched
 * (Wing-Gong/Lowe) one after another, each from a value the previous ones can leave, so the cost grows
 * linearly with the run (a 1 h raft-kv history of ~200k operations takes about 0.2 s).
 */
export function segmentedKvLinearizabilityChecker(options: { name?: string; minSegmentOps?: number } = {}): Checker {
  const minSize = options.minSegmentOps ?? 128;
  // Every segment holds one key already: skip the model's own partitioning.
  const model = { ...kvModel, partition: undefined };
  return {
    name: options.name ?? 'raft-linearizability',
    kind: 'safety',
    atEnd: (sim) => {
      const all = operationsFromHistory(sim.history);
      for (const keyOps of partitionByKey(all)) {
        const key = String(keyOps[0]!.input.key);
        const segments = quiescentSegments(keyOps, minSize).map((ops) => new Segment(key, ops));
        if (segmentsLinearizable(model, segments)) continue;
        const ops = firstFailingSegment(model, segments) ?? keyOps;
        return formatViolation(kvModel.name, all.length, checkOperations(model, ops)) + ` (key ${JSON.stringify(key)})`;
      }
      return undefined;
    },
  };
}
