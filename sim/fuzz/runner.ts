import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { wallClockMs } from '../determinism-guard.js';
import { prepareRun, UsageError, type Scenario } from '../scenario.js';
import { FuzzTally, type FuzzReport, type FuzzStop } from './report.js';
import type { ScenarioSource } from './scenario-source.js';
import { parseSeedRange, parseShard, ShardSeeds, type SeedRange, type Shard } from './seeds.js';
import { ScenarioError } from './module-guard.js';
import { hungSeed, isBatchStartedMessage, isFailureMessage, isWorkerLoadFailure, runSeed, workerDied, type FuzzFailure, type FuzzRunOptions, type SeedOutcome, type WorkerLoadFailure } from './seed-run.js';
import type { BatchTask } from './worker.js';
import { WorkerStderrFilter } from './worker-stderr.js';
import { MIX, strategyError } from '../search/index.js';
import { EPOCH_SEEDS, MixFeedback, type MixShare, type SeedCoverage } from '../search/feedback.js';

export interface FuzzProgress {
  done: number;
  total: number;
  failures: number;
  elapsedMs: number;
}

export interface FuzzOptions extends FuzzRunOptions {
  /** A count (`1000` = seeds 1..1000), an inclusive range string (`"5000..5999"`) or a range object. */
  seeds: number | string | SeedRange;
  /** Feedback between epochs for the mix (default on; always off under --shard). */
  feedback?: boolean;
  /** Worker processes (default 'auto': one per core). Ignored when seeds run in the calling thread. */
  workers?: number | 'auto';
  /** `"k/n"` or { index, count }: run only this shard's seeds (interleaved by offset mod n). */
  shard?: string | Shard;
  /** Stop starting seeds after this much wall time; the report says so. */
  timeBudgetMs?: number;
  stopOnFirst?: boolean;
  /** Heap limit of each worker process, in MB (default DEFAULT_WORKER_HEAP_MB): a seed past it is a crash result. */
  workerHeapMb?: number;
  /** Keep every seed's digest in the report (for comparing runs). */
  keepDigests?: boolean;
  /** Aborting stops the run (in-flight batches are cancelled) and returns the partial report. */
  signal?: AbortSignal;
  /** Called once per failing seed, as soon as it is found, with the report so far (stoppedBy 'running'). */
  onFailure?: (failure: FuzzFailure, progress: FuzzProgress, partial: () => FuzzReport) => void;
  onProgress?: (progress: FuzzProgress) => void;
}

