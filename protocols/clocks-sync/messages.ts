import { isIntact, withChecksum, type Unsealed } from '../checksum.js';

/** Stratum 16: unsynchronised. Such a node answers requests, but no one may take its time. */
export const UNSYNCHRONISED = 16;

/** Client → server: t1 is the client's clock when it sent the request. */
export interface TimeRequest {
  type: 'ntp.request';
  t1: number;
  checksum: number;
}

/**
 * Server → client: t1 echoed, t2 = server clock on receipt, t3 = server clock on sending, and what
 * the server knows of its own accuracy: its stratum and root distance (error bound vs the reference).
 */
export interface TimeResponse {
  type: 'ntp.response';
  t1: number;
  t2: number;
  t3: number;
  stratum: number;
  rootDistanceMs: number;
  checksum: number;
}

export type ClockSyncMessage = TimeRequest | TimeResponse;


/** Adds the checksum (see protocols/checksum.ts). */
export const seal = <M extends ClockSyncMessage>(body: Unsealed<M, ClockSyncMessage>): M => withChecksum<M>(body);

export { isIntact };
