import type { RunOptions, Scenario } from '../scenario.js';
import type { FiredFault } from './probe.js';
import { keeping, PROBES_PER_ROUND, type Holding, type ShrinkSearch } from './search.js';

/**
 * The cut stages, cheapest and biggest first. Each takes the current failing run and returns a
 * smaller one (or the same). A kept set is always a subset of the faults that fired, and the faults
 * of an accepted run are those that fired in it, so a stage never adds a fault.
 */
export type Stage = (search: ShrinkSearch, current: Holding) => Promise<Holding>;

/** Kinds tried first are the likeliest to be noise; timed nemesis episodes last. */
const KIND_ORDER = ['reorder', 'duplicate', 'delay', 'corrupt', 'drop', 'clock', 'storage', 'omission', 'pause', 'partition', 'crash'];

const without = (faults: readonly FiredFault[], drop: (fault: FiredFault) => boolean): FiredFault[] => faults.filter((fault) => !drop(fault));

/** Candidate fault sets, smaller than the current one and each tried once. */
function candidateSets(current: readonly FiredFault[], sets: readonly FiredFault[][]): FiredFault[][] {
  const seen = new Set<string>();
  return sets.filter((set) => {
    const key = set.map((fault) => fault.id).join(',');
    if (set.length >= current.length || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Tries the sets in order, accepting the first that still fails, until none does. */
async function cutRepeatedly(search: ShrinkSearch, current: Holding, propose: (faults: readonly FiredFault[], holding: Holding) => FiredFault[][]): Promise<Holding> {
  for (;;) {
    const sets = candidateSets(current.probe.faults, propose(current.probe.faults, current));
    const found = await search.firstFailing(sets.map((set) => keeping(current, set)));
    if (!found) return current;
    current = found;
  }
}

/**
 * Tries removing each group (a kind, a node, a link), in order, a round at a time; after an accepted
 * removal it goes on from the next group with the smaller run instead of starting over, so a pass
 * costs one candidate per group, not one per group per success. Passes repeat while one removes
 * something (a group needed before may not be after).
 */
async function sweep(search: ShrinkSearch, current: Holding, groupsOf: (faults: readonly FiredFault[]) => string[], member: (fault: FiredFault, group: string) => boolean): Promise<Holding> {
  for (;;) {
    const before = current.probe.faults.length;
    current = await sweepOnce(search, current, groupsOf(current.probe.faults), member);
    if (current.probe.faults.length === before) return current;
  }
}

async function sweepOnce(search: ShrinkSearch, current: Holding, groups: readonly string[], member: (fault: FiredFault, group: string) => boolean): Promise<Holding> {
  let next = 0;
  while (next < groups.length) {
    const batch: { group: number; options: RunOptions }[] = [];
    for (let g = next; g < groups.length && batch.length < PROBES_PER_ROUND; g++) {
      const faults = current.probe.faults;
      const set = without(faults, (f) => member(f, groups[g] as string));
      if (set.length < faults.length) batch.push({ group: g, options: keeping(current, set) });
    }
    if (batch.length === 0) break;
    const found = await search.firstFailing(batch.map((b) => b.options));
    if (!found) {
      next = (batch[batch.length - 1]?.group as number) + 1;
      continue;
    }
    next = (batch.find((b) => b.options === found.options)?.group as number) + 1;
    current = found;
  }
  return current;
}

/** No faults at all; only the nemesis episodes; only the per-message faults. */
export const bigCuts: Stage = (search, current) =>
  cutRepeatedly(search, current, (faults) => [[], without(faults, (f) => f.scope === 'message'), without(faults, (f) => f.scope === 'nemesis')]);

/** Every fault of one kind at once. */
export const kindCuts: Stage = (search, current) =>
  sweep(search, current, (faults) => [...new Set(faults.map((f) => f.kind))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)), (f, kind) => f.kind === kind);

function rank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index < 0 ? KIND_ORDER.length : index;
}

/** Every fault that touches one node; then every fault on one link. */
export const nodeAndLinkCuts: Stage = async (search, current) => {
  current = await sweep(search, current, (faults) => [...new Set(faults.flatMap((f) => f.nodes))].sort(), (f, node) => f.nodes.includes(node));
  return sweep(search, current, (faults) => [...new Set(faults.flatMap((f) => (f.link ? [f.link] : [])))].sort(), (f, link) => f.link === link);
};

/** Eighths, then narrower: the probe fractions of a k-ary search. */
const FRACTIONS = [1, 2, 3, 4, 5, 6, 7].map((j) => j / 8);

/**
 * Time windows. Keeping the first k faults (in firing order) leaves the run exactly as it was until
 * the (k+1)-th, so a cause among them still fails: a k-ary search for the shortest failing prefix.
 * Then each of eight equal windows of virtual time is cut whole.
 */
export const timeWindowCuts: Stage = async (search, current) => {
  current = await cutRepeatedly(search, current, (faults) => FRACTIONS.map((fraction) => faults.slice(0, Math.floor(faults.length * fraction))));
  return cutRepeatedly(search, current, (faults) => {
    const firstUs = faults[0]?.atUs ?? 0;
    const spanUs = (faults[faults.length - 1]?.atUs ?? 0) - firstUs + 1;
    return Array.from({ length: 8 }, (_, w) => without(faults, (f) => Math.floor(((f.atUs - firstUs) * 8) / spanUs) === w));
  });
};

/** The last stretches of virtual time before the violation the causal cut keeps (fractions of it). */
const SUFFIXES = [1 / 2, 1 / 4, 1 / 8, 1 / 16];

/**
 * The causal cut: drop, in one step, every fault that cannot have changed the violation's causal
 * past (FiredFault.cone, derived from the failing run's happens-before). The cone of the violating
 * step alone can miss a concurrent cause (a checker may read several nodes' state), so the cone
 * plus the nemesis episodes is tried too. In a chatty protocol the cone reaches back to nearly every
 * fault, so it is also cut by distance: only its faults in the last half, quarter, eighth or
 * sixteenth of the time before the violation (with its nemesis episodes, which set the stage
 * early). Candidates go smallest first; each accepted run re-derives the cone, so the cut repeats
 * until it no longer shrinks.
 */
export const causalCut: Stage = (search, current) =>
  cutRepeatedly(search, current, (faults, holding) => {
    if (faults.some((f) => f.cone === undefined)) return [];
    const violationUs = holding.probe.violation.timeUs;
    const firstUs = faults[0]?.atUs ?? 0;
    const cone = faults.filter((f) => f.cone === true);
    const recent = (fraction: number) => cone.filter((f) => f.scope === 'nemesis' || f.atUs >= violationUs - (violationUs - firstUs) * fraction);
    const sets = [cone, faults.filter((f) => f.cone === true || f.scope === 'nemesis'), ...SUFFIXES.map(recent)];
    // Sorting is stable: equal sizes keep the order above.
    return sets.sort((a, b) => a.length - b.length);
  });

/**
 * Causal proximity first: faults in the violation's causal past, latest first, then the rest, latest
 * first. ddmin tries its first chunks first, so the likeliest causes are narrowed soonest.
 */
export function byProximity(faults: readonly FiredFault[]): FiredFault[] {
  const order = new Map(faults.map((f, index) => [f.id, index]));
  const position = (f: FiredFault) => order.get(f.id) as number;
  return [...faults].sort((a, b) => Number(b.cone === true) - Number(a.cone === true) || b.atUs - a.atUs || position(b) - position(a));
}

/** Above this granularity ddmin tries only complements (see ddminCuts). */
const SUBSET_GRANULARITY_MAX = 4;

/**
 * Zeller's ddmin over what is left, each round's subsets and complements evaluated together (in
 * parallel) and the first failing one, in a fixed order, taken. Two changes for runs that need many
 * of their faults (a chatty protocol, where removing one fault shifts every later message): past
 * granularity 4 only complements are tried, because a subset of a fifth or less of what still fails
 * almost never fails too, and in a large set every removal would pay a round of such subsets (1-minimality
 * rests on the complements alone); and complements go farthest first (the chunks causally farthest
 * from the violation are the likeliest to be noise), going on after a removal from the chunk removed
 * instead of from the farthest again, so the rounds that remove something come sooner.
 */
export const ddminCuts: Stage = async (search, current) => {
  let granularity = 2;
  /** Where the complements start: after a removal, the scan goes on from the chunk removed rather than from the farthest again. */
  let offset = 0;
  while (current.probe.faults.length >= 2) {
    const faults = byProximity(current.probe.faults);
    const chunks = split(faults, granularity);
    const subsets = granularity <= SUBSET_GRANULARITY_MAX ? chunks : [];
    const farthestFirst = granularity > 2 ? chunks.map((chunk) => without(faults, (f) => chunk.includes(f))).reverse() : [];
    const start = offset % Math.max(1, farthestFirst.length);
    const complements = [...farthestFirst.slice(start), ...farthestFirst.slice(0, start)];
    const sets = candidateSets(faults, [...subsets, ...complements]);
    const candidates = sets.map((set) => keeping(current, set));
    const found = await search.firstFailing(candidates);
    if (found) {
      const viaSubset = subsets.some((chunk) => found.probe.faults.every((f) => chunk.some((c) => c.id === f.id)));
      const removed = complements.indexOf(sets[candidates.indexOf(found.options)] as FiredFault[]);
      current = found;
      granularity = viaSubset ? 2 : Math.max(granularity - 1, 2);
      offset = viaSubset || removed < 0 ? 0 : start + removed;
      continue;
    }
    // Every complement at this granularity was tried: 1-minimal once they are single faults.
    if (granularity >= faults.length) break;
    granularity = Math.min(faults.length, granularity * 2);
    offset = 0;
  }
  return current;
};

/** Quarters: three probes fill one round (with the fourth slot left), narrowing the range fourfold. */
const QUARTERS = [1, 2, 3].map((j) => j / 4);

/** A shorter run: a k-ary search over the run time, to 1% of it (at least 1 ms). */
export const timeCut: Stage = async (search, current) => {
  let lo = 0;
  let hi = current.probe.timeMs;
  const stepMs = Math.max(1, Math.round(hi / 100));
  while (hi - lo > stepMs) {
    const times = [...new Set(QUARTERS.map((f) => Math.round(lo + (hi - lo) * f)))].filter((ms) => ms > lo && ms < hi && ms >= 1);
    if (times.length === 0) break;
    const found = await search.firstFailing(times.map((timeMs) => ({ ...keeping(current, current.probe.faults), timeMs })));
    if (!found) {
      lo = times[times.length - 1] as number;
      continue;
    }
    const at = found.options.timeMs as number;
    lo = times.filter((ms) => ms < at).pop() ?? lo;
    hi = at;
    current = found;
  }
  return current;
};

/** A smaller workload or topology, where the scenario declares sizes: for each, the smallest that still fails. */
export function sizeCut(scenario: Scenario): Stage {
  return async (search, current) => {
    for (const [name, size] of Object.entries(scenario.sizes ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const now = current.options.size?.[name] ?? size.default;
      const values = spread(size.min, now - 1, 8);
      const found = await search.firstFailing(values.map((value) => ({ ...keeping(current, current.probe.faults), size: { ...current.options.size, [name]: value } })));
      if (found) current = found;
    }
    return current;
  };
}

/** Up to `count` integers from lo to hi (inclusive), ascending, always including lo. */
function spread(lo: number, hi: number, count: number): number[] {
  if (hi < lo) return [];
  const values = new Set<number>();
  for (let i = 0; i < count; i++) values.add(Math.round(lo + ((hi - lo) * i) / Math.max(1, count - 1)));
  return [...values].sort((a, b) => a - b);
}

export function split<T>(items: readonly T[], parts: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = start + Math.floor((items.length - start) / (parts - i));
    if (end > start) chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}
