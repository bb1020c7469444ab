import type { Checker, Simulation, StepInfo } from '../../sim/simulation.js';
import { channelKey, SnapshotLedger, type SnapshotRecord } from './ledger.js';

export interface SnapshotCheckOptions {
  /** Every bank node: channels run between every ordered pair. */
  nodes: readonly string[];
  /** Tokens in the bank (the sum of initial balances): no transfer creates or destroys any. */
  totalTokens: number;
}

const sumOf = (values: Iterable<number>): number => {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
};

/**
 * The recorded cut is consistent with happens-before, judged by the engine's ground truth when a
 * snapshot completes: no node recorded as received a transfer sent after its sender's cut, and each
 * channel state holds exactly the transfers sent before the sender's cut and received after the
 * receiver's cut but before the marker on that channel.
 */
function cutViolation(snapshot: SnapshotRecord, ledger: SnapshotLedger): string | undefined {
  const cutOf = (node: string): number => snapshot.states.get(node)!.step;
  const inChannel = new Set<string>();
  for (const [key, channel] of snapshot.channels) {
    const [from] = key.split('>') as [string];
    for (const recorded of channel.transfers) {
      inChannel.add(recorded.id);
      const fact = ledger.transfers.get(recorded.id);
      if (fact && fact.sentStep > cutOf(from)) {
        return `snapshot ${snapshot.id}: channel ${key.replace('>', '→')} records transfer ${fact.id} as in transit, but ${from} sent it after its cut (step ${fact.sentStep} > ${cutOf(from)})`;
      }
    }
  }
  for (let i = snapshot.transfersBefore; i < ledger.transferLog.length; i++) {
    const fact = ledger.transferLog[i]!;
    const sentBeforeCut = fact.sentStep <= cutOf(fact.from);
    const receivedBeforeCut = fact.receivedStep <= cutOf(fact.to);
    if (receivedBeforeCut && !sentBeforeCut) {
      return `snapshot ${snapshot.id}: ${fact.to} had received transfer ${fact.id} (${fact.amount}) when it recorded its state, but ${fact.from} sent it after recording its own: the cut is not consistent`;
    }
    const channel = snapshot.channels.get(channelKey(fact.from, fact.to))!;
    if (sentBeforeCut && !receivedBeforeCut && fact.receivedStep <= channel.closedStep && !inChannel.has(fact.id)) {
      return `snapshot ${snapshot.id}: transfer ${fact.id} (${fact.amount}) was in transit on ${fact.from}→${fact.to} across the cut, but the channel state omits it`;
    }
  }
  return undefined;
}

function conservationViolation(snapshot: SnapshotRecord, ledger: SnapshotLedger): string | undefined {
  const balances = sumOf([...snapshot.states.values()].map((state) => state.balance));
  const inTransit = sumOf([...snapshot.channels.values()].map((channel) => sumOf(channel.transfers.map((t) => t.amount))));
  if (balances + inTransit === ledger.totalTokens) return undefined;
  return `snapshot ${snapshot.id} records ${balances + inTransit} tokens (balances ${balances} + in transit ${inTransit}), but the bank holds ${ledger.totalTokens}`;
}

function missingPieces(snapshot: SnapshotRecord, ledger: SnapshotLedger): string {
  const states = ledger.nodes.filter((node) => !snapshot.states.has(node));
  const channels: string[] = [];
  for (const to of ledger.nodes) for (const from of ledger.nodes) if (from !== to && !snapshot.channels.has(channelKey(from, to))) channels.push(`${from}→${to}`);
  const parts = [states.length > 0 ? `no state from ${states.join(', ')}` : '', channels.length > 0 ? `channels ${channels.slice(0, 6).join(', ')}${channels.length > 6 ? ` … (${channels.length})` : ''} never closed` : ''];
  return parts.filter((part) => part !== '').join('; ');
}

/**
 * When a fault outside Chandy-Lamport's assumptions (crash, drop, duplicate, corruption) overlaps a
 * snapshot, the snapshot is neither passed nor failed: the liveness checker reports it incomplete or
 * unjudged as an inconclusive result ('limit', exit code 3), unless a real violation came first.
 */
function livenessOutcome(ledger: SnapshotLedger, sim: Simulation): ReturnType<NonNullable<Checker['atEnd']>> {
  const unjudged: string[] = [];
  for (const snapshot of ledger.snapshots.values()) {
    const complete = snapshot.completedStep !== undefined;
    if (snapshot.unjudged !== undefined) {
      unjudged.push(`${snapshot.id} ${complete ? 'completed but not judged' : 'incomplete'} (${snapshot.unjudged})`);
    } else if (!complete) {
      return `snapshot ${snapshot.id}, started at ${snapshot.startUs / 1000} ms, never completed by ${sim.nowMs} ms: ${missingPieces(snapshot, ledger)}`;
    }
  }
  if (unjudged.length === 0) return undefined;
  const shown = unjudged.slice(0, 3).join('; ') + (unjudged.length > 3 ? `; … ${unjudged.length - 3} more` : '');
  return {
    kind: 'limit',
    message: `inconclusive: ${unjudged.length} snapshot(s) overlapped a fault outside Chandy-Lamport's assumptions (FIFO, reliable, no failures) and are reported, not judged: ${shown}`,
  };
}

/**
 * The three snapshot checkers, sharing one ledger: consistent cut and conservation (safety, judged
 * at the step a snapshot completes) and completion (liveness, at the end).
 */
export function snapshotCheckers(options: SnapshotCheckOptions): Checker[] {
  const ledger = new SnapshotLedger(options.nodes, options.totalTokens);
  const judging = (name: string, judge: (snapshot: SnapshotRecord, ledger: SnapshotLedger) => string | undefined): Checker => ({
    name,
    kind: 'safety',
    afterStep: (step: StepInfo, sim: Simulation) => {
      ledger.observe(step, sim);
      for (const snapshot of ledger.completedNow) {
        const violation = judge(snapshot, ledger);
        if (violation) return violation;
      }
      return undefined;
    },
  });
  return [
    judging('snapshot-consistent-cut', cutViolation),
    judging('snapshot-conservation', conservationViolation),
    {
      name: 'snapshot-completes',
      kind: 'liveness',
      afterStep: (step, sim) => {
        ledger.observe(step, sim);
        return undefined;
      },
      atEnd: (sim) => livenessOutcome(ledger, sim),
    },
  ];
}
