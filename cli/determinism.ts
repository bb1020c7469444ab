import chalk from 'chalk';
import type { DeterminismReport, EventSummary } from '../sim/index.js';

function describe(event: EventSummary | undefined): string {
  return event ? `${event.type} at node ${event.node || '-'}, virtual ${event.timeUs / 1000} ms` : 'no event';
}

/** The verdict line of `--check-determinism` (run and replay print the same one). */
export function formatDeterminism(report: DeterminismReport): string {
  if (report.identical) return chalk.green(`✔ deterministic: two runs gave digest ${report.digests[0]}`);
  const d = report.firstDivergence!;
  return chalk.red(`✘ nondeterministic: digests ${report.digests[0]} vs ${report.digests[1]}; first diverging event #${d.index}: ${describe(d.first)} vs ${describe(d.second)}`);
}

/** The `determinism` field of `--json` output. */
export function determinismJson(report: DeterminismReport): Record<string, unknown> {
  return { identical: report.identical, digests: report.digests, firstDivergence: report.firstDivergence ?? null };
}
