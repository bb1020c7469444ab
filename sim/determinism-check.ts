import type { TraceEvent, TraceSink } from './trace.js';
import { prepareRun, summarize, type RunOptions, type RunResult, type Scenario } from './scenario.js';

export interface EventSummary {
  index: number;
  timeUs: number;
  type: string;
  node: string;
}

export interface DeterminismReport {
  identical: boolean;
  digests: [string, string];
  /** The first event at which the two runs differ (absent when identical). */
  firstDivergence?: { index: number; first: EventSummary | undefined; second: EventSummary | undefined };
  result: RunResult;
}

/** Captures one event of a run by index (to describe where two runs diverged). */
class CaptureAt implements TraceSink {
  captured: EventSummary | undefined;
  constructor(private readonly index: number) {}
  write(event: TraceEvent): void {
    if (event.i !== this.index || event.type === 'node.log' || this.captured) return;
    const node = 'node' in event ? event.node : 'to' in event ? event.to : '';
    this.captured = { index: event.i, timeUs: event.t, type: event.type, node };
  }
}

function describeAt(scenario: Scenario, options: RunOptions, index: number): EventSummary | undefined {
  const capture = new CaptureAt(index);
  const prepared = prepareRun(scenario, { ...options, trace: capture, keepFingerprints: false });
  prepared.sim.run();
  return capture.captured;
}

/**
 * Runs the same (scenario, options, seed) twice and compares every event's running digest, as
 * FoundationDB re-runs to detect nondeterminism. On a mismatch it names the first diverging event.
 */
export function checkDeterminism(scenario: Scenario, options: RunOptions): DeterminismReport {
  const runs = [0, 1].map(() => {
    const prepared = prepareRun(scenario, { ...options, trace: undefined, keepFingerprints: true });
    prepared.sim.run();
    return { prepared, fingerprints: prepared.sim.eventFingerprints ?? [] };
  });
  const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const result = summarize(a.prepared);
  const digests: [string, string] = [a.prepared.sim.digestHex(), b.prepared.sim.digestHex()];
  const length = Math.max(a.fingerprints.length, b.fingerprints.length);
  let index = -1;
  for (let i = 0; i < length; i++) {
    if (a.fingerprints[i] !== b.fingerprints[i]) {
      index = i;
      break;
    }
  }
  if (index < 0 && digests[0] === digests[1]) return { identical: true, digests, result };
  if (index < 0) index = length;
  return {
    identical: false,
    digests,
    firstDivergence: { index, first: describeAt(scenario, options, index), second: describeAt(scenario, options, index) },
    result,
  };
}
