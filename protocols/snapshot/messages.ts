/** Messages of the bank with Chandy-Lamport snapshots (a tagged union). */

/** Moves `amount` tokens from the sender to the receiver. `id` is unique in the run (`n3:17`). */
export interface TransferMessage {
  type: 'bank.transfer';
  id: string;
  amount: number;
}

/** Chandy-Lamport's marker for snapshot `snapshot` (`n2#1`: the initiator and its count). */
export interface MarkerMessage {
  type: 'snapshot.marker';
  snapshot: string;
}

export type SnapshotMessage = TransferMessage | MarkerMessage;

/** What a node records and outputs, read by the checkers. */
export interface RecordedTransfer {
  id: string;
  amount: number;
}

/** Outputs (ctx.output name → value). */
export interface SnapshotOutputs {
  /** An initiator starts a snapshot (before recording its own state, in the same step). */
  'snapshot.start': { snapshot: string };
  /** A node records its local state for a snapshot: the step it does so is its point in the cut. */
  'snapshot.state': { snapshot: string; balance: number };
  /** A node closes an incoming channel: what arrived on it between its recording and the marker. */
  'snapshot.channel': { snapshot: string; from: string; transfers: RecordedTransfer[] };
  /** A node has recorded its state and every incoming channel. */
  'snapshot.done': { snapshot: string };
  /** A transfer arrived (the ground truth pairs it with the step that sent it). */
  'bank.credit': { id: string; from: string; amount: number };
}
