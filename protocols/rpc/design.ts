export type Semantics = 'at-least-once' | 'at-most-once' | 'exactly-once';

/** The choices that make a design one of the three semantics. */
export interface RpcDesign {
  semantics: Semantics;
  /** The server keeps the at-most-once dedup table. */
  dedup: boolean;
  /** Where the table lives: volatile memory is forgotten on a crash; durable is synced before replying. */
  table: 'volatile' | 'durable';
  /** Transmissions of one call without any sign of life from the server; Infinity retries for ever. */
  maxAttempts: number;
}

export const AT_LEAST_ONCE: RpcDesign = { semantics: 'at-least-once', dedup: false, table: 'volatile', maxAttempts: 6 };
export const AT_MOST_ONCE: RpcDesign = { semantics: 'at-most-once', dedup: true, table: 'durable', maxAttempts: 6 };
export const AT_MOST_ONCE_VOLATILE: RpcDesign = { ...AT_MOST_ONCE, table: 'volatile' };
export const EXACTLY_ONCE: RpcDesign = { semantics: 'exactly-once', dedup: true, table: 'durable', maxAttempts: Infinity };
