import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FuzzFailure, FuzzReport } from '../../sim/index.js';
import { junitXml } from './junit.js';

/** Writes a file whole or not at all, so a reader (or a Ctrl-C) never sees half a report. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Least time between two rewrites of the report while failures keep arriving. */
const REWRITE_MS = 500;

export interface ReportPaths {
  json?: string;
  junit?: string;
  corpus?: string;
}

/** The report files of one fuzz run, rewritten as failures arrive and once at the end. */
export class FuzzReportFiles {
  private lastWriteMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private latest: (() => FuzzReport) | undefined;

  constructor(private readonly paths: ReportPaths) {
    if (paths.corpus) mkdirSync(paths.corpus, { recursive: true });
  }

  /** A corpus entry per failing seed: everything needed to replay it. */
  failure(failure: FuzzFailure, scenario: string, scenarioRef: string): string | undefined {
    if (!this.paths.corpus) return undefined;
    const file = join(this.paths.corpus, `${scenario.replace(/[^\w.-]/g, '_')}-seed-${failure.seed}.json`);
    writeAtomically(file, JSON.stringify({ scenario, scenarioRef, ...failure }, null, 2) + '\n');
    return file;
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
    if (this.paths.json) writeAtomically(this.paths.json, JSON.stringify(report, null, 2) + '\n');
    if (this.paths.junit) writeAtomically(this.paths.junit, junitXml(report));
  }
}
