import type { Simulation } from './simulation.js';

/** What a checker sees after each step. Valid only during the call: the object is reused. */
export interface StepInfo {
  /** Handler executions and crash/restart steps, counted from 0. */
  index: number;
  node: string;
  kind: 'init' | 'message' | 'timer' | 'recover' | 'crash';
  /** Trace index of the event that started the step. */
  eventIndex: number;
  /** For 'message': the sender, the message id and the step in which it was sent. */
  from: string;
  msgId: number;
  sentInStep: number;
}

/** A failure found during a run; the scenario layer adds seed, digest and repro. */
export interface Violation {
  kind: 'safety' | 'liveness' | 'crash' | 'nondeterminism' | 'limit';
  checker: string;
  message: string;
  eventIndex: number;
  timeUs: number;
}

/**
 * A checker lives beside the system, never inside it. afterStep runs after every step (keep it
 * cheap and incremental); atEnd runs once when the run completes. Return a message to report a
 * violation, or undefined.
 */
export interface Checker {
  name: string;
  kind?: 'safety' | 'liveness';
  /** afterStep runs only after steps of these nodes (default: every node's). */
  nodes?: readonly string[];
  afterStep?(step: StepInfo, sim: Simulation): string | undefined;
  /** kind 'limit': the check could not be decided (the run left the algorithm's assumptions): inconclusive. */
  atEnd?(sim: Simulation): string | undefined | { kind: 'safety' | 'liveness' | 'limit'; message: string };
}

/** One ctx.output() of a node. */
export interface NodeOutput {
  node: string;
  name: string;
  value: unknown;
  timeUs: number;
  eventIndex: number;
}
