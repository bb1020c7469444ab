import type { ChildProcess } from 'node:child_process';

/** Where V8's report of a fatal error (out of memory) begins: from there on a dying worker's stderr is noise. */
const FATAL_MARKERS = ['<--- Last few GCs --->', 'FATAL ERROR:', '#\n# Fatal error'];

/**
 * Passes a worker's stderr to ours (a scenario's own console.error stays visible) but drops V8's
 * fatal-error report (GC log, native stack trace) once it begins: the seed that caused it is
 * reported as a crash result, in one line, instead.
 */
export class WorkerStderrFilter {
  private readonly seen = new WeakSet<object>();

  /** Re-routes the stderr of every worker not seen before; `workers` are tinypool's process workers. */
  adopt(workers: readonly unknown[]): void {
    for (const worker of workers) {
      const child = (worker as { process?: ChildProcess }).process;
      const stderr = child?.stderr;
      if (!child || !stderr || this.seen.has(child)) continue;
      this.seen.add(child);
      stderr.unpipe(process.stderr);
      let dying = false;
      stderr.on('data', (chunk: Buffer) => {
        if (dying) return;
        const text = chunk.toString();
        const cut = Math.min(...FATAL_MARKERS.map((marker) => text.indexOf(marker)).filter((at) => at >= 0));
        if (Number.isFinite(cut)) {
          dying = true;
          const before = text.slice(0, cut).trimEnd();
          if (before.length > 0) process.stderr.write(`${before}\n`);
          return;
        }
        process.stderr.write(text);
      });
    }
  }
}
