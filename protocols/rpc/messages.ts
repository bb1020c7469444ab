import { isIntact, withChecksum, type Unsealed } from '../checksum.js';

/** The remote procedures the server dispatcher offers: a bank account and a key-value store. */
export type RpcRequest =
  | { proc: 'debit'; amount: number }
  | { proc: 'credit'; amount: number }
  | { proc: 'put'; key: string; value: string }
  | { proc: 'get'; key: string };

export type RpcProc = RpcRequest['proc'];

/** debit/credit answer the new balance; put answers 'ok'; get answers the value ('' when absent). */
export type RpcResult = number | string;

/** A call (or a retransmission of it): xid = (client, seq). */
export interface CallMessage {
  type: 'rpc.call';
  client: string;
  seq: number;
  /** Piggybacked: the client is done with every seq <= doneUpTo (reply seen or call abandoned). */
  doneUpTo: number;
  request: RpcRequest;
  checksum: number;
}

export interface ReplyMessage {
  type: 'rpc.reply';
  seq: number;
  result: RpcResult;
  checksum: number;
}

/** "Your call is still executing": keeps a patient client from giving up on a slow call. */
export interface PendingMessage {
  type: 'rpc.pending';
  seq: number;
  checksum: number;
}

export type RpcMessage = CallMessage | ReplyMessage | PendingMessage;


/** Adds the checksum (see protocols/checksum.ts). */
export const seal = <M extends RpcMessage>(body: Unsealed<M, RpcMessage>): M => withChecksum<M>(body);


export const xidOf = (client: string, seq: number): string => `${client}:${seq}`;

export { isIntact };
