import chalk from 'chalk';
import type { FaultProfile, RunConfig, RunResult } from '../sim/index.js';
import { formatDurationMs, NO_FAULTS } from '../sim/index.js';
import { describeAssumptions } from './assumptions-format.js';

export { describeAssumptions };

/**
 * Integers grouped by thousands as toLocaleString('en-US') does, without it: its first call loads
 * ICU's number formatting, about 12 ms of CPU in every `run` (measured), for four numbers.
 */
const number = (n: number): string => (Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US'));

/** The profile's settings that differ from no faults at all, as `key value` pairs. */
export function describeProfile(profile: FaultProfile): string {
  const parts: string[] = [];
  for (const key of Object.keys(NO_FAULTS) as (keyof FaultProfile)[]) {
    if (key === 'name') continue;
    if (profile[key] !== NO_FAULTS[key]) parts.push(`${key}=${String(profile[key])}`);
  }
  return parts.length > 0 ? parts.join(' ') : 'no faults';
}

/** Node ids, Byzantine ones marked; long topologies are summarised by role. */
function describeNodes(config: RunConfig): string {
  const label = (id: string): string => (config.byzantine.includes(id) ? chalk.red(`${id}(byzantine)`) : id);
  if (config.nodes.length <= 20) return config.nodes.map((node) => label(node.id)).join(' ');
  const roles = new Map<string, string[]>();
  for (const node of config.nodes) roles.set(node.role, [...(roles.get(node.role) ?? []), node.id]);
  const summary = [...roles].map(([role, ids]) => `${ids.length} ${role} (${ids[0]} … ${ids[ids.length - 1]})`).join(', ');
  const byzantine = config.byzantine.length > 0 ? ` · byzantine ${config.byzantine.map(label).join(' ')}` : '';
  return summary + byzantine;
}

/** The derived configuration, printed at the start of every run. */
export function formatConfig(config: RunConfig): string {
  const lines = [
    chalk.bold(`faultline ${config.version} · ${config.scenario} · seed ${config.seed}`),
    `  time ${formatDurationMs(config.timeMs)} · faults ${chalk.cyan(config.profile.name)}${config.swarm ? ' (swarm: drawn by the seed)' : ''}`,
    `  ${chalk.dim(describeProfile(config.profile))}`,
    `  nodes ${describeNodes(config)}`,
    `  ${describeAssumptions(config)}`,
  ];
  if (config.swarmTargets) {
    const links = config.swarmTargets.links.map((link) => `${link.from}>${link.to} drop ${link.dropProbability} +${link.delayMsMin} ms`);
    lines.push(chalk.dim(`  swarm aims the nemesis at ${config.swarmTargets.nemesisNodes.join(' ') || 'no node'}${links.length > 0 ? ` · links ${links.join(', ')}` : ''}`));
  }
  const starts = new Set(['partition', 'crash', 'pause', 'clock-jump', 'omission']);
  const episodes = config.plan.steps.filter((step) => starts.has(step.action.type));
  if (episodes.length > 0) {
    const shown = episodes.slice(0, 6).map((step) => {
      const a = step.action;
      if (a.type === 'partition') return `${step.fault}@${step.atMs}ms ${a.groups.map((g) => g.join(',')).join(a.oneWay ? ' -/-> ' : ' | ')}`;
      if (a.type === 'crash') return `${step.fault}@${step.atMs}ms ${a.mode === 'stop' ? 'crash-stop' : 'crash'} ${a.node}`;
      if (a.type === 'pause') return `${step.fault}@${step.atMs}ms pause ${a.node} ${a.durationMs}ms`;
      if (a.type === 'clock-jump') return `${step.fault}@${step.atMs}ms clock ${a.node} ${a.jumpMs > 0 ? '+' : ''}${a.jumpMs}ms`;
      if (a.type === 'omission') return `${step.fault}@${step.atMs}ms omission ${a.node} p=${a.probability}`;
      return step.fault;
    });
    const more = episodes.length > shown.length ? ` … +${episodes.length - shown.length}` : '';
    lines.push(`  nemesis ${shown.join('; ')}${more} (quiet after ${config.plan.endMs} ms)`);
  }
  if (config.clocks && config.clocks.length > 0) {
    const shown = config.clocks.slice(0, 6).map((clock) => `${clock.node} ${clock.offsetMs >= 0 ? '+' : ''}${clock.offsetMs}ms ${clock.driftPpm >= 0 ? '+' : ''}${clock.driftPpm}ppm`);
    lines.push(`  clocks ${shown.join(' · ')}${config.clocks.length > shown.length ? ` … +${config.clocks.length - shown.length}` : ''} (offset, drift; true time is the engine's)`);
  }
  if (config.strategy) lines.push(`  search ${config.strategy}: ${config.search ?? ''}${config.plan.endMs > 0 && episodes.length === 0 ? ` (quiet after ${config.plan.endMs} ms)` : ''}`);
  if (config.mask.length > 0) lines.push(`  mask ${config.mask.length} fault(s) suppressed`);
  if (config.onlyFaults) lines.push(`  only faults ${config.onlyFaults.length > 0 ? config.onlyFaults.join(', ') : 'none'} (every other fault suppressed)`);
  for (const warning of config.warnings) lines.push(chalk.yellow(`  warning: ${warning}`));
  return lines.join('\n');
}

export function formatStats(result: RunResult): string {
  const s = result.stats;
  const faults = Object.entries(s.faults)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${number(count)}`)
    .join(', ');
  return [
    `  events ${number(s.events)} · virtual ${formatDurationMs(Math.round(s.virtualTimeMs))} · wall ${number(result.wallMs)} ms`,
    `  messages sent ${number(s.messages.sent)}, delivered ${number(s.messages.delivered)}, dropped ${number(s.messages.dropped)} · client ops ${number(s.historyOps)}`,
    `  faults ${faults || 'none fired'}`,
    `  digest ${result.digest}`,
  ].join('\n');
}

/** A run's result; `repro` is the repro as printed (a long one shortened to a repro file by the caller). */
export function formatResult(result: RunResult, repro?: string): string {
  if (result.ok) return `${chalk.green('✔ all checkers held')}\n${formatStats(result)}`;
  const v = result.violation;
  const title = v.kind === 'limit' ? 'inconclusive' : `${v.kind} violation`;
  const lines = [
    chalk.red.bold(`✘ ${title}: ${v.checker}`),
    `  ${v.message}`,
    `  at event ${number(v.eventIndex)}, virtual ${(v.timeUs / 1000).toFixed(3)} ms`,
  ];
  if (result.outsideAssumptions) {
    lines.push(chalk.magenta(`  outside the scenario's assumptions: this run went beyond them (${result.config.beyond.join(', ')}), so this is not a bug in the protocol`));
  }
  if (result.anomaly) lines.push(chalk.yellow(`  known anomaly: ${result.anomaly}`));
  if (result.byzantine) lines.push(chalk.yellow(`  byzantine node(s) in this run: ${result.byzantine.join(', ')}`));
  lines.push(formatStats(result));
  lines.push(`  repro: ${chalk.bold(repro ?? result.repro)}`);
  return lines.join('\n');
}
