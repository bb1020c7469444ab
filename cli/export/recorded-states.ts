import { FAULTLINE_VERSION, prepareRun, reproOfTraceHeader, resolveScenario, resolveTarget, runOptionsOf, type Scenario, type TraceFile } from '../../scenarios/index.js';
import { encodeStateHistory, type EncodedStates, type StateVersionLike } from './state-history.js';
import { lanesOf } from './trace-model.js';

/**
 * Traces do not carry node states. Runs are deterministic, so the states are recovered by running
 * the trace's (scenario, options, seed) again in recording mode, and trusted only when that run's
 * digest equals the one in the trace's footer.
 */

export type RecoveredStates = { ok: true; states: EncodedStates; digest: string } | { ok: false; reason: string };

/** The scenario a trace was recorded from: a registered name, or the module its header names. */
export async function traceScenario(trace: TraceFile): Promise<Scenario | { reason: string }> {
  const ref = reproOfTraceHeader(trace.header)?.scenario;
  if (ref === undefined) return { reason: 'the trace header names no scenario and seed to re-run' };
  try {
    return (await resolveTarget(ref)).scenario;
  } catch (error) {
    return { reason: `cannot load scenario ${ref} to re-run it: ${(error as Error).message}` };
  }
}

export function recoverStates(trace: TraceFile, scenario?: Scenario): RecoveredStates {
  const { header, footer } = trace;
  if (typeof footer?.digest !== 'string') {
    return { ok: false, reason: 'the trace has no footer with a digest (was the run cut short?), so a re-run cannot be verified' };
  }
  // The repro whole: a re-run that dropped an option (such as a shrunk run's kept faults) would differ.
  let repro: ReturnType<typeof reproOfTraceHeader>;
  try {
    repro = reproOfTraceHeader(header);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (repro === undefined || typeof header.scenario !== 'string') {
    return { ok: false, reason: 'the trace header names no scenario and seed to re-run' };
  }
  let digest: string;
  let historyOf: (lane: number) => readonly StateVersionLike[];
  try {
    const prepared = prepareRun(scenario ?? resolveScenario(header.scenario), { ...runOptionsOf(repro), record: true });
    prepared.sim.run();
    digest = prepared.sim.digestHex();
    const recorder = prepared.sim.recorder!;
    const simIndex = new Map(prepared.sim.nodeIds.map((id, index) => [id, index]));
    const lanes = lanesOf(trace);
    historyOf = (lane) => {
      const index = simIndex.get(lanes[lane] as string);
      return index === undefined ? [] : recorder.historyOf(index);
    };
  } catch (error) {
    return { ok: false, reason: `re-running ${header.scenario} seed ${String(header.seed)} failed: ${(error as Error).message}` };
  }
  if (digest !== footer.digest) {
    const version = header.version !== FAULTLINE_VERSION ? ` (the trace was written by faultline ${String(header.version)}, this is ${FAULTLINE_VERSION})` : '';
    return { ok: false, reason: `re-running ${header.scenario} seed ${String(header.seed)} gave digest ${digest}, not the trace's ${footer.digest}${version}; node states are not shown` };
  }
  return { ok: true, states: encodeStateHistory(lanesOf(trace), historyOf), digest };
}
