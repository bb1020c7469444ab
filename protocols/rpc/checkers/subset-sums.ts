/**
 * Every total that some subset of `deltas` adds up to (the empty subset gives 0). Used to ask
 * whether unknown operations, each applied or not, explain a difference. Integers keep it exact;
 * the set is at most (sum of |delta| + 1) large.
 */
export function subsetSums(deltas: readonly number[]): Set<number> {
  let sums = new Set<number>([0]);
  for (const delta of deltas) {
    const next = new Set<number>(sums);
    for (const sum of sums) next.add(sum + delta);
    sums = next;
  }
  return sums;
}