/** A fuzz run that broke (a worker process died): the failures found before it are in `partial`. */
export class FuzzRunError extends Error {
  override readonly name = 'FuzzRunError';
  constructor(
    readonly cause: unknown,
    readonly partial: FuzzReport,
  ) {
    super(`fuzz run stopped: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** What to fuzz: the scenario, what repros call it, and (for worker processes) the module to load it from. */
export interface FuzzTarget {
  scenario: Scenario;
  ref: string;
  source?: ScenarioSource;
}

/** A wall-clock limit per seed, so that a run that never ends becomes a `limit` result. */
export const DEFAULT_SEED_WALL_BUDGET_MS = 60_000;
/** Work per batch: enough to amortise a round trip to a worker process (~0.3 ms), little enough for Ctrl-C and progress. */
const BATCH_TARGET_MS = 200;
const MAX_BATCH_SEEDS = 50;
/** A started batch is taken to hang past a seed's wall budget plus this, plus this many times its expected time. */
const HUNG_GRACE_MS = 1_000;
const HUNG_FACTOR = 10;

const WORKER_FILE = new URL('./worker.js', import.meta.url);

/** Each worker's V8 heap limit: a seed that needs more ends its worker, and is reported, instead of exhausting the machine. */
export const DEFAULT_WORKER_HEAP_MB = 2048;
/** How tinypool reports a worker process that ended without being asked (killed, out of memory, exited). */
const WORKER_DIED = 'Worker exited unexpectedly';

/**
 * Whether a batch failed because its worker process died. Besides tinypool's own message, a batch
 * sent to a worker killed a moment before fails on its IPC channel ("Channel closed", or EPIPE):
 * the same death, seen first by the send (it once ended a run with "internal error: Channel closed",
 * exit 5, and left another waiting for ever for that worker's exit).
 */
function workerDiedError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return error.message === WORKER_DIED || code === 'ERR_IPC_CHANNEL_CLOSED' || code === 'EPIPE';
}
/** A seed is blamed for its worker's death only when a fresh worker dies on it alone this many times. */
const DEATHS_TO_BLAME = 2;
/** Workers that may die with no task (killed while idle or starting) before a run gives up on its pool. */
const MAX_WORKERS_LOST_IDLE = 20;
/** How long the end of a run waits for its workers to exit. */
const DESTROY_WAIT_MS = 5_000;

/** Worker processes load compiled JavaScript; from TypeScript sources (this repo's tests) seeds run inline. */
export function workerAvailable(): boolean {
  return WORKER_FILE.protocol === 'file:' && existsSync(fileURLToPath(WORKER_FILE));
}

export function resolveWorkerCount(workers: number | 'auto' | undefined): number {
  if (workers === undefined || workers === 'auto') return availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1) throw new UsageError(`workers must be a positive integer or 'auto', got ${String(workers)}`);
  return workers;
}

function runOptionsOf(options: FuzzOptions): FuzzRunOptions {
  const { timeMs, faults, swarm, mask, maxEvents, beyond } = options;
  // The default is the strategy mix; --swarm alone keeps its old meaning (each seed draws a profile).
  const strategy = options.strategy ?? (swarm ? 'random' : MIX);
  const error = strategyError(strategy);
  if (error) throw new UsageError(error);
  return {
    ...(strategy !== 'random' ? { strategy } : {}),
    ...(beyond && beyond.length > 0 ? { beyond } : {}),
    ...(timeMs !== undefined ? { timeMs } : {}),
    ...(faults !== undefined ? { faults } : {}),
    ...(swarm ? { swarm } : {}),
    ...(mask && mask.length > 0 ? { mask } : {}),
    ...(maxEvents !== undefined ? { maxEvents } : {}),
    wallBudgetMs: options.wallBudgetMs ?? DEFAULT_SEED_WALL_BUDGET_MS,
  };
}

/**
 * Seeds for the next batch: about BATCH_TARGET_MS of work (one seed while nothing is measured yet),
 * and toward the end a share of what is left per lane (guided self-scheduling), so the workers run
 * out of seeds together instead of one finishing a whole batch alone while the others wait (about
 * half a batch of idle workers at the end of every run). Batching never changes a result, only
 * when each seed runs.
 */
export function nextBatchSize(seedMsEstimate: number, seedsLeft: number, lanes: number): number {
  if (seedMsEstimate === 0) return 1;
  const byTime = Math.max(1, Math.min(MAX_BATCH_SEEDS, Math.round(BATCH_TARGET_MS / seedMsEstimate)));
  return Math.min(byTime, Math.max(1, Math.ceil(seedsLeft / lanes)));
}

/** Shared state of one fuzz run, whichever way the seeds are executed. */
class FuzzRun {
  readonly tally: FuzzTally;
  readonly startMs = wallClockMs();
  stop: FuzzStop | undefined;
  private next = 0;
  private seedMsEstimate = 0;
  /** Feedback for the mix (unsharded runs only): an epoch's seeds wait for the shares they run with. */
  readonly feedback: MixFeedback | undefined;
  /** Coverage of the epochs not yet closed, by epoch (results arrive in any order). */
  private readonly pendingEpochs = new Map<number, SeedCoverage[]>();
  private waiters: (() => void)[] = [];

  constructor(
    readonly target: FuzzTarget,
    readonly seeds: ShardSeeds,
    readonly options: FuzzOptions,
    readonly runOptions: FuzzRunOptions,
    readonly workers: number,
  ) {
    this.tally = new FuzzTally(options.keepDigests ?? false);
    // A shard cannot see the other shards' seeds, so it could not judge an epoch: sharded runs use the fixed mix.
    const feedbackOn = runOptions.strategy === MIX && seeds.shard.count === 1 && options.feedback !== false;
    this.feedback = feedbackOn ? new MixFeedback() : undefined;
  }

  /** The feedback epoch of a seed (unsharded runs: its offset in the range over EPOCH_SEEDS). */
  private epochOf(seed: number): number {
    return Math.floor((seed - this.seeds.range.first) / EPOCH_SEEDS);
  }

  /** The options for a batch takeBatch gave: with feedback, its epoch's shares. */
  batchOptions(seeds: readonly number[]): FuzzRunOptions {
    if (!this.feedback || seeds.length === 0) return this.runOptions;
    const shares = this.feedback.sharesFor(this.epochOf(seeds[0] as number));
    if (!shares) throw new Error('internal: a batch was taken before its epoch\'s shares were known');
    return { ...this.runOptions, mixShares: shares };
  }

  /** False while the next seed's epoch waits for the epochs its shares are learnt from. */
  private nextReady(): boolean {
    if (!this.feedback || this.next >= this.seeds.total) return true;
    return this.feedback.sharesFor(Math.floor(this.next / EPOCH_SEEDS)) !== undefined;
  }

  /** Resolves once the next seed's shares are known, or the run stops. */
  async epochReady(): Promise<void> {
    while (this.stop === undefined && !this.nextReady()) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Wakes lanes waiting for an epoch (it closed, or the run is stopping). */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** The shares each epoch started so far ran with (the report's `mixShares`). */
  private sharesRun(): MixShare[][] {
    const feedback = this.feedback!;
    const started = Math.ceil(this.next / EPOCH_SEEDS);
    const out: MixShare[][] = [];
    for (let epoch = 0; epoch < Math.max(1, started); epoch++) {
      const shares = feedback.sharesFor(epoch);
      if (shares) out.push(shares.map((share) => ({ ...share })));
    }
    return out;
  }

  /** Files a seed's coverage under its epoch, and closes every epoch that is complete, in order. */
  private addCoverage(coverage: SeedCoverage): void {
    const feedback = this.feedback!;
    const epoch = this.epochOf(coverage.seed);
    const bucket = this.pendingEpochs.get(epoch) ?? [];
    bucket.push(coverage);
    this.pendingEpochs.set(epoch, bucket);
    let closedAny = false;
    for (;;) {
      const next = this.pendingEpochs.get(feedback.closed);
      if (!next || next.length < EPOCH_SEEDS) break;
      this.pendingEpochs.delete(feedback.closed);
      for (const seed of next) feedback.add(seed);
      feedback.closeEpoch();
      closedAny = true;
    }
    if (closedAny) this.wake();
  }

  report(stoppedBy: FuzzReport['stoppedBy']): FuzzReport {
    return this.tally.report({
      scenario: this.target.scenario.name,
      scenarioRef: this.target.ref,
      range: this.seeds.range,
      shard: this.seeds.shard,
      workers: this.workers,
      options: this.runOptions,
      seedsPlanned: this.seeds.total,
      stoppedBy,
      ...(this.feedback ? { mixShares: this.sharesRun() } : {}),
      wallMs: Math.round(this.elapsedMs),
    });
  }

  get elapsedMs(): number {
    return wallClockMs() - this.startMs;
  }

  progress(): FuzzProgress {
    return { done: this.tally.seedsRun, total: this.seeds.total, failures: this.tally.failureCount, elapsedMs: this.elapsedMs };
  }

  /** The next seeds to run, or none when finished, stopped or out of time. */
  takeBatch(maxSeeds: number): number[] {
    if (this.options.signal?.aborted) this.stop ??= 'interrupted';
    if (this.stop === undefined && this.options.timeBudgetMs !== undefined && this.elapsedMs >= this.options.timeBudgetMs && this.next < this.seeds.total) {
      this.stop = 'time-budget';
    }
    if (this.stop !== undefined) return [];
    // With feedback a batch never crosses an epoch boundary: its seeds share one epoch's shares.
    const epochLeft = this.feedback ? EPOCH_SEEDS - (this.next % EPOCH_SEEDS) : Infinity;
    if (!this.nextReady()) return [];
    const size = Math.min(maxSeeds, this.seeds.total - this.next, epochLeft);
    const batch: number[] = [];
    for (let i = 0; i < size; i++) batch.push(this.seeds.at(this.next++));
    return batch;
  }

  /** The running estimate of one seed's wall time (0 before the first result). */
  seedMs(): number {
    return this.seedMsEstimate;
  }

  batchSize(lanes: number): number {
    return nextBatchSize(this.seedMsEstimate, this.seeds.total - this.next, lanes);
  }

  failure(failure: FuzzFailure): void {
    if (!this.tally.addFailure(failure)) return;
    this.tally.addOutcome({ seed: Number(failure.seed), digest: failure.digest, ok: false, wallMs: 0, failure });
    if (this.options.stopOnFirst) this.stop ??= 'first-failure';
    this.options.onFailure?.(failure, this.progress(), () => this.report('running'));
  }

  outcomes(outcomes: readonly SeedOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.failure) this.failure(outcome.failure);
      else this.tally.addOutcome(outcome);
      this.seedMsEstimate = this.seedMsEstimate === 0 ? Math.max(0.01, outcome.wallMs) : 0.8 * this.seedMsEstimate + 0.2 * Math.max(0.01, outcome.wallMs);
      // A seed without coverage (hung, setup threw) still counts toward closing its epoch.
      if (this.feedback) this.addCoverage({ seed: outcome.seed, strategy: outcome.coverage?.strategy ?? 'random', edges: outcome.coverage?.edges ?? [] });
    }
    this.options.onProgress?.(this.progress());
  }
}

function runInline(run: FuzzRun, target: FuzzTarget): void {
  for (;;) {
    const batch = run.takeBatch(1);
    if (batch.length === 0) return;
    run.outcomes([runSeed(target.scenario, run.batchOptions(batch), batch[0] as number, target.ref)]);
  }
}

/**
 * A quarter of V8's default budget of bytecode TurboFan inlines into one function (920). A worker
 * meets every strategy of the mix in its first seeds, and each new strategy's shapes sent the
 * engine's hot functions, with everything inlined into them, through another deoptimisation and
 * compilation: with the smaller budget a worker's raft-kv seeds 2–15 took 0.60–0.67 s CPU
 * instead of 0.84–0.87 s, later seeds no slower, and whole fuzz runs (raft-kv 300 seeds,
 * rpc-at-most-once 2,000) 3–5 % less CPU (paired, farm-bench). A JIT setting: no result changes.
 */
const WORKER_INLINE_BUDGET = 230;

/**
 * Flags of the worker processes. V8's single-threaded GC: with helper threads, the collectors of N
 * workers on N cores compete with the workers themselves (2 workers gave 1.4x one; with it, 1.77x,
 * about what two independent processes reach on this machine). The parent's debugger flags are
 * left out (a second process cannot take the same inspector port); a parent's own inlining budget
 * is kept.
 */
function workerExecArgv(heapMb: number): string[] {
  const inherited = process.execArgv.filter((flag) => !flag.startsWith('--inspect') && !flag.startsWith('--max-old-space-size'));
  const inline = inherited.some((flag) => flag.startsWith('--max-inlined-bytecode-size-cumulative')) ? [] : [`--max-inlined-bytecode-size-cumulative=${WORKER_INLINE_BUDGET}`];
  return [...inherited, '--single-threaded-gc', ...inline, `--max-old-space-size=${heapMb}`];
}

export function resolveWorkerHeapMb(heapMb: number | undefined): number {
  if (heapMb === undefined) return DEFAULT_WORKER_HEAP_MB;
  if (!Number.isSafeInteger(heapMb) || heapMb < 64) throw new UsageError(`the worker heap limit must be a whole number of MB, at least 64, got ${String(heapMb)}`);
  return heapMb;
}

async function runPool(run: FuzzRun, target: FuzzTarget & { source: ScenarioSource }, runOptions: FuzzRunOptions, workers: number): Promise<void> {
  // Loaded on first use: every other command (run, replay, list) starts without it.
  const { default: Tinypool } = await import('tinypool');
  let fatal: unknown;
  const pool = new Tinypool({
    filename: WORKER_FILE.href,
    runtime: 'child_process',
    execArgv: workerExecArgv(resolveWorkerHeapMb(run.options.workerHeapMb)),
    serialization: 'advanced',
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  // A worker that dies with no task of its own (killed while idle or starting) is an 'error' of the
  // pool, which would end this process without a listener. tinypool replaces a worker that dies
  // while it starts only when another task comes, so batches already queued would wait for ever:
  // the pool is brought back to strength here, a bounded number of times.
  let workersLostIdle = 0;
  pool.on('error', () => {
    if (++workersLostIdle > MAX_WORKERS_LOST_IDLE) {
      fatal ??= new ScenarioError(`fuzz worker processes died ${workersLostIdle} times without taking a seed (killed, or they cannot start); the run stopped`);
      run.stop ??= 'interrupted';
      cancel.abort();
      return;
    }
    pool.recycleWorkers().catch(() => {});
  });
  // tinypool unreferences a worker process until it is given a task, so while the seeds of a dead
  // worker wait for its replacement to start, nothing held this process's event loop open: it
  // could end mid-run (as if the scenario module never loaded). This handle holds it for the run;
  // like the batch deadline below it is the parent's wall time and never decides what a run does.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stderr = new WorkerStderrFilter();
  const cancel = new AbortController();
  const onAbort = (): void => {
    run.stop ??= 'interrupted';
    cancel.abort();
  };
  run.options.signal?.addEventListener('abort', onAbort, { once: true });
  /** Batches sent and not yet started by a worker, by id: what to do when one starts. */
  const onStart = new Map<number, () => void>();
  // Failures arrive on their own, as soon as a worker finds them, whichever batch they belong to.
  const channel = {
    postMessage: (message: unknown): void => {
      if (isFailureMessage(message)) run.failure(message.faultlineFailure);
      else if (isBatchStartedMessage(message)) onStart.get(message.faultlineBatchStarted)?.();
    },
  };
  let batchCounter = 0;
  const seedBudgetMs = runOptions.wallBudgetMs ?? DEFAULT_SEED_WALL_BUDGET_MS;
  /**
   * Runs a batch, or returns undefined once the run is stopping. A run checks its wall budget between
   * events, so a handler that never returns would hold its worker for ever: a batch that outlasts a
   * seed's budget plus ten times its expected time (counted from when a worker starts it) is stopped,
   * its worker replaced, and its seeds run one by one, so the seed that hangs is the one reported, as
   * a limit result.
   */
  const runBatch = async (seeds: number[], options: FuzzRunOptions, deaths = 0): Promise<SeedOutcome[] | undefined> => {
    const batch = ++batchCounter;
    const task: BatchTask = { source: target.source, scenarioRef: target.ref, runOptions: options, seeds, batch };
    const deadlineMs = seedBudgetMs + HUNG_GRACE_MS + HUNG_FACTOR * seeds.length * run.seedMs();
    const overdue = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    onStart.set(batch, () => {
      // Wall time in the parent, never in a simulation: it only decides when a worker that stopped
      // answering (a handler that never returns) is killed; its seeds are then re-run one by one.
      timer = setTimeout(() => overdue.abort(), deadlineMs);
    });
    // Workers replaced after a death are new processes: their stderr is filtered too.
    stderr.adopt(pool.threads);
    try {
      const result = (await pool.run(task, { channel, signal: AbortSignal.any([cancel.signal, overdue.signal]) })) as SeedOutcome[] | WorkerLoadFailure;
      if (isWorkerLoadFailure(result)) throw new ScenarioError(result.faultlineLoadFailure);
      return result;
    } catch (error) {
      // Once stopping, a worker that ends mid-batch is expected (its failures are already in).
      if (cancel.signal.aborted || run.stop === 'interrupted') return undefined;
      const died = !overdue.signal.aborted && workerDiedError(error);
      if (!overdue.signal.aborted && !died) throw error;
      // A hung batch, or a worker that died (killed, out of memory): the pool has replaced it; the
      // seeds run again one per task, so the seed to blame is found and every other seed still runs.
      if (seeds.length === 1) {
        const seed = seeds[0] as number;
        if (!died) return [hungSeed(target.scenario, runOptions, seed, target.ref, deadlineMs)];
        if (deaths + 1 >= DEATHS_TO_BLAME) return [workerDied(target.scenario, runOptions, seed, target.ref, deaths + 1)];
        return runBatch(seeds, options, deaths + 1);
      }
      const outcomes: SeedOutcome[] = [];
      for (const seed of seeds) {
        const one = await runBatch([seed], options);
        if (!one) return undefined;
        outcomes.push(...one);
      }
      return outcomes;
    } finally {
      onStart.delete(batch);
      clearTimeout(timer);
    }
  };
  // Two batches in flight per worker, so a worker never waits for the parent between batches.
  const lanes = workers * 2;
  const lane = async (): Promise<void> => {
    for (;;) {
      await run.epochReady();
      const seeds = run.takeBatch(run.batchSize(lanes));
      if (seeds.length === 0 || fatal !== undefined) return;
      try {
        const outcomes = await runBatch(seeds, run.batchOptions(seeds));
        if (!outcomes) {
          run.wake();
          return;
        }
        run.outcomes(outcomes);
      } catch (error) {
        fatal ??= error;
        // Lanes waiting for this epoch would wait for ever: they stop too.
        run.stop ??= 'interrupted';
        run.wake();
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    run.options.signal?.removeEventListener('abort', onAbort);
    // tinypool's destroy waits for each worker's exit event, which never comes for one that already
    // died unnoticed (most likely what left two runs, stopped on a batch that met a just-killed
    // worker, waiting with no worker process left): the run's results are in, so it waits a bounded time.
    let destroyWait: NodeJS.Timeout | undefined;
    await Promise.race([pool.destroy(), new Promise((resolve) => (destroyWait = setTimeout(resolve, DESTROY_WAIT_MS)))]);
    clearTimeout(destroyWait);
    clearInterval(keepAlive);
  }
  if (fatal !== undefined) throw fatal;
}

/**
 * Fuzzes a scenario over a seed range. Results (the failing seeds, every digest) depend only on the
 * scenario, options and seeds: never on the worker count, the batching or the shard layout.
 */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const range = typeof options.seeds === 'object' ? options.seeds : parseSeedRange(options.seeds);
  const shard = options.shard === undefined ? { index: 1, count: 1 } : typeof options.shard === 'string' ? parseShard(options.shard) : options.shard;
  const seeds = new ShardSeeds(range, shard);
  const runOptions = runOptionsOf(options);
  // Bad options (an unknown fault profile, a bad time) fail here, once, not in every worker. Without
  // the strategy: a strategy may probe-run the scenario, and scenario code runs only where a seed
  // timeout can stop it (a worker), never in this process.
  const { strategy: _strategy, ...checked } = runOptions;
  prepareRun(target.scenario, { ...checked, seed: range.first });
  const pooled = target.source !== undefined && workerAvailable();
  const workers = pooled ? Math.max(1, Math.min(resolveWorkerCount(options.workers), seeds.total)) : 1;
  const run = new FuzzRun(target, seeds, options, runOptions, workers);
  try {
    if (pooled) await runPool(run, target as FuzzTarget & { source: ScenarioSource }, runOptions, workers);
    else runInline(run, target);
  } catch (error) {
    throw new FuzzRunError(error, run.report('error'));
  }
  return run.report(run.stop ?? 'complete');
}
