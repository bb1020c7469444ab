import { mapSetReplacer, type TraceFile } from './trace-file.js';
import type { TraceEvent, TraceSink } from './trace.js';
import { FAULTLINE_VERSION } from './version.js';

/** Compares a re-run's events, as they happen, with the events of a trace file (line by line as JSON). */
export class TraceComparison implements TraceSink {
  private readonly expected: string[];
  private position = 0;
  mismatch: { position: number; index: number; recorded: string | undefined; replayed: string | undefined } | undefined;

  constructor(events: readonly TraceEvent[]) {
    this.expected = events.map((event) => JSON.stringify(event));
  }

  write(event: TraceEvent): void {
    if (this.mismatch) return;
    const replayed = JSON.stringify(event, mapSetReplacer);
    const recorded = this.expected[this.position];
    if (recorded !== replayed) this.mismatch = { position: this.position, index: event.i, recorded, replayed };
    this.position++;
  }

  /** Call after the run: a trace with more events than the re-run also mismatches. */
  finish(): void {
    if (this.mismatch || this.position >= this.expected.length) return;
    const recorded = this.expected[this.position];
    this.mismatch = { position: this.position, index: (JSON.parse(recorded as string) as TraceEvent).i, recorded, replayed: undefined };
  }
}

export type TraceVerdict =
  /** Every event and the digest match. */
  | 'identical'
  /** The file was changed after it was written: see `edited` for which part. */
  | 'edited'
  /** The re-run differs from the file and from its digest: the file was edited, or the run is not reproducible here. */
  | 'diverged'
  /** The file has no footer, or an interrupted one (its run was cut short); every event it has matches. */
  | 'incomplete';

export interface TraceCheck {
  verdict: TraceVerdict;
  /** For 'edited': 'events' (the run reproduces the recorded digest, the events differ) or 'digest' (every event matches, the footer's digest does not). */
  edited?: 'events' | 'digest';
  /** For 'incomplete': how many events the file has. */
  eventsInFile: number;
  recordedDigest: string | undefined;
  replayedDigest: string;
  /** The first event that differs: its position among the file's events and its trace index. */
  mismatch: TraceComparison['mismatch'];
}

export function judgeTrace(trace: TraceFile, comparison: TraceComparison, replayedDigest: string): TraceCheck {
  comparison.finish();
  const interrupted = trace.footer?.interrupted === true;
  const complete = trace.footer !== undefined && !interrupted;
  const recordedDigest = complete && typeof trace.footer?.digest === 'string' ? trace.footer.digest : undefined;
  // A cut-short file ends early: the re-run's further events are not differences.
  const mismatch = !complete && comparison.mismatch?.recorded === undefined ? undefined : comparison.mismatch;
  const base = { eventsInFile: trace.events.length, recordedDigest, replayedDigest, mismatch };
  if (!complete) return { verdict: mismatch ? 'diverged' : 'incomplete', ...base };
  if (recordedDigest === replayedDigest) return mismatch ? { verdict: 'edited', edited: 'events', ...base } : { verdict: 'identical', ...base };
  return mismatch ? { verdict: 'diverged', ...base } : { verdict: 'edited', edited: 'digest', ...base };
}

/** The header's faultline version when it is not this one (a replay would not be comparable). */
export function foreignVersion(trace: TraceFile): string | undefined {
  const version = trace.header.version;
  return version === FAULTLINE_VERSION ? undefined : String(version ?? 'unknown');
}
