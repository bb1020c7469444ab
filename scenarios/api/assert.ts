import { FAULTLINE_VERSION, type FuzzReport, type RunFailure } from '../../sim/index.js';

/**
 * Thrown by assertScenario and assertFuzz, fast-check style: the message is the violation and the
 * one command that reproduces it; the result value stays available for a closer look.
 */
export class FaultlineFailure extends Error {
  override readonly name = 'FaultlineFailure';
  constructor(
    message: string,
    readonly detail: RunFailure | FuzzReport,
  ) {
    super(message);
  }
}

export function runFailureMessage(failure: RunFailure): string {
  const v = failure.violation;
  const lines = [
    `${failure.scenario} failed on seed ${failure.seed}: ${v.kind} violation of ${v.checker}`,
    `  ${v.message}`,
    `  at event ${v.eventIndex}, virtual ${(v.timeUs / 1000).toFixed(3)} ms · digest ${failure.digest} · faultline ${FAULTLINE_VERSION}`,
  ];
  if (failure.anomaly) lines.push(`  known anomaly: ${failure.anomaly}`);
  lines.push(`  repro: ${failure.repro}`);
  return lines.join('\n');
}

export function fuzzFailureMessage(report: FuzzReport): string {
  const lines = [
    `${report.scenario}: ${report.failed} of ${report.seedsRun} seeds failed, in ${report.groups.length} group(s) (faultline ${FAULTLINE_VERSION})`,
  ];
  for (const group of report.groups) {
    lines.push(`  ${group.signature} — ${group.count} seed(s), smallest ${group.smallestSeed}`);
    lines.push(`    ${group.message}`);
    lines.push(`    repro: ${group.repro}`);
  }
  return lines.join('\n');
}
