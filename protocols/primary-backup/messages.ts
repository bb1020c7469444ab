import type { KvClientMessage, KvFunction } from '../kv-client/messages.js';

/** A view: who is primary and who are the backups. Only the CFG creates views, numbered 1, 2, ... */
export interface View {
  num: number;
  primary: string;
  backups: string[];
}

/** One client operation in the primary's log, reads included (so reads are ordered and confirmed too). */
export interface Entry {
  seq: number;
  reqId: string;
  client: string;
  f: KvFunction;
  key: string;
  value: string;
}

/** Primary to backup: the log from `entries[0].seq` on (possibly nothing: then a heartbeat). */
export interface ReplicateMessage {
  type: 'pb.replicate';
  view: number;
  entries: Entry[];
  commit: number;
}

/** A new primary's whole state, sent to each backup when a view starts. */
export interface StateMessage {
  type: 'pb.state';
  view: View;
  log: Entry[];
  commit: number;
}

/** Backup to primary: "in this view I hold your log up to `length`". */
export interface AckMessage {
  type: 'pb.ack';
  view: number;
  length: number;
}

/** A server outside the current view asks its primary to be taken back as a backup. */
export interface JoinMessage {
  type: 'pb.join';
}

/**
 * To the CFG: test-and-set on the flag of view `expect`. If the flag is clear and `expect` is the
 * current view, the CFG sets it and installs `next` as view expect + 1; otherwise nothing changes.
 */
export interface ProposeMessage {
  type: 'pb.cfg.propose';
  expect: number;
  next: { primary: string; backups: string[] };
}

export interface GetViewMessage {
  type: 'pb.cfg.get';
}

/** The CFG's answer to every request: the current view. */
export interface ViewMessage {
  type: 'pb.cfg.view';
  view: View;
}

export type PbMessage =
  | ReplicateMessage
  | StateMessage
  | AckMessage
  | JoinMessage
  | ProposeMessage
  | GetViewMessage
  | ViewMessage
  | KvClientMessage;
