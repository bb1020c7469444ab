import { DEFAULT_MIX } from './strategies.js';
import { EDGE_SLOTS } from './coverage.js';

/** Seeds per feedback epoch: shares move only between epochs, in seed order (never by timing). */
export const EPOCH_SEEDS = 100;
/**
 * Epoch k runs with the shares learnt from epochs 0..k-LAG. With a lag of 2 the lanes run on into
 * epoch k while epoch k-1's last batches finish, so an epoch boundary never stalls the pool (with a
 * lag of 1 every boundary waited for the slowest batch of the epoch before).
 */
export const FEEDBACK_LAG = 2;
/** Plain random search never falls below this share of seeds (the mix must not lose what it finds). */
export const RANDOM_FLOOR = 0.25;
/** Every other strategy keeps a little, so it can win its share back. */
export const STRATEGY_FLOOR = 0.04;

export interface MixShare {
  strategy: string;
  weight: number;
}

/** What one seed reached, as its worker reported it. */
export interface SeedCoverage {
  seed: number;
  strategy: string;
  edges: readonly number[];
}

/**
 * Feedback for the default mix: after each epoch of EPOCH_SEEDS seeds, each strategy's share moves
 * halfway toward its prior weight times the rate at which its seeds reached edges no earlier seed had
 * reached. Seeds are judged in seed order once the whole epoch is in, and an epoch's shares come from
 * the epochs FEEDBACK_LAG and more before it, so the shares (and so every seed's strategy) depend
 * only on the seed range: the same for any worker count or batching.
 */
export class MixFeedback {
  private shares: MixShare[];
  private readonly reached = new Uint8Array(EDGE_SLOTS);
  private pending: SeedCoverage[] = [];
  /** history[i]: the shares after i epochs were closed (history[0] is the prior). */
  readonly history: MixShare[][] = [];

  constructor(private readonly prior: readonly MixShare[] = DEFAULT_MIX) {
    this.shares = normalized(prior.map((part) => ({ ...part })));
    this.history.push(this.shares);
  }

  current(): readonly MixShare[] {
    return this.shares;
  }

  /** The shares epoch `epoch` runs with, or undefined until the epochs they are learnt from are closed. */
  sharesFor(epoch: number): readonly MixShare[] | undefined {
    return this.history[Math.max(0, epoch - FEEDBACK_LAG + 1)];
  }

  /** How many epochs have been closed (judged). */
  get closed(): number {
    return this.history.length - 1;
  }

  add(coverage: SeedCoverage): void {
    this.pending.push(coverage);
  }

  /** Closes an epoch: judges its seeds in seed order and sets the next epoch's shares. */
  closeEpoch(): readonly MixShare[] {
    const seeds = new Map<string, number>();
    const novel = new Map<string, number>();
    for (const seed of [...this.pending].sort((a, b) => a.seed - b.seed)) {
      let isNew = false;
      for (const edge of seed.edges) {
        if (this.reached[edge] === 0) {
          this.reached[edge] = 1;
          isNew = true;
        }
      }
      seeds.set(seed.strategy, (seeds.get(seed.strategy) ?? 0) + 1);
      if (isNew) novel.set(seed.strategy, (novel.get(seed.strategy) ?? 0) + 1);
    }
    this.pending = [];
    const priorTotal = this.prior.reduce((sum, part) => sum + part.weight, 0);
    const targets = this.prior.map((part) => {
      // Laplace-smoothed: a strategy with few seeds this epoch is neither praised nor buried.
      const rate = ((novel.get(part.strategy) ?? 0) + 1) / ((seeds.get(part.strategy) ?? 0) + 2);
      return { strategy: part.strategy, weight: (part.weight / priorTotal) * rate };
    });
    const targetTotal = targets.reduce((sum, part) => sum + part.weight, 0);
    const moved = this.shares.map((share, i) => ({ strategy: share.strategy, weight: 0.5 * share.weight + 0.5 * ((targets[i]?.weight ?? 0) / targetTotal) }));
    this.shares = withFloors(normalized(moved));
    this.history.push(this.shares);
    return this.shares;
  }
}

function normalized(shares: MixShare[]): MixShare[] {
  const total = shares.reduce((sum, part) => sum + part.weight, 0);
  return shares.map((part) => ({ strategy: part.strategy, weight: total > 0 ? part.weight / total : 1 / shares.length }));
}

/** Raises shares below their floor to it, taking the difference from the others in proportion. */
function withFloors(shares: MixShare[]): MixShare[] {
  const floorOf = (strategy: string): number => (strategy === 'random' ? RANDOM_FLOOR : STRATEGY_FLOOR);
  const floored = shares.filter((part) => part.weight < floorOf(part.strategy));
  if (floored.length === 0) return shares.map((part) => ({ ...part, weight: round6(part.weight) }));
  const fixed = floored.reduce((sum, part) => sum + floorOf(part.strategy), 0);
  const freeTotal = shares.filter((part) => part.weight >= floorOf(part.strategy)).reduce((sum, part) => sum + part.weight, 0);
  return shares.map((part) => ({
    strategy: part.strategy,
    weight: round6(part.weight < floorOf(part.strategy) ? floorOf(part.strategy) : (part.weight / freeTotal) * (1 - fixed)),
  }));
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
