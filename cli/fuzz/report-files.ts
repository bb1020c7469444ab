import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FuzzFailure, FuzzReport } from '../../sim/index.js';
import { ioReason, prepareOutputDirectory, prepareOutputFile } from '../output/paths.js';
import { junitXml } from './junit.js';

/** Writes a file whole or not at all, so a reader (or a Ctrl-C) never sees half a report. */
function writeAtomically(path: string, text: string): void {
  // A device or pipe (/dev/stdout, /dev/full) is written in place: renaming over it would replace it.
  if (!isRegularOrAbsent(path)) {
    writeFileSync(path, text);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function isRegularOrAbsent(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

/** Least time between two rewrites of the report while failures keep arriving. */
const REWRITE_MS = 500;

export interface ReportPaths {
  json?: string;
  junit?: string;
  corpus?: string;
}

/**
 * The report files of one fuzz run, rewritten as failures arrive and once at the end. Every path is
 * checked when the run is set up (a bad one is a usage error before any seed runs); a write that
 * fails later (a full disk) does not stop the run: it is reported once through `onProblem`, and the
 * failures still reach the terminal and every other file.
 */
export class FuzzReportFiles {
  private lastWriteMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private latest: (() => FuzzReport) | undefined;
  /** Paths that failed to write, with the first reason: each is reported once. */
  readonly problems = new Map<string, string>();

  constructor(
    private readonly paths: ReportPaths,
    private readonly onProblem: (line: string) => void = () => {},
  ) {
    if (paths.json) prepareOutputFile(paths.json, '--json');
    if (paths.junit) prepareOutputFile(paths.junit, '--junit');
    if (paths.corpus) prepareOutputDirectory(paths.corpus, '--corpus');
  }

  /** A corpus entry per failing seed: everything needed to replay it. */
  failure(failure: FuzzFailure, scenario: string, scenarioRef: string): string | undefined {
    if (!this.paths.corpus) return undefined;
    const file = join(this.paths.corpus, `${scenario.replace(/[^\w.-]/g, '_')}-seed-${failure.seed}.json`);
    return this.write(this.paths.corpus, file, () => JSON.stringify({ scenario, scenarioRef, ...failure }, null, 2) + '\n') ? file : undefined;
  }

  private write(key: string, path: string, text: () => string): boolean {
    try {
      writeAtomically(path, text());
      return true;
    } catch (error) {
      if (!this.problems.has(key)) {
        const reason = ioReason(error);
        this.problems.set(key, reason);
        this.onProblem(`could not write ${path}: ${reason}; the run goes on and its summary lists every failure`);
      }
      return false;
    }
  }

  /**
   * The report so far, after a failure. Rewriting a large report on every failure would cost
   * O(failures²) when most seeds fail, so it is rewritten at most every REWRITE_MS (the corpus file
   * of each failure is written at once, and the final report always).
   */
  partial(report: () => FuzzReport): void {
    if (!this.paths.json && !this.paths.junit) return;
    this.latest = report;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWriteMs + REWRITE_MS - Date.now());
    if (wait === 0) {
      this.report(report());
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.latest) this.report(this.latest());
    }, wait);
  }

  report(report: FuzzReport): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastWriteMs = Date.now();
    if (this.paths.json) this.write(this.paths.json, this.paths.json, () => JSON.stringify(report, null, 2) + '\n');
    if (this.paths.junit) this.write(this.paths.junit, this.paths.junit, () => junitXml(report));
  }
}
