import { wallClockMs } from '../determinism-guard.js';
import type { RunOptions } from '../scenario.js';
import type { Violation } from '../simulation.js';
import type { ProbeRunner } from './pool.js';
import type { FiredFault, Probe } from './probe.js';

/**
 * Candidates are evaluated this many at a time, whatever the worker count, and the first failing
 * one in candidate order wins: so the runs made and the result are the same on 1 worker or 8.
 */
export const PROBES_PER_ROUND = 4;

/** The longest a single candidate run may take, as fuzz allows one seed. */
const MAX_CANDIDATE_WALL_MS = 60_000;

export class BudgetExhausted extends Error {
  constructor(readonly budget: 'runs' | 'time') {
    super(`shrink budget (${budget}) ran out`);
  }
}

/** A failing run the search holds: its options and what it did. */
export interface Holding {
  options: RunOptions;
  probe: Probe & { violation: Violation };
}

export interface SearchLimits {
  maxRuns: number;
  deadlineMs: number;
  /** Stop each candidate at this virtual time (µs): one that has not failed by then passes. */
  stopAtUs?: number;
}

/**
 * The search's state: the runs spent, the smallest failing run seen (fewest faults, then shortest,
 * then smallest workload), and the steps every stage uses: `firstFailing`, `allFailing`.
 */
export class ShrinkSearch {
  runs = 0;
  champion: Holding;

  constructor(
    private readonly runner: ProbeRunner,
    private readonly target: Violation,
    private readonly limits: SearchLimits,
    first: Holding,
    private readonly onChampion: (champion: Holding) => void,
  ) {
    this.champion = first;
  }

  /** The first candidate (in the order given) that fails the same way (and passes `accept`), or undefined. */
  async firstFailing(candidates: readonly RunOptions[], accept: (holding: Holding) => boolean = () => true): Promise<Holding | undefined> {
    for (let start = 0; start < candidates.length; start += PROBES_PER_ROUND) {
      const found = (await this.round(candidates.slice(start, start + PROBES_PER_ROUND))).find(accept);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Every candidate run, `perRound` at a time (a wider round keeps more workers busy when every
   * candidate runs anyway); those that fail the same way, in candidate order.
   */
  async allFailing(candidates: readonly RunOptions[], perRound = PROBES_PER_ROUND): Promise<Holding[]> {
    const failing: Holding[] = [];
    for (let start = 0; start < candidates.length; start += perRound) failing.push(...(await this.round(candidates.slice(start, start + perRound))));
    return failing;
  }

  /** Runs one round of candidates; the ones that fail the same way, in candidate order. */
  private async round(candidates: readonly RunOptions[]): Promise<Holding[]> {
    if (wallClockMs() >= this.limits.deadlineMs) throw new BudgetExhausted('time');
    const left = this.limits.maxRuns - this.runs;
    if (left <= 0) throw new BudgetExhausted('runs');
    const round = candidates.slice(0, left);
    // A candidate that would outlast the budget is stopped (a limit result, so not the same failure).
    const wallBudgetMs = Math.max(1000, Math.min(MAX_CANDIDATE_WALL_MS, this.limits.deadlineMs - wallClockMs()));
    const stop = this.limits.stopAtUs === undefined ? {} : { stopAtUs: this.limits.stopAtUs };
    const probes = await this.runner.run(round.map((options) => ({ ...options, wallBudgetMs, ...stop })));
    this.runs += round.length;
    const failing: Holding[] = [];
    probes.forEach((probe, index) => {
      if (!this.sameFailure(probe)) return;
      const holding: Holding = { options: round[index] as RunOptions, probe };
      if (better(holding, this.champion)) {
        this.champion = holding;
        this.onChampion(holding);
      }
      failing.push(holding);
    });
    return failing;
  }

  sameFailure(probe: Probe): probe is Probe & { violation: Violation } {
    return probe.failing && probe.violation !== undefined && probe.violation.checker === this.target.checker && probe.violation.kind === this.target.kind;
  }
}

export function faultCountOf(holding: Holding): number {
  return holding.probe.faults.length + holding.probe.byzantine;
}

function sizeTotal(holding: Holding): number {
  return Object.values(holding.options.size ?? {}).reduce((sum, n) => sum + n, 0);
}

function better(a: Holding, b: Holding): boolean {
  const faults = faultCountOf(a) - faultCountOf(b);
  if (faults !== 0) return faults < 0;
  if (a.probe.timeMs !== b.probe.timeMs) return a.probe.timeMs < b.probe.timeMs;
  return sizeTotal(a) < sizeTotal(b);
}

/** The options that keep exactly these faults (every other one suppressed, so none can appear). */
export function keeping(holding: Holding, faults: readonly FiredFault[]): RunOptions {
  return { ...holding.options, onlyFaults: faults.map((fault) => fault.id) };
}
