import { checkOperations, formatViolation, kvModel, operationsFromHistory, partitionByKey, type Checker, type OpInput, type Operation } from '../../../sim/index.js';

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

/** The values a put of `segment` can leave last: those no other put of the segment follows in real time. */
function lastPutCandidates(segment: Op[]): string[] {
  const puts = segment.filter((op) => op.input.f === 'put');
  return puts.filter((p) => !puts.some((q) => q !== p && q.callUs > p.returnUs)).map((p) => String(p.input.value ?? ''));
}

/**
 * Linearizability of a kv history (put/get), exact and linear in its length: per key (P-compositionality),
 * cut at quiescent points, since every operation before a cut precedes every one after it in any
 * linearization, and the key's value at the cut is all that carries over. Each segment is checked by
 * the Wing-Gong/Lowe search from every value the previous segments can have left, and yields the
 * values it can leave, so the cost grows linearly with the run (a 1 h raft-kv history of ~200k
 * operations takes about 0.6 s).
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
      let syntheticId = -1;
      for (const keyOps of partitionByKey(all)) {
        const key = String(keyOps[0]!.input.key);
        let states = new Set<string>(['']);
        for (const segment of quiescentSegments(keyOps, minSize)) {
          const startUs = segment[0]!.callUs - 1;
          let endUs = 0;
          for (const op of segment) if (op.returnUs > endUs) endUs = op.returnUs;
          const candidates = lastPutCandidates(segment);
          const next = new Set<string>();
          let failing: Op[] | undefined;
          for (const state of states) {
            const ops = [synthetic(syntheticId--, 'put', key, state, startUs, null), ...segment];
            if (candidates.length === 0 || endUs === Infinity) {
              const result = checkOperations(model, ops);
              if (result.verdict !== 'not-linearizable') next.add(state);
              else failing ??= ops;
              continue;
            }
            let any = false;
            for (const value of candidates) {
              const probe = [...ops, synthetic(syntheticId--, 'get', key, undefined, endUs + 0.5, value)];
              if (checkOperations(model, probe).verdict !== 'not-linearizable') {
                next.add(value);
                any = true;
              }
            }
            if (!any) failing ??= ops;
          }
          if (next.size === 0) {
            const ops = failing ?? segment;
            return formatViolation(kvModel.name, all.length, checkOperations(model, ops)) + ` (key ${JSON.stringify(key)})`;
          }
          states = next;
        }
      }
      return undefined;
    },
  };
}
