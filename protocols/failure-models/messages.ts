import type { NodeContext } from '../../sim/actor.js';
import { isIntact, withChecksum, type Unsealed } from '../checksum.js';

/** A broadcast message, relayed by every process that receives it first. */
export interface RelayMessage {
  type: 'fm.data';
  origin: string;
  seq: number;
  body: string;
  checksum: number;
}

/** "I have (origin, seq)": stops the sender retransmitting it to me (omission level only). */
export interface AckMessage {
  type: 'fm.ack';
  origin: string;
  seq: number;
  checksum: number;
}

export type FailureModelMessage = RelayMessage | AckMessage;


/** Adds the checksum (see protocols/checksum.ts). */
export const seal = <M extends FailureModelMessage>(body: Unsealed<M, FailureModelMessage>): M => withChecksum<M>(body);


export const messageId = (origin: string, seq: number): string => `${origin}#${seq}`;

/** How often a process broadcasts a message of its own, and until when. */
export interface OriginateOptions {
  /** Mean gap between a process's own broadcasts (exponential), in ms. */
  originateMsMean: number;
  originateUntilMs: number;
}

/** Arms the 'originate' timer for the next own broadcast, unless it would fall past the end. */
export function scheduleOriginate(ctx: NodeContext<unknown>, options: OriginateOptions): void {
  const afterMs = ctx.rng.exponential(options.originateMsMean);
  if (ctx.nowMs + afterMs < options.originateUntilMs) ctx.setTimer(afterMs, 'originate');
}

export { isIntact };
