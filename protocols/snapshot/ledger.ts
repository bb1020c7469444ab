import type { Simulation, StepInfo } from '../../sim/simulation.js';
import type { RecordedTransfer, SnapshotOutputs } from './messages.js';

/** A delivered transfer, placed by the engine's ground truth: the step that sent and received it. */
export interface TransferFact {
  id: string;
  from: string;
  to: string;
  amount: number;
  sentStep: number;
  receivedStep: number;
}

export interface ChannelRecord {
  transfers: RecordedTransfer[];
  /** The step in which the marker closed the channel. */
  closedStep: number;
}

export interface SnapshotRecord {
  id: string;
  startStep: number;
  startUs: number;
  /** Transfers delivered before the snapshot started (index into the ledger's transfer log). */
  transfersBefore: number;
  /** Each node's recorded balance and the step in which it recorded it (its point in the cut). */
  states: Map<string, { balance: number; step: number }>;
  /** Channel `from>to` → what the receiver recorded on it. */
  channels: Map<string, ChannelRecord>;
  completedStep: number | undefined;
  completedUs: number | undefined;
  /** Why the snapshot is not judged: it overlapped a fault outside Chandy-Lamport's assumptions. */
  unjudged: string | undefined;
}

export const channelKey = (from: string, to: string): string => `${from}>${to}`;

/**
 * What the snapshot checkers share: every snapshot's recorded pieces, every delivered transfer with
 * its ground truth, and the first step at which the run left the algorithm's assumptions (a drop, a
 * duplicate, a corruption, a crash). Fed once per step, whichever checker asks first.
 */
export class SnapshotLedger {
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly transfers = new Map<string, TransferFact>();
  readonly transferLog: TransferFact[] = [];
  /** Snapshots that completed in the latest step and are to be judged. */
  completedNow: SnapshotRecord[] = [];
  breach: { step: number; timeUs: number; reason: string } | undefined;
  private outputCursor = 0;
  private lastStep = -1;

  constructor(
    readonly nodes: readonly string[],
    readonly totalTokens: number,
  ) {}

  get channelCount(): number {
    return this.nodes.length * (this.nodes.length - 1);
  }

  observe(step: StepInfo, sim: Simulation): void {
    if (step.index === this.lastStep) return;
    this.lastStep = step.index;
    this.completedNow = [];
    this.noteBreach(step, sim);
    const outputs = sim.outputs;
    for (; this.outputCursor < outputs.length; this.outputCursor++) {
      const output = outputs[this.outputCursor]!;
      this.apply(output.name, output.value, step, output.node, sim.nowUs);
    }
  }

  private noteBreach(step: StepInfo, sim: Simulation): void {
    if (this.breach) return;
    const { messages, faults } = sim.stats;
    const reasons: [boolean, string][] = [
      [step.kind === 'crash', `${step.node} crashed`],
      [messages.dropped > 0, 'a message was dropped'],
      [faults.duplicate > 0, 'a message was duplicated'],
      [faults.corrupt > 0, 'a message was corrupted'],
      [faults.byzantine > 0, 'a Byzantine node acted'],
    ];
    const reason = reasons.find(([happened]) => happened)?.[1];
    if (reason === undefined) return;
    this.breach = { step: step.index, timeUs: sim.nowUs, reason };
    for (const snapshot of this.snapshots.values()) {
      if (snapshot.completedStep === undefined) snapshot.unjudged = `in progress when ${reason} at ${sim.nowMs} ms`;
    }
  }

  private apply(name: string, value: unknown, step: StepInfo, node: string, nowUs: number): void {
    switch (name) {
      case 'bank.credit': {
        const credit = value as SnapshotOutputs['bank.credit'];
        const fact: TransferFact = { id: credit.id, from: step.from, to: node, amount: credit.amount, sentStep: step.sentInStep, receivedStep: step.index };
        this.transfers.set(fact.id, fact);
        this.transferLog.push(fact);
        return;
      }
      case 'snapshot.start':
        break;
      case 'snapshot.state': {
        const state = value as SnapshotOutputs['snapshot.state'];
        this.snapshotOf(state.snapshot, step, nowUs).states.set(node, { balance: state.balance, step: step.index });
        break;
      }
      case 'snapshot.channel': {
        const channel = value as SnapshotOutputs['snapshot.channel'];
        this.snapshotOf(channel.snapshot, step, nowUs).channels.set(channelKey(channel.from, node), { transfers: channel.transfers, closedStep: step.index });
        break;
      }
      default:
        return;
    }
    const snapshot = this.snapshotOf((value as { snapshot: string }).snapshot, step, nowUs);
    if (snapshot.completedStep === undefined && snapshot.states.size === this.nodes.length && snapshot.channels.size === this.channelCount) {
      snapshot.completedStep = step.index;
      snapshot.completedUs = nowUs;
      if (snapshot.unjudged === undefined) this.completedNow.push(snapshot);
    }
  }

  private snapshotOf(id: string, step: StepInfo, nowUs: number): SnapshotRecord {
    let snapshot = this.snapshots.get(id);
    if (!snapshot) {
      snapshot = {
        id,
        startStep: step.index,
        startUs: nowUs,
        transfersBefore: this.transferLog.length,
        states: new Map(),
        channels: new Map(),
        completedStep: undefined,
        completedUs: undefined,
        unjudged: this.breach ? `started after ${this.breach.reason} at ${this.breach.timeUs / 1000} ms` : undefined,
      };
      this.snapshots.set(id, snapshot);
    }
    return snapshot;
  }
}
