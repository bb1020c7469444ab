/** Per-link network settings. Delays are in milliseconds of virtual time. */
export interface LinkConfig {
  /** Fixed part of every message's latency. */
  delayMsMin: number;
  /** Random part: uniform in [0, delayMsSpread) or exponential with mean delayMsSpread. */
  delayMsSpread: number;
  delayDistribution: 'uniform' | 'exponential';
  dropProbability: number;
  duplicateProbability: number;
  /** A duplicate arrives up to this much later than the original ("possibly much later"). */
  duplicateDelayMsMax: number;
  /** Probability that a message is held back so that later ones overtake it (never on FIFO links). */
  reorderProbability: number;
  reorderDelayMsMax: number;
  corruptProbability: number;
  /** FIFO links never reorder: each delivery on the link is no earlier than the previous one. */
  fifo: boolean;
  /** Per message: a long delay of uniform [longDelayMsMin, longDelayMsMax] ms instead of the normal one. */
  longDelayProbability: number;
  longDelayMsMin: number;
  longDelayMsMax: number;
}

export const DEFAULT_LINK: LinkConfig = {
  delayMsMin: 1,
  delayMsSpread: 4,
  delayDistribution: 'exponential',
  dropProbability: 0,
  duplicateProbability: 0,
  duplicateDelayMsMax: 200,
  reorderProbability: 0,
  reorderDelayMsMax: 20,
  corruptProbability: 0,
  fifo: false,
  longDelayProbability: 0,
  longDelayMsMin: 1000,
  longDelayMsMax: 10000,
};

/**
 * Which directed links are cut. A symmetric partition cuts both directions between groups; a one-way
 * partition cuts only from one group to the other. Nodes named in no group stay connected to all.
 */
export class PartitionTable {
  private readonly blocked: Uint8Array;
  private cutCount = 0;

  constructor(private readonly nodeCount: number) {
    this.blocked = new Uint8Array(nodeCount * nodeCount);
  }

  isBlocked(from: number, to: number): boolean {
    return this.cutCount > 0 && this.blocked[from * this.nodeCount + to] === 1;
  }

  get active(): boolean {
    return this.cutCount > 0;
  }

  /** Cuts every link from a node of one group to a node of another (both ways unless oneWay). */
  cut(groups: readonly (readonly number[])[], oneWay: boolean): void {
    for (let a = 0; a < groups.length; a++) {
      for (let b = 0; b < groups.length; b++) {
        if (a === b || (oneWay && b < a)) continue;
        for (const from of groups[a] ?? []) {
          for (const to of groups[b] ?? []) this.setBlocked(from, to);
        }
      }
    }
  }

  healAll(): void {
    this.blocked.fill(0);
    this.cutCount = 0;
  }

  private setBlocked(from: number, to: number): void {
    const cell = from * this.nodeCount + to;
    if (this.blocked[cell] === 0) {
      this.blocked[cell] = 1;
      this.cutCount++;
    }
  }
}
