import { hashValue } from '../digest.js';
import { FAULTLINE_VERSION } from '../version.js';
import type { SeedRange, Shard } from './seeds.js';
import type { FuzzFailure, FuzzRunOptions, SeedOutcome } from './seed-run.js';

/** Failures of one signature (checker and message shape), represented by the smallest seed. */
export interface FailureGroup {
  signature: string;
  kind: FuzzFailure['violation']['kind'];
  checker: string;
  count: number;
  smallestSeed: string;
  seeds: string[];
  /** The smallest seed's message and repro. */
  message: string;
  repro: string;
  reproValue: FuzzFailure['reproValue'];
}

export type FuzzStop = 'complete' | 'interrupted' | 'time-budget' | 'first-failure' | 'error';

/** A fuzz run as data: the JSON report is exactly this object. */
export interface FuzzReport {
  version: string;
  scenario: string;
  scenarioRef: string;
  range: SeedRange;
  shard: Shard;
  workers: number;
  options: FuzzRunOptions;
  seedsPlanned: number;
  seedsRun: number;
  passed: number;
  failed: number;
  stoppedBy: FuzzStop | 'running';
  /** With feedback on: the mix's shares per epoch of EPOCH_SEEDS seeds, the first being the default mix. */
  mixShares?: { strategy: string; weight: number }[][];
  wallMs: number;
  seedsPerSecond: number;
  /**
   * An order-independent digest of (seed, digest) over every seed run: equal for the same seeds
   * whatever the worker count, and the shards' digests sum (per 32-bit lane) to the whole range's.
   */
  combinedDigest: string;
  groups: FailureGroup[];
  failures: FuzzFailure[];
  /** Every seed's digest, when asked for (library option keepDigests). */
  digests?: Record<string, string>;
}

const bySeed = (a: { seed: string }, b: { seed: string }): number => Number(a.seed) - Number(b.seed);

/** Collects outcomes as they arrive (in any order) and builds the report. */
export class FuzzTally {
  private lo = 0;
  private hi = 0;
  private readonly failuresBySeed = new Map<string, FuzzFailure>();
  private readonly counted = new Set<number>();
  private readonly digests: Record<string, string> | undefined;
  seedsRun = 0;
  passed = 0;

  constructor(keepDigests: boolean) {
    this.digests = keepDigests ? {} : undefined;
  }

  /** Records a failure as soon as it is known; returns false if it was already recorded. */
  addFailure(failure: FuzzFailure): boolean {
    if (this.failuresBySeed.has(failure.seed)) return false;
    this.failuresBySeed.set(failure.seed, failure);
    return true;
  }

  addOutcome(outcome: SeedOutcome): void {
    if (this.counted.has(outcome.seed)) return;
    this.counted.add(outcome.seed);
    this.seedsRun++;
    if (outcome.ok) this.passed++;
    if (outcome.failure) this.addFailure(outcome.failure);
    this.lo = (this.lo + hashValue([outcome.seed, outcome.digest])) >>> 0;
    this.hi = (this.hi + hashValue([outcome.digest, outcome.seed, 'hi'])) >>> 0;
    if (this.digests) this.digests[String(outcome.seed)] = outcome.digest;
  }

  get failureCount(): number {
    return this.failuresBySeed.size;
  }

  failures(): FuzzFailure[] {
    return [...this.failuresBySeed.values()].sort(bySeed);
  }

  combinedDigest(): string {
    return this.lo.toString(16).padStart(8, '0') + this.hi.toString(16).padStart(8, '0');
  }

  report(base: Omit<FuzzReport, 'version' | 'seedsRun' | 'passed' | 'failed' | 'combinedDigest' | 'groups' | 'failures' | 'digests' | 'seedsPerSecond'>): FuzzReport {
    const failures = this.failures();
    return {
      version: FAULTLINE_VERSION,
      ...base,
      seedsRun: this.seedsRun,
      passed: this.passed,
      failed: failures.length,
      seedsPerSecond: base.wallMs > 0 ? Math.round((this.seedsRun / base.wallMs) * 1000 * 10) / 10 : 0,
      combinedDigest: this.combinedDigest(),
      groups: groupFailures(failures),
      failures,
      ...(this.digests ? { digests: this.digests } : {}),
    };
  }
}

/** Groups failures by signature; groups are ordered by their smallest seed. */
export function groupFailures(failures: readonly FuzzFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of [...failures].sort(bySeed)) {
    const group = groups.get(failure.signature);
    if (group) {
      group.count++;
      group.seeds.push(failure.seed);
      continue;
    }
    groups.set(failure.signature, {
      signature: failure.signature,
      kind: failure.violation.kind,
      checker: failure.violation.checker,
      count: 1,
      smallestSeed: failure.seed,
      seeds: [failure.seed],
      message: failure.violation.message,
      repro: failure.repro,
      reproValue: failure.reproValue,
    });
  }
  return [...groups.values()];
}
