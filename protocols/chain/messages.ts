import type { KvClientMessage } from '../kv-client/messages.js';

/** The master's configuration: the chain in order, head first, tail last. */
export interface ChainConfig {
  epoch: number;
  chain: string[];
}

/** A write, numbered by the head. Replicas apply updates in seq order: update k is log[k - 1]. */
export interface Update {
  seq: number;
  reqId: string;
  client: string;
  f: 'put' | 'append';
  key: string;
  value: string;
}

/**
 * The tail may answer clients only inside this interval, granted by the master for one epoch.
 * The master never lets two tails' intervals overlap, so a deposed tail stops before a new one starts.
 */
export interface TailLease {
  epoch: number;
  validFromMs: number;
  untilMs: number;
}

/**
 * Predecessor to successor: updates the successor may lack (possibly none: then it is a heartbeat),
 * the highest seq known to be committed (applied at a tail that held its lease), and how far the
 * sender has applied and whether it holds every committed update (so a new replica knows when it
 * has caught up).
 */
export interface UpdatesMessage {
  type: 'chain.updates';
  epoch: number;
  entries: Update[];
  committed: number;
  applied: number;
  complete: boolean;
}

/** Successor to predecessor: how far the successor has applied, and what is known committed. */
export interface AckMessage {
  type: 'chain.ack';
  epoch: number;
  applied: number;
  committed: number;
}

/** Replica to master, every pingMs: the heartbeat the master's failure detector watches. */
export interface PingMessage {
  type: 'chain.ping';
  epoch: number;
  applied: number;
}

/** Master to replicas and clients (a reply to a ping or whois, or a redirect from a replica). */
export interface ConfigMessage {
  type: 'chain.config';
  config: ChainConfig;
  lease?: TailLease;
}

/** Client to master: which chain is current? */
export interface WhoisMessage {
  type: 'chain.whois';
}

export type ChainMessage = UpdatesMessage | AckMessage | PingMessage | ConfigMessage | WhoisMessage | KvClientMessage;
