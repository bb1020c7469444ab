import chalk from 'chalk';
import { describeFailureModel, formatDurationMs, toleratedKinds, type Assumptions, type RunConfig } from '../sim/index.js';

/** One line: the failure model, the network and timing model, storage, in words. */
export function describeAssumptionsOf(assumptions: Assumptions): string {
  const { network, timing, storage } = assumptions;
  const timingText = network.delayBoundMs === null ? 'asynchronous' : `delays ≤ ${formatDurationMs(network.delayBoundMs)}`;
  const clock = timing.clockSkewMsMax > 0 || timing.clockDriftPpmMax > 0 ? `clock skew ≤ ${timing.clockSkewMsMax} ms, drift ≤ ${timing.clockDriftPpmMax} ppm` : 'no clock faults';
  const parts = [
    `processes ${describeFailureModel(assumptions)}`,
    `network ${timingText}${network.fifo ? ', FIFO' : ''}`,
    clock,
    `storage ${storage.unsyncedWritesLost ? 'may lose unsynced writes' : 'keeps every write'}${storage.faults.length > 0 ? ` + ${storage.faults.join(', ')}` : ''}`,
  ];
  return parts.join(' · ');
}

/** The assumptions block of a run's printed config: the model, what goes beyond it, what it clamped. */
export function describeAssumptions(config: RunConfig): string {
  const lines = [`assumptions ${describeAssumptionsOf(config.assumptions)}`, `    ${chalk.dim(`tolerates ${toleratedKinds(config.assumptions).join(' ') || 'no faults'}`)}`];
  if (config.beyond.length > 0) {
    lines.push(chalk.magenta(`    beyond the assumptions: ${config.beyond.join(', ')} (a failure here is outside the scenario's assumptions, not a protocol bug)`));
  }
  if (config.clamped.length > 0) lines.push(chalk.yellow(`    kept inside the assumptions: ${config.clamped.join(', ')} (--beyond <kind> to allow)`));
  return lines.join('\n');
}
